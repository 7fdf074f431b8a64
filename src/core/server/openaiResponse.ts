import { randomBytes } from 'node:crypto';
import type { Usage } from '../types';

/** OpenAI's usage object from Tokenhub's. */
export function wireUsage(usage: Usage): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens };
}

/** Random per process, then a counter: unique ids without a random-bytes call per answer. */
const ID_PREFIX = randomBytes(9).toString('base64url');
let idCounter = 0;

/** Tokenhub's id for one answer (`chatcmpl-…`, `cmpl-…`); the OpenAI encoders in formats/openai take it. */
export function responseId(kind: 'chat' | 'completion'): string {
  return `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${ID_PREFIX}${(idCounter++).toString(36)}`;
}
