import type { Capability } from '../model/request';

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
  /** Price of prompt tokens read from the provider's cache; the input price where absent. */
  cacheReadCostPer1k?: number;
  /** Price of prompt tokens written to the provider's cache; the input price where absent. */
  cacheWriteCostPer1k?: number;
  /** Context window in tokens (prompt + completion). */
  contextSize: number;
  /** Largest completion the model can produce, when known. */
  maxOutputTokens?: number;
  /**
   * Length of the vectors an embedding model returns by default. Vectors of different lengths
   * cannot be compared, so embeddings never escalate to a model of another length.
   */
  embeddingDimensions?: number;
  capabilities: Capability[];
}

/** The selection score of DESIGN.md "Routing". */
export function modelScore(model: ModelEntry): number {
  return model.weight - model.costPer1k * 10;
}

/**
 * The blended price per 1k tokens when only split prices are known: 3 input tokens per output
 * token, `(3 × input + output) / 4`. A missing side takes the other's price (an embedding model
 * has only an input price); neither known is 0. Used by the config and the catalogue generator.
 */
export function blendedCost(input: number | undefined, output: number | undefined): number {
  if (input === undefined && output === undefined) return 0;
  const i = input ?? output ?? 0;
  const o = output ?? input ?? 0;
  return (3 * i + o) / 4;
}
