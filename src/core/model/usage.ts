/**
 * Token counts of one answer. `promptTokens` counts every prompt token, cached reads and writes
 * included (OpenAI's `prompt_tokens` meaning; Anthropic's `input_tokens` excludes them, so its
 * codec adds them). `completionTokens` includes reasoning tokens. The detail fields are present
 * when the provider reported them; each has its own price (usage/cost.ts).
 */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** Prompt tokens read from the provider's cache (OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`). */
  cacheReadTokens?: number;
  /** Prompt tokens written to the cache (Anthropic `cache_creation_input_tokens`). */
  cacheWriteTokens?: number;
  /** Completion tokens spent reasoning (OpenAI `reasoning_tokens`). */
  reasoningTokens?: number;
  /** True when the provider reported nothing and Tokenhub estimated the counts. */
  estimated?: boolean;
}

const DETAILS = ['cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const;

/**
 * Two reports of one answer's usage merged: streams report in pieces (Anthropic the prompt in
 * `message_start` and cumulative output in `message_delta`), so the larger figure of each wins.
 */
export function mergeUsage(previous: Usage | undefined, next: Usage): Usage {
  if (!previous) return next;
  const promptTokens = Math.max(previous.promptTokens, next.promptTokens);
  const completionTokens = Math.max(previous.completionTokens, next.completionTokens);
  const merged: Usage = { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
  for (const key of DETAILS) {
    const value = Math.max(previous[key] ?? -1, next[key] ?? -1);
    if (value >= 0) merged[key] = value;
  }
  return merged;
}

/** The sum of two answers' usage (an orchestration's phases); `estimated` when either was. */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    totalTokens: a.totalTokens + b.totalTokens,
  };
  for (const key of DETAILS) {
    if (a[key] !== undefined || b[key] !== undefined) sum[key] = (a[key] ?? 0) + (b[key] ?? 0);
  }
  if (a.estimated || b.estimated) sum.estimated = true;
  return sum;
}

export const ZERO_USAGE: Readonly<Usage> = Object.freeze({ promptTokens: 0, completionTokens: 0, totalTokens: 0 });
