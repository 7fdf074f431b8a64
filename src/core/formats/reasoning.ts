import type { ReasoningEffort } from '../model/request';

/**
 * Reasoning effort (OpenAI) ↔ thinking budget (Anthropic), the one documented table (README,
 * "Tools, images and reasoning"). Anthropic's budget must be at least 1,024 tokens and below
 * `max_tokens`; the Anthropic codec fits the budget to the request's limit.
 */
export const BUDGET_FOR_EFFORT: Readonly<Record<Exclude<ReasoningEffort, 'none'>, number>> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
};

/** Anthropic's smallest thinking budget. */
export const MIN_THINKING_BUDGET = 1024;

/**
 * The effort for a budget: the smallest whose budget is at or above it, `high` above every entry.
 * Never `minimal` (only some OpenAI models take it; `low` every reasoning model does).
 */
export function effortForBudget(budget: number): 'low' | 'medium' | 'high' {
  if (budget <= BUDGET_FOR_EFFORT.low) return 'low';
  if (budget <= BUDGET_FOR_EFFORT.medium) return 'medium';
  return 'high';
}
