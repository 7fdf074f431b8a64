import { CAPABILITIES } from '../model/request';
import type { ProviderConfig } from '../providers/adapter';
import type { ModelEntry } from '../registry/model';
import { blendedCost } from '../registry/model';
import type { Capability } from '../model/request';
import type { ProviderType } from '../providers/adapter';
import type { ConfigChecker } from './checker';
import { join } from './checker';
import { envName } from './sections';

const PROVIDER_TYPES: readonly ProviderType[] = ['openai', 'anthropic', 'vllm'];
const PROVIDER_FIELDS = ['name', 'type', 'base_url', 'api_key_env', 'responses'];
/** Every field of a `models[]` entry (the VS Code setting's schema lists the same; a test holds them in step). */
export const MODEL_FIELDS: readonly string[] = [
  'id', 'provider', 'name', 'weight', 'cost_per_1k', 'input_cost_per_1k', 'output_cost_per_1k',
  'cache_read_cost_per_1k', 'cache_write_cost_per_1k', 'context_size', 'max_output_tokens',
  'embedding_dimensions', 'capabilities',
];
/** Weight is a preference on a 0–100 scale (the score subtracts cost × 10 from it). */
const WEIGHT = { min: 0, max: 100 };
const DEFAULT_WEIGHT = 50;
const DEFAULT_CAPABILITIES: readonly Capability[] = ['chat', 'completion'];

/** `providers[]`: every entry checked; duplicates and bad types listed with their index. */
export function readProviders(check: ConfigChecker, raw: unknown[]): ProviderConfig[] {
  const providers: ProviderConfig[] = [];
  const seen = new Map<string, number>();
  raw.forEach((value, index) => {
    const path = `providers[${index}]`;
    const o = check.object(value, path);
    if (!o) return;
    check.known(o, path, PROVIDER_FIELDS);
    const name = check.string(o, 'name', path, { required: true, nonEmpty: true });
    const type = o.type === undefined ? (check.problem(join(path, 'type'), `one of ${PROVIDER_TYPES.join(', ')}`, undefined), undefined) : check.oneOf(o.type, join(path, 'type'), PROVIDER_TYPES);
    const baseUrl = check.string(o, 'base_url', path);
    const apiKeyEnv = envName(check, o, 'api_key_env', path);
    const responses = o.responses;
    if (responses !== undefined && typeof responses !== 'boolean') check.problem(join(path, 'responses'), 'true or false (whether the server has the Responses API)', responses);
    else if (responses !== undefined && type !== undefined && type !== 'openai') {
      check.warn(join(path, 'responses'), `only "openai" providers speak the Responses API natively; a ${type} provider always gets Responses requests translated`);
    }
    if (name !== undefined) {
      const first = seen.get(name);
      if (first !== undefined) check.problem(join(path, 'name'), `a name not used by another provider (providers[${first}] has it)`, name);
      else seen.set(name, index);
    }
    if (baseUrl !== undefined && !isHttpUrl(baseUrl)) check.problem(join(path, 'base_url'), 'an http(s) URL', baseUrl);
    if (name === undefined || type === undefined) return;
    const provider: ProviderConfig = { name, type };
    if (baseUrl !== undefined && isHttpUrl(baseUrl)) provider.baseUrl = baseUrl;
    if (apiKeyEnv !== undefined) provider.apiKeyEnv = apiKeyEnv;
    if (responses === false && type === 'openai') provider.responses = false;
    providers.push(provider);
  });
  return providers;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * `models[]`. `providerNames` are all provider names the config declares (valid or not), so a
 * model of a provider that was itself invalid is not reported twice, each with how it may be
 * shown (as written when it came from the environment).
 */
export function readModels(check: ConfigChecker, raw: unknown[], providerNames: ReadonlyMap<string, string>): ModelEntry[] {
  const models: ModelEntry[] = [];
  const seen = new Map<string, number>();
  raw.forEach((value, index) => {
    const path = `models[${index}]`;
    const o = check.object(value, path);
    if (!o) return;
    check.known(o, path, MODEL_FIELDS);
    const id = check.string(o, 'id', path, { required: true, nonEmpty: true });
    const provider = check.string(o, 'provider', path, { required: true, nonEmpty: true });
    const name = check.string(o, 'name', path, { required: true, nonEmpty: true });
    const weight = check.number(o, 'weight', path, WEIGHT);
    const price = { min: 0 };
    const costPer1k = check.number(o, 'cost_per_1k', path, price);
    const inputCostPer1k = check.number(o, 'input_cost_per_1k', path, price);
    const outputCostPer1k = check.number(o, 'output_cost_per_1k', path, price);
    const cacheReadCostPer1k = check.number(o, 'cache_read_cost_per_1k', path, price);
    const cacheWriteCostPer1k = check.number(o, 'cache_write_cost_per_1k', path, price);
    const contextSize = check.number(o, 'context_size', path, { required: true, integer: true, min: 0, minExclusive: true });
    const maxOutputTokens = check.number(o, 'max_output_tokens', path, { integer: true, min: 0, minExclusive: true });
    const embeddingDimensions = check.number(o, 'embedding_dimensions', path, { integer: true, min: 0, minExclusive: true });
    const capabilities = readCapabilities(check, o.capabilities, join(path, 'capabilities'));
    if (embeddingDimensions !== undefined && capabilities && !capabilities.includes('embedding')) {
      check.warn(join(path, 'embedding_dimensions'), 'only embedding models have dimensions; add "embedding" to capabilities or remove it');
    }
    if (id !== undefined) {
      const first = seen.get(id);
      if (first !== undefined) check.problem(join(path, 'id'), `an id not used by another model (models[${first}] has it)`, id);
      else seen.set(id, index);
    }
    if (provider !== undefined && !providerNames.has(provider)) {
      const known = [...providerNames.values()].join(', ') || 'none';
      check.problem(join(path, 'provider'), `the name of a configured provider (${known})`, provider);
    }
    if (contextSize !== undefined && maxOutputTokens !== undefined && maxOutputTokens > contextSize) {
      const at = join(path, 'context_size');
      const size = check.fromEnv(at) ? `(${check.shown(at, contextSize)})` : String(contextSize);
      check.problem(join(path, 'max_output_tokens'), `at most the context size ${size}`, maxOutputTokens);
    }
    if (id === undefined || provider === undefined || name === undefined || contextSize === undefined || !capabilities) return;
    const model: ModelEntry = {
      id,
      provider,
      name,
      weight: weight ?? DEFAULT_WEIGHT,
      costPer1k: costPer1k ?? blendedCost(inputCostPer1k, outputCostPer1k),
      contextSize,
      capabilities,
    };
    if (inputCostPer1k !== undefined) model.inputCostPer1k = inputCostPer1k;
    if (outputCostPer1k !== undefined) model.outputCostPer1k = outputCostPer1k;
    if (cacheReadCostPer1k !== undefined) model.cacheReadCostPer1k = cacheReadCostPer1k;
    if (cacheWriteCostPer1k !== undefined) model.cacheWriteCostPer1k = cacheWriteCostPer1k;
    if (embeddingDimensions !== undefined) model.embeddingDimensions = embeddingDimensions;
    if (maxOutputTokens !== undefined) model.maxOutputTokens = maxOutputTokens;
    models.push(model);
  });
  return models;
}

function readCapabilities(check: ConfigChecker, raw: unknown, path: string): Capability[] | undefined {
  if (raw === undefined || raw === null) return [...DEFAULT_CAPABILITIES];
  if (!Array.isArray(raw)) {
    check.problem(path, `an array of ${CAPABILITIES.join(', ')}`, raw);
    return undefined;
  }
  const out: Capability[] = [];
  let ok = true;
  raw.forEach((value, index) => {
    const capability = check.oneOf(value, join(path, index), CAPABILITIES);
    if (capability === undefined) ok = false;
    else if (out.includes(capability)) check.warn(join(path, index), `${check.shown(join(path, index), capability)} is listed twice`);
    else out.push(capability);
  });
  return ok ? out : undefined;
}
