import type { FieldPolicy } from '../model/fields';
import type { ProviderConfig } from '../providers/adapter';
import { DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RESPONSE_BYTES } from '../providers/common/limits';
import type { ModelEntry } from '../registry/model';

/** Environment variables, as `process.env` holds them; passed in so the core never reads globals. */
export type Env = Readonly<Record<string, string | undefined>>;

/** The `server` section: the local OpenAI-compatible API. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Name of the variable holding the bearer token (the CLI makes one when it is unset). */
  apiTokenEnv: string;
  /** Largest request body accepted; larger ones get 413. */
  maxBodyBytes: number;
  /** Bytes of request bodies held at once, all requests together; past it 503 with retry-after. */
  maxInflightBodyBytes: number;
  /** Browser origins allowed to call the API (exact `scheme://host[:port]`, or `vscode-webview://*` for any VS Code webview). */
  allowedOrigins: string[];
}

/** The `vault` section. */
export interface VaultConfig {
  /** Name of the variable holding the CLI's master key. */
  encryptionKeyEnv: string;
  /** Vault-sealed keys by provider name (opaque sealed records). */
  storedKeys: Record<string, string>;
}

/** The `routing` section: escalation and per-attempt timeouts (DESIGN.md "Configuration"). */
export interface RoutingConfig {
  maxAttempts: number;
  requestTimeoutMs: number;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  cooldownMs: number;
  /** Most bytes of one upstream answer (a whole body, or all of a stream); more fails the attempt. */
  maxResponseBytes: number;
  /** Most characters of one line or event of an upstream stream; more fails the attempt. */
  maxEventBytes: number;
}

/** A whole, validated configuration, `${ENV}` expanded and camelCased. */
export interface TokenhubConfig {
  server: ServerConfig;
  vault: VaultConfig;
  routing: RoutingConfig;
  providers: ProviderConfig[];
  models: ModelEntry[];
  /** `model_aliases`: client model names (globs allowed) → a registry id or `auto`, in config order. */
  modelAliases: Record<string, string>;
  /** `field_policy`: per field name, `drop` or `refuse` instead of the default (README's table). */
  fieldPolicy: FieldPolicy;
}

/** One thing wrong with a config, at its JSON path (`providers[1].type`). */
export interface ConfigProblem {
  path: string;
  expected: string;
  found: string;
}

/** Something suspicious but harmless (an unknown field, a dropped duplicate). */
export interface ConfigWarning {
  path: string;
  message: string;
}

/** What parsing returns: the config, and the warnings to show. */
export interface ParsedConfig {
  config: TokenhubConfig;
  warnings: ConfigWarning[];
}

/** Options of `parseConfig`/`loadConfigFile`. */
export interface ParseOptions {
  /** Providers with a key in the vault (VS Code keeps them outside the config). */
  storedKeyNames?: readonly string[];
}

export const DEFAULT_SERVER: Readonly<ServerConfig> = {
  host: '127.0.0.1',
  port: 8080,
  apiTokenEnv: 'TOKENHUB_API_TOKEN',
  maxBodyBytes: 32 * 1024 * 1024,
  maxInflightBodyBytes: 4 * 32 * 1024 * 1024,
  allowedOrigins: [],
};

export const DEFAULT_VAULT: Readonly<VaultConfig> = { encryptionKeyEnv: 'TOKENHUB_ENCRYPTION_KEY', storedKeys: {} };

export const DEFAULT_ROUTING: Readonly<RoutingConfig> = {
  maxAttempts: 4,
  requestTimeoutMs: 120_000,
  firstTokenTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  cooldownMs: 30_000,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  maxEventBytes: DEFAULT_MAX_EVENT_BYTES,
};
