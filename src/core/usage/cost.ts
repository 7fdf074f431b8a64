import type { Usage } from '../model/usage';
import type { ModelEntry } from '../registry/model';

/** The token counts a cost needs; the cache counts are parts of `promptTokens`. */
export type CostedUsage = Pick<Usage, 'promptTokens' | 'completionTokens' | 'cacheReadTokens' | 'cacheWriteTokens'>;

/**
 * Cost in USD of one request. `promptTokens` includes cached reads and writes (model/usage.ts),
 * so each prompt token is priced once, at its own rate:
 *
 *   (prompt − cacheRead − cacheWrite) × input + cacheRead × cacheRead price
 *     + cacheWrite × cacheWrite price + completion × output
 *
 * Fallbacks: input and output take the blended `costPer1k` where the model has no split price;
 * a cache read or write without its own price costs the input price (OpenAI bills no cache
 * writes on most models: they are ordinary input there). A report whose cache counts exceed the
 * prompt (a provider's inconsistency) bills the cached tokens as reported and no uncached ones,
 * never a negative amount. Reasoning tokens are completion tokens and priced with them.
 */
export function usageCost(model: ModelEntry, usage: CostedUsage): number {
  const input = model.inputCostPer1k ?? model.costPer1k;
  const output = model.outputCostPer1k ?? model.costPer1k;
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const uncached = Math.max(0, usage.promptTokens - cacheRead - cacheWrite);
  return (
    (uncached * input +
      cacheRead * (model.cacheReadCostPer1k ?? input) +
      cacheWrite * (model.cacheWriteCostPer1k ?? input) +
      usage.completionTokens * output) /
    1000
  );
}
