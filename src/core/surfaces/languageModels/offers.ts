import type { ModelEntry } from '../../registry/model';
import type { ProviderState } from '../../router/health';

/**
 * The models Tokenhub offers to VS Code's Language Model API (Copilot Chat's picker and every
 * extension that calls `vscode.lm`): "Tokenhub: Auto" and the registry's chat models whose
 * provider can be used, each with the metadata VS Code shows and budgets prompts by. Pure: the
 * registry's ranking and the providers' states in, the list out.
 */

/** The id of "Tokenhub: Auto", the router's own choice (as `model: "auto"` on the local API). */
export const AUTO_MODEL_ID = 'auto';

/** The name VS Code shows for Auto. */
export const AUTO_MODEL_NAME = 'Tokenhub: Auto';

/**
 * Completion tokens assumed for a model whose registry entry does not say (the Anthropic codec's
 * own default `max_tokens`): VS Code needs a number, and the prompt budget is what is left.
 */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** The `tokenhub.languageModels.offered` setting: every usable model, or these registry ids. */
export type OfferedModels = 'all' | readonly string[];

/** One model as VS Code's `LanguageModelChatInformation` describes it, and how to route it. */
export interface LanguageModelOffer {
  /** Unique within the vendor: `auto` or the registry id. */
  id: string;
  name: string;
  /** For selectors (`selectChatModels({ family })`): `auto`, or the provider's model name without a date suffix. */
  family: string;
  version: string;
  /** Shown beside the name: the provider, or how many models Auto picks among. */
  detail: string;
  /** Provider, price and context. */
  tooltip: string;
  /** The prompt budget: the context less `maxOutputTokens`. */
  maxInputTokens: number;
  maxOutputTokens: number;
  toolCalling: boolean;
  imageInput: boolean;
  /**
   * What to ask the router: Auto lets it choose and escalate; a model picked by name is that
   * model only (Auto is the entry for "whichever works").
   */
  route: { model: string; escalate: boolean };
  /** The model whose tokenizer counts this entry's prompts (for Auto: the one it would try first). */
  counter: ModelEntry;
}

/** The offered list, and the setting's ids that name no chat model of the registry. */
export interface OfferList {
  offers: LanguageModelOffer[];
  unknown: string[];
}

/**
 * Whether a provider in this state is offered: a provider without a key, or whose key was
 * refused (disabled until the key changes), cannot answer; one cooling down after a failure
 * comes back by itself, so its models stay listed rather than flicker in and out of the picker.
 */
export function isOffered(state: ProviderState | undefined): boolean {
  return state === 'ready' || state === 'cooling_down';
}

/**
 * The offers: Auto first (when any model can be used), then the registry's chat models in rank
 * order, or in the setting's order when it lists ids. Auto routes over every usable model, listed
 * or not, so its limits and capabilities are the widest among them: the router sends tools and
 * images only to models that take them.
 */
export function languageModelOffers(ranked: readonly ModelEntry[], states: ReadonlyMap<string, ProviderState>, offered: OfferedModels): OfferList {
  const chat = ranked.filter((model) => model.capabilities.includes('chat'));
  const usable = chat.filter((model) => isOffered(states.get(model.provider)));
  let unknown: string[] = [];
  let listed: readonly ModelEntry[] = usable;
  if (offered !== 'all') {
    const ids = [...new Set(offered)];
    unknown = ids.filter((id) => !chat.some((model) => model.id === id));
    listed = ids.map((id) => usable.find((model) => model.id === id)).filter((model): model is ModelEntry => model !== undefined);
  }
  const first = usable[0];
  if (!first) return { offers: [], unknown };
  return { offers: [autoOffer(usable, first), ...listed.map(modelOffer)], unknown };
}

/** The offer with this id, from a list. */
export function findOffer(list: OfferList, id: string): LanguageModelOffer | undefined {
  return list.offers.find((offer) => offer.id === id);
}

/** A model's completion limit as offered: the registry's, else the default, never above its context. */
export function offeredOutputTokens(model: ModelEntry): number {
  return Math.min(model.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS, model.contextSize);
}

/** A model's prompt budget: what its context leaves beside the completion (at least 1). */
export function offeredInputTokens(model: ModelEntry): number {
  return Math.max(1, model.contextSize - offeredOutputTokens(model));
}

/**
 * A family name for selectors: the provider's model name without an OpenRouter-style prefix or
 * a date suffix (`claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`, `gpt-4o-2024-08-06` → `gpt-4o`).
 */
export function modelFamily(name: string): string {
  const slash = name.lastIndexOf('/');
  const base = slash >= 0 ? name.slice(slash + 1) : name;
  const family = base.replace(/-(\d{8}|\d{4}-\d{2}-\d{2})$/, '');
  return family === '' ? name : family;
}

function modelOffer(model: ModelEntry): LanguageModelOffer {
  const maxOutputTokens = offeredOutputTokens(model);
  const maxInputTokens = offeredInputTokens(model);
  const tooltip = [
    `${model.name} from ${model.provider}`,
    `${tokens(model.contextSize)}-token context, up to ${tokens(maxOutputTokens)} out`,
    price(model),
    capabilityNote(model),
  ].join(' · ');
  return {
    id: model.id,
    name: model.id,
    family: modelFamily(model.name),
    version: model.name,
    detail: model.provider,
    tooltip,
    maxInputTokens,
    maxOutputTokens,
    toolCalling: model.capabilities.includes('tools'),
    imageInput: model.capabilities.includes('vision'),
    route: { model: model.id, escalate: false },
    counter: model,
  };
}

function autoOffer(usable: readonly ModelEntry[], first: ModelEntry): LanguageModelOffer {
  const widest = usable.reduce((best, model) => (offeredInputTokens(model) > offeredInputTokens(best) ? model : best), first);
  const providers = [...new Set(usable.map((model) => model.provider))];
  const tooltip = [
    `The router picks among ${usable.length} model${usable.length === 1 ? '' : 's'} of ${providers.join(', ')} (first ${first.id}) and escalates past failures and prompts that do not fit`,
    `up to ${tokens(widest.contextSize)}-token context (${widest.id})`,
    'tools and images go only to models that take them',
  ].join(' · ');
  return {
    id: AUTO_MODEL_ID,
    name: AUTO_MODEL_NAME,
    family: AUTO_MODEL_ID,
    version: AUTO_MODEL_ID,
    detail: `${usable.length} model${usable.length === 1 ? '' : 's'}`,
    tooltip,
    maxInputTokens: offeredInputTokens(widest),
    maxOutputTokens: Math.max(...usable.map(offeredOutputTokens)),
    toolCalling: usable.some((model) => model.capabilities.includes('tools')),
    imageInput: usable.some((model) => model.capabilities.includes('vision')),
    route: { model: AUTO_MODEL_ID, escalate: true },
    counter: first,
  };
}

function tokens(count: number): string {
  return count.toLocaleString('en-US');
}

/** Prices per million tokens, as providers quote them. */
function price(model: ModelEntry): string {
  const perMillion = (per1k: number) => `$${(per1k * 1000).toFixed(2)}`;
  if (model.inputCostPer1k !== undefined || model.outputCostPer1k !== undefined) {
    const input = model.inputCostPer1k ?? model.costPer1k;
    const output = model.outputCostPer1k ?? model.costPer1k;
    return `${perMillion(input)} in / ${perMillion(output)} out per million tokens`;
  }
  if (model.costPer1k === 0) return 'no price configured';
  return `${perMillion(model.costPer1k)} per million tokens`;
}

function capabilityNote(model: ModelEntry): string {
  const taken = [model.capabilities.includes('tools') && 'tools', model.capabilities.includes('vision') && 'images', model.capabilities.includes('reasoning') && 'reasoning'].filter(Boolean);
  return taken.length > 0 ? `takes ${taken.join(', ')}` : 'text only';
}
