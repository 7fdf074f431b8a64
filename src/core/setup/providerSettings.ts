import type { JsonObject } from '../model/content';
import type { ProviderConfig } from '../providers/adapter';
import { catalogueModels } from '../registry/catalogue';
import type { ModelEntry } from '../registry/model';
import type { ModelChoice } from './modelChoices';
import { choiceEntry } from './modelChoices';

/**
 * What Add Provider writes into the `tokenhub.providers` and `tokenhub.models` settings, decided
 * here so that adding a provider never changes what the others serve. Empty settings mean defaults
 * (the providers with keys, the catalogue's models); a non-empty `tokenhub.models` replaces the
 * catalogue for every provider, so the first models written for a provider the catalogue does not
 * cover (a vLLM server) carry the others' catalogue models along.
 */

/** The two settings as they are now: raw, as the user wrote them (unvalidated here). */
export interface ProviderSettings {
  readonly providers: readonly unknown[];
  readonly models: readonly unknown[];
}

/** What is in effect now (the parsed config), which the defaults stand for when a setting is empty. */
export interface EffectiveRegistry {
  readonly providers: readonly ProviderConfig[];
  readonly models: readonly ModelEntry[];
}

/** The new values: `models` undefined leaves the setting as it is (the catalogue already serves the picks). */
export interface ProviderSettingsPlan {
  readonly providers: JsonObject[];
  readonly models: JsonObject[] | undefined;
  /** True when a provider of the same name was there and is replaced. */
  readonly replaced: boolean;
}

/**
 * The settings after adding `provider` with the models `picked` (see `modelChoices`). A provider
 * of the same name is replaced, with its models.
 */
export function planProviderSettings(
  current: ProviderSettings,
  effective: EffectiveRegistry,
  provider: ProviderConfig,
  picked: readonly ModelChoice[],
): ProviderSettingsPlan {
  const rawProviders = current.providers.length > 0 ? [...current.providers] : effective.providers.map(providerSetting);
  const replaced = rawProviders.some((p) => nameOf(p) === provider.name);
  const providers = [...rawProviders.filter((p) => nameOf(p) !== provider.name), providerSetting(provider)] as JsonObject[];

  if (current.models.length > 0) {
    const kept = current.models.filter((m) => providerOf(m) !== provider.name) as JsonObject[];
    const taken = new Set(kept.map((m) => (typeof m.id === 'string' ? m.id : '')));
    return { providers, models: [...kept, ...entries(picked, provider.name, taken).map(modelSetting)], replaced };
  }

  const others = effective.models.filter((m) => m.provider !== provider.name);
  const taken = new Set(others.map((m) => m.id));
  const wanted = [...others, ...entries(picked, provider.name, taken)];
  // The catalogue of the new provider list gives the same registry: the setting can stay empty.
  // (Its embedding models come along unpicked: chat never routes to them, and /v1/embeddings can use them.)
  const configs = providers.map((p) => ({ name: String(p.name), type: p.type as ProviderConfig['type'] }));
  const names = new Set(picked.map((c) => c.name));
  const served = catalogueModels(configs).filter((m) => m.provider !== provider.name || m.capabilities.includes('chat') || names.has(m.name));
  if (sameRegistry(served, wanted)) return { providers, models: undefined, replaced };
  return { providers, models: wanted.map(modelSetting), replaced };
}

/** Registry ids for the picks: the model name, else `provider/name` when another model has it. */
function entries(picked: readonly ModelChoice[], provider: string, taken: Set<string>): ModelEntry[] {
  return picked.map((choice) => {
    const id = taken.has(choice.name) ? `${provider}/${choice.name}` : choice.name;
    taken.add(id);
    return choiceEntry(choice, provider, id);
  });
}

function sameRegistry(a: readonly ModelEntry[], b: readonly ModelEntry[]): boolean {
  const key = (m: ModelEntry) => `${m.id}\u0000${m.provider}\u0000${m.name}`;
  const left = new Set(a.map(key));
  return a.length === b.length && b.every((m) => left.has(key(m)));
}

const nameOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as { name?: unknown }).name : undefined);
const providerOf = (value: unknown): unknown => (typeof value === 'object' && value !== null ? (value as { provider?: unknown }).provider : undefined);

/** A provider in the settings' (config file's) shape. */
export function providerSetting(provider: ProviderConfig): JsonObject {
  return {
    name: provider.name,
    type: provider.type,
    ...(provider.baseUrl !== undefined ? { base_url: provider.baseUrl } : {}),
    ...(provider.apiKeyEnv !== undefined ? { api_key_env: provider.apiKeyEnv } : {}),
  };
}

/** A registry entry in the settings' (config file's) shape. */
export function modelSetting(model: ModelEntry): JsonObject {
  const out: JsonObject = { id: model.id, provider: model.provider, name: model.name, weight: model.weight, cost_per_1k: model.costPer1k };
  if (model.inputCostPer1k !== undefined) out.input_cost_per_1k = model.inputCostPer1k;
  if (model.outputCostPer1k !== undefined) out.output_cost_per_1k = model.outputCostPer1k;
  if (model.cacheReadCostPer1k !== undefined) out.cache_read_cost_per_1k = model.cacheReadCostPer1k;
  if (model.cacheWriteCostPer1k !== undefined) out.cache_write_cost_per_1k = model.cacheWriteCostPer1k;
  out.context_size = model.contextSize;
  if (model.maxOutputTokens !== undefined) out.max_output_tokens = model.maxOutputTokens;
  if (model.embeddingDimensions !== undefined) out.embedding_dimensions = model.embeddingDimensions;
  out.capabilities = [...model.capabilities];
  return out;
}
