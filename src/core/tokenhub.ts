import type { TokenhubConfig } from './config/types';
import { createAdversarialHandler } from './orchestrator/http';
import { Orchestrator } from './orchestrator/orchestrator';
import { systemClock, silentLogger, type Clock, type Logger } from './ports';
import type { ProviderAdapter } from './providers/adapter';
import { createProviderAdapter } from './providers/factory';
import { ModelAliases } from './registry/aliases';
import type { ModelEntry } from './registry/model';
import { ModelRegistry } from './registry/registry';
import type { KeySource, RouterProvider, UsageSink } from './router/ports';
import { Router } from './router/router';
import { ApiServer, type ApiServerOptions, type ProviderHealthView } from './server/apiServer';
import { AnthropicCountTokensSurface } from './surfaces/anthropicCountTokens';
import { AnthropicSurface, type AnthropicSurfaceOptions } from './surfaces/anthropicMessages';
import { EmbeddingsSurface } from './surfaces/embeddings';
import { OpenAISurface } from './surfaces/openaiChat';
import { ReasoningMemory } from './surfaces/reasoningMemory';
import { ResponseStore } from './surfaces/responseStore';
import { ResponsesSurface } from './surfaces/responses';
import type { LocalSurface, Surface } from './surfaces/surface';
import { TokenEstimator } from './tokens/estimator';

/** What a host supplies to build Tokenhub: where keys come from, and optionally a log and a clock. */
export interface TokenhubHost {
  keys: KeySource;
  logger?: Logger;
  clock?: Clock;
  usage?: UsageSink;
}

/** Connections per provider: enough for many concurrent streams through one provider. */
const CONNECTIONS_PER_PROVIDER = 256;

/**
 * The composition root: one config in, the registry, estimator, adapters and router wired
 * together. Hosts (the VS Code extension, the CLI) build one and drop it when the config changes.
 */
export class Tokenhub {
  readonly registry: ModelRegistry;
  readonly estimator: TokenEstimator;
  readonly router: Router;
  readonly orchestrator: Orchestrator;
  /** Signed reasoning kept across turns for clients whose format cannot carry it. */
  readonly reasoning = new ReasoningMemory();
  /** The responses served on `/v1/responses`, for `previous_response_id`. */
  readonly responses = new ResponseStore();
  readonly logger: Logger;
  readonly clock: Clock;
  private readonly aliases: ModelAliases;
  private readonly adapters = new Map<string, ProviderAdapter>();

  constructor(
    readonly config: TokenhubConfig,
    host: TokenhubHost,
  ) {
    this.logger = host.logger ?? silentLogger;
    this.clock = host.clock ?? systemClock;
    this.registry = new ModelRegistry(config.models);
    this.estimator = new TokenEstimator();
    const providers = new Map<string, RouterProvider>();
    for (const provider of config.providers) {
      const adapter = createProviderAdapter(provider, {
        connections: CONNECTIONS_PER_PROVIDER,
        maxResponseBytes: config.routing.maxResponseBytes,
        maxEventBytes: config.routing.maxEventBytes,
      });
      this.adapters.set(provider.name, adapter);
      providers.set(provider.name, { adapter, type: provider.type });
    }
    this.aliases = new ModelAliases(config.modelAliases);
    this.router = new Router({
      catalog: this.registry,
      sizer: this.estimator,
      providers,
      keys: host.keys,
      routing: config.routing,
      clock: this.clock,
      logger: this.logger,
      usage: host.usage,
      aliases: this.aliases,
      fieldPolicy: config.fieldPolicy,
    });
    this.orchestrator = new Orchestrator({ router: this.router, catalog: this.registry, clock: this.clock, logger: this.logger });
  }

  /** Each provider's state, for `/health` and "Show Models". */
  async providerViews(): Promise<ProviderHealthView[]> {
    return Promise.all(
      this.config.providers.map(async (p) => ({ name: p.name, type: p.type, state: await this.router.providerState(p.name) })),
    );
  }

  /** The local API's surfaces by path (DESIGN.md "Local HTTP API"); `anthropic` tunes the Anthropic one. */
  surfaces(anthropic: AnthropicSurfaceOptions = {}): Record<string, Surface | LocalSurface> {
    return {
      '/v1/chat/completions': new OpenAISurface('chat', this.reasoning),
      '/v1/completions': new OpenAISurface('completion', this.reasoning),
      '/v1/messages': new AnthropicSurface(anthropic),
      '/v1/messages/count_tokens': new AnthropicCountTokensSurface({ router: this.router, estimator: this.estimator }),
      '/v1/responses': new ResponsesSurface(this.reasoning, this.responses),
    };
  }

  /** A name a client may send → its model or `auto`: registry id, provider model name, then `model_aliases`. */
  resolveModel(name: string): ModelEntry | 'auto' | undefined {
    const found = this.registry.find(name);
    if (found) return found;
    const target = this.aliases.resolve(name);
    return target === 'auto' ? 'auto' : target === undefined ? undefined : this.registry.find(target);
  }

  /** The local API over this Tokenhub; the caller listens and closes it. */
  createApiServer(token: string, extra: Partial<ApiServerOptions> = {}): ApiServer {
    const { server } = this.config;
    return new ApiServer({
      router: this.router,
      models: () => this.registry.models,
      providers: () => this.providerViews(),
      token,
      allowedOrigins: server.allowedOrigins,
      maxBodyBytes: server.maxBodyBytes,
      maxInflightBodyBytes: server.maxInflightBodyBytes,
      // A Host header writes an IPv6 address in brackets.
      allowedHosts: isLoopbackBind(server.host) ? [] : [server.host.includes(':') ? `[${server.host.toLowerCase()}]` : server.host.toLowerCase()],
      logger: this.logger,
      clock: this.clock,
      surfaces: this.surfaces(),
      resolveModel: (name) => this.resolveModel(name),
      embeddings: new EmbeddingsSurface(),
      adversarial: createAdversarialHandler(this.orchestrator),
      ...extra,
    });
  }

  /** Closes every provider's connection pool. */
  async close(): Promise<void> {
    await Promise.all([...this.adapters.values()].map((a) => a.close()));
  }
}

function isLoopbackBind(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
