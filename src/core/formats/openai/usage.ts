import type { FinishReason } from '../../model/events';
import type { Usage } from '../../model/usage';
import { isJsonObject, own } from '../codec';
import type { OpenAIUsage } from './wire';

/** OpenAI's finish reasons (and compatible servers' variants) → the model's; unknown ones are null. */
export const FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  eos: 'stop', // TGI
  eos_token: 'stop',
  max_tokens: 'length',
};

/** A wire finish reason through the table; null for anything it does not hold. */
export function finishReason(reason: unknown): FinishReason | null {
  return typeof reason === 'string' ? (own(FINISH_REASONS, reason) ?? null) : null;
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/** The wire usage object → the model's, with the cached, cache-write and reasoning details when given. */
export function decodeUsage(value: unknown): Usage | undefined {
  if (!isJsonObject(value)) return undefined;
  const prompt = count(value.prompt_tokens);
  const completion = count(value.completion_tokens);
  if (prompt === undefined || completion === undefined) return undefined;
  const usage: Usage = { promptTokens: prompt, completionTokens: completion, totalTokens: count(value.total_tokens) ?? prompt + completion };
  const promptDetails = value.prompt_tokens_details;
  if (isJsonObject(promptDetails)) {
    const cached = count(promptDetails.cached_tokens);
    if (cached !== undefined) usage.cacheReadTokens = cached;
    const written = count(promptDetails.cache_write_tokens);
    if (written !== undefined) usage.cacheWriteTokens = written;
  }
  const completionDetails = value.completion_tokens_details;
  if (isJsonObject(completionDetails)) {
    const reasoning = count(completionDetails.reasoning_tokens);
    if (reasoning !== undefined) usage.reasoningTokens = reasoning;
  }
  return usage;
}

/** The model's usage → the wire object; details only when known (OpenAI's counts include them). */
export function encodeUsage(usage: Usage): OpenAIUsage {
  const out: OpenAIUsage = { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens, total_tokens: usage.totalTokens };
  if (usage.cacheReadTokens !== undefined || usage.cacheWriteTokens !== undefined) {
    out.prompt_tokens_details = {
      ...(usage.cacheReadTokens !== undefined && { cached_tokens: usage.cacheReadTokens }),
      ...(usage.cacheWriteTokens !== undefined && { cache_write_tokens: usage.cacheWriteTokens }),
    };
  }
  if (usage.reasoningTokens !== undefined) out.completion_tokens_details = { reasoning_tokens: usage.reasoningTokens };
  return out;
}
