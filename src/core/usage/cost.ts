import type { ModelEntry } from '../registry/model';
import type { Usage } from '../types';

/**
 * Cost in USD of one request: prompt tokens at the input price and completion tokens at the
 * output price, each falling back to the blended `costPer1k` where the model has no split price.
 */
export function usageCost(model: ModelEntry, usage: Pick<Usage, 'promptTokens' | 'completionTokens'>): number {
  const input = model.inputCostPer1k ?? model.costPer1k;
  const output = model.outputCostPer1k ?? model.costPer1k;
  return (usage.promptTokens * input + usage.completionTokens * output) / 1000;
}
