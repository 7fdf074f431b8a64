import { randomBytes } from 'node:crypto';

/** Random per process, then a counter: unique ids without a random-bytes call per answer. */
const ID_PREFIX = randomBytes(9).toString('base64url');
let idCounter = 0;

/** The prefix each kind of answer's id carries in its format (`chatcmpl-…`, `msg_…`, `resp_…`). */
const PREFIXES = { chat: 'chatcmpl-', completion: 'cmpl-', message: 'msg_', response: 'resp_', item: 'item_' } as const;

/** A fresh id for an answer Tokenhub renders itself. */
export function responseId(kind: keyof typeof PREFIXES): string {
  return `${PREFIXES[kind]}${ID_PREFIX}${(idCounter++).toString(36)}`;
}
