import type { Usage } from '../../model/usage';
import { isJsonObject } from '../codec';
import type { WireUsage } from './wire';

/**
 * Responses usage ↔ the model's. `input_tokens` already counts cached reads (as the model's
 * `promptTokens` does) and `output_tokens` reasoning, so the totals map one to one. OpenAI
 * reports every detail, zero when nothing was cached or reasoned; a zero detail is left out of
 * the model (it costs nothing either way) and an absent one is written as zero, so usage
 * survives a round trip in both directions.
 */

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/** A response's `usage`, or undefined when it has none (`null` while in progress). */
export function decodeUsage(value: unknown): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const promptTokens = count(value.input_tokens);
  const completionTokens = count(value.output_tokens);
  if (promptTokens === undefined && completionTokens === undefined) return undefined;
  const usage: Usage = {
    promptTokens: promptTokens ?? 0,
    completionTokens: completionTokens ?? 0,
    totalTokens: count(value.total_tokens) ?? (promptTokens ?? 0) + (completionTokens ?? 0),
  };
  const input = isJsonObject(value.input_tokens_details) ? value.input_tokens_details : {};
  const output = isJsonObject(value.output_tokens_details) ? value.output_tokens_details : {};
  const cacheRead = count(input.cached_tokens);
  const cacheWrite = count(input.cache_write_tokens);
  const reasoning = count(output.reasoning_tokens);
  if (cacheRead) usage.cacheReadTokens = cacheRead;
  if (cacheWrite) usage.cacheWriteTokens = cacheWrite;
  if (reasoning) usage.reasoningTokens = reasoning;
  return usage;
}

/** The model's usage as a response's `usage`, every field present as OpenAI sends it. */
export function encodeUsage(usage: Usage): WireUsage {
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens ?? 0, cache_write_tokens: usage.cacheWriteTokens ?? 0 },
    output_tokens: usage.completionTokens,
    output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
    total_tokens: usage.totalTokens,
  };
}
