import type { ProviderConfig } from '../providers/adapter';
import { catalogueModels } from '../registry/catalogue';
import { ConfigChecker } from './checker';
import { readModels, readProviders } from './entries';
import { ConfigError } from './errors';
import { readFieldPolicy, readModelAliases } from './routingTables';
import { readRouting, readServer, readVault } from './sections';
import type { Env, ParseOptions, ParsedConfig, TokenhubConfig } from './types';
import { DEFAULT_ROUTING, DEFAULT_SERVER, DEFAULT_VAULT } from './types';

const TOP_LEVEL = ['$schema', 'server', 'vault', 'routing', 'providers', 'models', 'model_aliases', 'field_policy'];

/** The providers Tokenhub knows how to reach with nothing but a key. */
const WELL_KNOWN: readonly ProviderConfig[] = [
  { name: 'openai', type: 'openai', apiKeyEnv: 'OPENAI_API_KEY' },
  { name: 'anthropic', type: 'anthropic', apiKeyEnv: 'ANTHROPIC_API_KEY' },
];

/**
 * Validates a config (DESIGN.md "Configuration", the JSON shape) and returns it typed and
 * camelCased, with `${ENV}` expanded from `env`. Everything is checked before anything is
 * returned: when anything is wrong, a `ConfigError` lists every problem, and nothing is applied.
 * Unknown fields are warnings. With no providers, those whose keys are in `env` or the vault are
 * used; with no models, the built-in catalogue's models of the providers.
 *
 * `${VAR}` policy: an unset variable is a problem, except in fields that only say where a key is
 * (`api_key_env`, `api_token_env`, `encryption_key_env`, `vault.stored_keys.*`). A missing key is
 * a normal state there (a vLLM server needs none, the CLI makes an API token, VS Code keeps keys
 * in SecretStorage), so the field is treated as absent, with a warning.
 */
export function parseConfig(raw: unknown, env: Env, options: ParseOptions = {}): ParsedConfig {
  const check = new ConfigChecker(env);
  const root = check.object(raw, '');
  if (!root) throw new ConfigError(check.problems);
  check.known(root, '', TOP_LEVEL);
  const server = readServer(check, root.server);
  const vault = readVault(check, root.vault);
  const routing = readRouting(check, root.routing);
  const rawProviders = check.array(root, 'providers', '');
  const rawModels = check.array(root, 'models', '');

  let providers: ProviderConfig[];
  if (rawProviders && rawProviders.length > 0) providers = readProviders(check, rawProviders);
  else {
    const stored = [...(options.storedKeyNames ?? []), ...Object.keys(vault.storedKeys)];
    providers = defaultProviders(env, stored);
  }
  // Every declared name (valid provider or not), shown as written: one from `${VAR}` may be a secret.
  const declared = new Map(providers.map((p) => [p.name, p.name]));
  for (const entry of rawProviders ?? []) {
    const name = (entry as { name?: unknown } | null)?.name;
    if (typeof name === 'string') declared.set(check.resolve(name) ?? name, name);
  }
  const models = rawModels && rawModels.length > 0 ? readModels(check, rawModels, declared) : catalogueModels(providers);
  const modelAliases = readModelAliases(check, root.model_aliases, new Set(models.map((m) => m.id)));
  const fieldPolicy = readFieldPolicy(check, root.field_policy);

  if (rawProviders && rawProviders.length > 0) {
    for (const name of Object.keys(vault.storedKeys)) {
      if (!declared.has(name)) check.warn(`vault.stored_keys.${name}`, `no provider is named "${name}"; this key is unused`);
    }
  }
  if (check.problems.length > 0) throw new ConfigError(check.problems);
  return { config: { server, vault, routing, providers, models, modelAliases, fieldPolicy }, warnings: check.warnings };
}

/** The providers Tokenhub knows how to reach with nothing but a key (copies), present or not. */
export function wellKnownProviders(): ProviderConfig[] {
  return WELL_KNOWN.map((p) => ({ ...p }));
}

/**
 * The providers whose keys are present: a non-empty OPENAI_API_KEY / ANTHROPIC_API_KEY in `env`,
 * or a key stored in the vault under the provider's name.
 */
export function defaultProviders(env: Env, storedKeyNames: readonly string[] = []): ProviderConfig[] {
  return WELL_KNOWN.filter((p) => (p.apiKeyEnv !== undefined && !!env[p.apiKeyEnv]) || storedKeyNames.includes(p.name)).map((p) => ({
    ...p,
  }));
}

/** The built-in default, used without a config file: defaults, present providers, catalogue models. */
export function defaultConfig(env: Env, storedKeyNames: readonly string[] = []): TokenhubConfig {
  const providers = defaultProviders(env, storedKeyNames);
  return {
    server: { ...DEFAULT_SERVER, allowedOrigins: [] },
    vault: { ...DEFAULT_VAULT, storedKeys: {} },
    routing: { ...DEFAULT_ROUTING },
    providers,
    models: catalogueModels(providers),
    modelAliases: {},
    fieldPolicy: {},
  };
}
