import type { Capability } from '../types';

/** A model in the registry (DESIGN.md "Configuration" `models[]`, camelCased). */
export interface ModelEntry {
  /** Registry id, unique; what `x-tokenhub-model` reports. */
  id: string;
  /** Name of the provider (ProviderConfig.name) that serves it. */
  provider: string;
  /** The model name sent to the provider. */
  name: string;
  weight: number;
  /** Blended cost in USD per 1k tokens; drives the score `weight − costPer1k × 10`. */
  costPer1k: number;
  /** Optional split prices for the ledger; `costPer1k` is used where absent. */
  inputCostPer1k?: number;
  outputCostPer1k?: number;
  /** Context window in tokens (prompt + completion). */
  contextSize: number;
  /** Largest completion the model can produce, when known. */
  maxOutputTokens?: number;
  capabilities: Capability[];
}

/** The selection score of DESIGN.md "Routing". */
export function modelScore(model: ModelEntry): number {
  return model.weight - model.costPer1k * 10;
}
