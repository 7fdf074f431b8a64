import { isJsonObject } from '../formats/codec';
import type { JsonObject } from '../model/content';

/**
 * A Responses request's input as it can be sent on (to OpenAI natively, or decoded for another
 * provider). Item ids are identity at OpenAI, and OpenAI refuses the ones it did not keep ("Item
 * with id … not found. Items are not persisted when `store` is set to false"): ids Tokenhub made
 * up for answers it translated (`msg_…_0`, `fc_…_1`), and every id under `store: false`. So:
 * - messages, function calls and their outputs lose their `id` (their content is all there, the
 *   id adds nothing);
 * - reasoning with encrypted content keeps it and its id, but loses the id under `store: false`
 *   (the content verifies by itself, as Codex sends it);
 * - reasoning without encrypted content is only a reference to reasoning kept at OpenAI: kept
 *   when it may be one (an OpenAI id, `store` not false), else left out (Tokenhub's reasoning
 *   memory restores another vendor's signed reasoning where a turn needs it back).
 * Items of any other type pass as they are. The list and its items are copied where changed,
 * never mutated.
 */

/** Ids Tokenhub gives output items (`outputItemId`): a prefix, the response's id, `_` and a position. */
const OWN_ID = /^(?:msg|fc|rs)_[A-Za-z0-9_-]+_\d+$/;

const STRIPPED = new Set(['message', 'function_call', 'function_call_output']);

/** The items as they can be sent on; `changed` is false when nothing had to change. */
export function replayable(items: readonly unknown[], store: boolean): { items: unknown[]; changed: boolean } {
  let changed = false;
  const out: unknown[] = [];
  for (const item of items) {
    const kept = replayableItem(item, store);
    if (kept !== item) changed = true;
    if (kept !== undefined) out.push(kept);
  }
  return { items: changed ? out : [...items], changed };
}

function replayableItem(item: unknown, store: boolean): unknown {
  if (!isJsonObject(item)) return item;
  const type = item.type ?? 'message';
  const id = item.id;
  if (typeof type !== 'string') return item;
  if (STRIPPED.has(type)) return id === undefined ? item : withoutId(item);
  if (type !== 'reasoning') return item;
  const encrypted = typeof item.encrypted_content === 'string' && item.encrypted_content !== '';
  if (encrypted) return store || id === undefined ? item : withoutId(item);
  const reference = store && typeof id === 'string' && id !== '' && !OWN_ID.test(id);
  return reference ? item : undefined;
}

function withoutId(item: JsonObject): JsonObject {
  const { id: _id, ...rest } = item;
  return rest;
}

/** A request's own `input` as items: a string is one user message; anything else as it is. */
export function inputItems(input: unknown): unknown[] | undefined {
  if (input === undefined || input === null) return [];
  if (typeof input === 'string') return input === '' ? [] : [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? input : undefined;
}
