import type { ProviderType } from '../providers/adapter';
import type { ListedModel } from '../providers/modelListing';
import { CATALOGUE } from '../registry/catalogue';
import type { CatalogueModel } from '../registry/catalogue';
import { catalogueEntry } from '../registry/catalogue';
import type { ModelEntry } from '../registry/model';

/**
 * Which models Add Provider offers for a new provider: the provider's own list when it gave one
 * (each matched to the built-in catalogue, which knows context sizes, prices and capabilities),
 * else the catalogue's models of its type. Chat models the catalogue knows are picked by default;
 * models only the provider knows are offered unpicked, with the context size they would get.
 */

/** One model to offer. */
export interface ModelChoice {
  /** The provider's model name (sent as `model`). */
  readonly name: string;
  /** The catalogue's entry when it knows the model (a dated name matches its undated entry). */
  readonly catalogued?: CatalogueModel;
  /** The context size it gets: the catalogue's, the provider's own, else {@link ASSUMED_CONTEXT}. */
  readonly contextSize: number;
  /** True when the context size is a guess the user may want to correct in the settings. */
  readonly contextAssumed: boolean;
  /** Picked by default. */
  readonly recommended: boolean;
  /** Can chat (false for the catalogue's embedding models). */
  readonly chat: boolean;
}

/** The context size given to a listed model that nothing else describes (small on purpose: a too-large size makes the router send prompts that fail). */
export const ASSUMED_CONTEXT = 8192;

/** The choices for a provider of `type`; `listed` undefined when the provider gave no list. */
export function modelChoices(type: ProviderType, listed: readonly ListedModel[] | undefined): ModelChoice[] {
  const catalogue = CATALOGUE.filter((m) => m.provider_type === type);
  if (listed === undefined) {
    return catalogue.map((m) => ({ name: m.name, catalogued: m, contextSize: m.context_size, contextAssumed: false, recommended: m.capabilities.includes('chat'), chat: m.capabilities.includes('chat') }));
  }
  const names = new Set(listed.map((m) => m.id));
  const seen = new Set<string>();
  const choices: ModelChoice[] = [];
  for (const model of listed) {
    if (seen.has(model.id)) continue;
    seen.add(model.id);
    const catalogued = matchCatalogue(catalogue, model.id);
    const chat = catalogued ? catalogued.capabilities.includes('chat') : true;
    // A dated snapshot is recommended only when the provider does not also list the undated name.
    const recommended = catalogued !== undefined && chat && (catalogued.name === model.id || !names.has(catalogued.name)) && !choices.some((c) => c.recommended && c.catalogued === catalogued);
    const contextSize = catalogued?.context_size ?? model.contextSize ?? ASSUMED_CONTEXT;
    choices.push({ name: model.id, ...(catalogued ? { catalogued } : {}), contextSize, contextAssumed: !catalogued && model.contextSize === undefined, recommended, chat });
  }
  return choices;
}

/** `claude-haiku-4-5-20251001` and `gpt-5.2-2025-12-11` are snapshots of their undated names. */
function matchCatalogue(catalogue: readonly CatalogueModel[], id: string): CatalogueModel | undefined {
  const exact = catalogue.find((m) => m.name === id);
  if (exact) return exact;
  const undated = /^(.*?)-(?:\d{8}|\d{4}-\d{2}-\d{2})$/.exec(id)?.[1];
  return undated === undefined ? undefined : catalogue.find((m) => m.name === undated);
}

/**
 * The registry entry for a picked model of `provider`, with the id `id`: the catalogue's figures
 * when it knows the model, else weight 50, no price, chat and completion.
 */
export function choiceEntry(choice: ModelChoice, provider: string, id: string): ModelEntry {
  if (choice.catalogued) return { ...catalogueEntry(id, provider, choice.catalogued), name: choice.name };
  return { id, provider, name: choice.name, weight: 50, costPer1k: 0, contextSize: choice.contextSize, capabilities: ['chat', 'completion'] };
}
