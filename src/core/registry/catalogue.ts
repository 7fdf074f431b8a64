import type { ProviderConfig } from '../providers/adapter';
import type { Capability, ProviderType } from '../types';
import data from './catalogue.json';
import type { ModelEntry } from './model';

/** One model of the built-in catalogue (catalogue.json, snake_case as stored). */
export interface CatalogueModel {
  provider_type: ProviderType;
  name: string;
  weight: number;
  context_size: number;
  max_output_tokens: number;
  input_cost_per_1k: number;
  output_cost_per_1k: number;
  cost_per_1k: number;
  capabilities: Capability[];
}

/** The catalogue's date: its prices are list prices as known then. */
export const CATALOGUE_AS_OF: string = data.as_of;

/** Every catalogued model. */
export const CATALOGUE: readonly CatalogueModel[] = data.models as CatalogueModel[];

/**
 * The catalogue's models for each provider, as registry entries. The registry id is the model
 * name when only one provider serves it, else `provider/name`, so two OpenAI-type providers (a
 * personal and a work account, say) can both list `gpt-4o` without a clash.
 */
export function catalogueModels(providers: readonly ProviderConfig[]): ModelEntry[] {
  const servedBy = new Map<string, number>();
  const picked: { provider: ProviderConfig; model: CatalogueModel }[] = [];
  for (const provider of providers) {
    for (const model of CATALOGUE) {
      if (model.provider_type !== provider.type) continue;
      picked.push({ provider, model });
      servedBy.set(model.name, (servedBy.get(model.name) ?? 0) + 1);
    }
  }
  return picked.map(({ provider, model }) => ({
    id: (servedBy.get(model.name) ?? 0) > 1 ? `${provider.name}/${model.name}` : model.name,
    provider: provider.name,
    name: model.name,
    weight: model.weight,
    costPer1k: model.cost_per_1k,
    inputCostPer1k: model.input_cost_per_1k,
    outputCostPer1k: model.output_cost_per_1k,
    contextSize: model.context_size,
    maxOutputTokens: model.max_output_tokens,
    capabilities: [...model.capabilities],
  }));
}
