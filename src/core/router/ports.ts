import type { FieldPolicy } from '../model/fields';
import type { Capability, ModelRequest } from '../model/request';
import type { Usage } from '../model/usage';
import type { Clock, Logger } from '../ports';
import type { ProviderAdapter } from '../providers/adapter';
import type { ModelAliases } from '../registry/aliases';
import type { ModelEntry } from '../registry/model';
import type { ProviderType } from '../providers/adapter';

/** The ranked model list the router walks. */
export interface RouterCatalog {
  /** Models with the capability, best score first. */
  ranked(capability: Capability): readonly ModelEntry[];
  /** A model by registry id, else by provider model name. */
  find(idOrName: string): ModelEntry | undefined;
}

/** Prompt size: a cheap estimate, counted exactly only near a model's limit. */
export interface PromptSizer {
  fits(request: ModelRequest, model: ModelEntry, completionTokens: number): { fits: boolean; promptTokens: number };
  /** A cheap estimate; never tokenizes. */
  estimate(request: ModelRequest, model: ModelEntry): number;
  /** Learns from what the provider reported, to correct later estimates. */
  observe(modelId: string, estimatedPromptTokens: number, reportedPromptTokens: number): void;
}

/** Provider keys, vault first, then the environment. */
export interface KeySource {
  get(provider: string): Promise<string | undefined>;
}

/** One answered request, for the usage ledger. */
export interface UsageRecord {
  model: ModelEntry;
  usage: Usage;
  costUsd: number;
}

export interface UsageSink {
  record(entry: UsageRecord): void;
}

/** The `routing` section of the config. */
export interface RoutingSettings {
  maxAttempts: number;
  requestTimeoutMs: number;
  firstTokenTimeoutMs: number;
  idleTimeoutMs: number;
  cooldownMs: number;
}

/** A configured provider as the router needs it: its adapter and whether it needs a key. */
export interface RouterProvider {
  adapter: ProviderAdapter;
  type: ProviderType;
}

/** Everything the router works with, grouped so its constructor stays short. */
export interface RouterContext {
  catalog: RouterCatalog;
  sizer: PromptSizer;
  providers: ReadonlyMap<string, RouterProvider>;
  keys: KeySource;
  routing: RoutingSettings;
  clock: Clock;
  logger: Logger;
  usage?: UsageSink;
  /** Names clients send, mapped to a registry id or `auto` (config `model_aliases`). */
  aliases?: ModelAliases;
  /** The config's `field_policy`: per field, `drop` or `refuse` instead of the default. */
  fieldPolicy?: FieldPolicy;
}
