// A real Tokenhub API server on port 0 over fake upstreams, with the official `openai` SDK as the
// client and a raw HTTP helper for what an SDK will not send (a foreign Host, a broken body).
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { DEFAULT_ROUTING, DEFAULT_SERVER, DEFAULT_VAULT, type RoutingConfig, type ServerConfig, type TokenhubConfig } from '../../../src/core/config/types';
import type { Logger } from '../../../src/core/ports';
import type { ProviderConfig } from '../../../src/core/providers/adapter';
import type { UsageSink } from '../../../src/core/router/ports';
import type { ApiServer, ApiServerOptions } from '../../../src/core/server/apiServer';
import type { Surface } from '../../../src/core/surfaces/surface';
import { Tokenhub } from '../../../src/core/tokenhub';
import { startFakeUpstream, type FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { model, type ModelSpec, type UpstreamSpec } from '../router/harness';

/** Options beyond the upstreams and models. */
export interface ApiOptions {
  routing?: Partial<RoutingConfig>;
  server?: Partial<ServerConfig>;
  /** Keys the key source hands out, when they differ from what the fakes accept. */
  keys?: Record<string, string>;
  /** Providers whose base URL is given here rather than by a fake (for custom upstreams). */
  baseUrls?: Record<string, string>;
  modelAliases?: Record<string, string>;
  fieldPolicy?: TokenhubConfig['fieldPolicy'];
  /** Server options beyond the config (timeouts). */
  serverOptions?: Partial<ApiServerOptions>;
  /** The Anthropic surface's keep-alive interval (default 10 s). */
  pingMs?: number;
  /** Receives every answered request's usage and cost (the ledger's port). */
  usage?: UsageSink;
  /** More of each provider's config, by name (`responses: false`). */
  providers?: Record<string, Partial<ProviderConfig>>;
  /** The API's surfaces, when a test needs its own (a small response store, say). */
  surfaces?: (tokenhub: Tokenhub) => Record<string, Surface>;
}

/** A running API over fakes; `logs` holds every log line, serialised. */
export interface ApiHarness {
  url: string;
  token: string;
  client: OpenAI;
  up: Record<string, FakeUpstream>;
  tokenhub: Tokenhub;
  server: ApiServer;
  logs: string[];
  close(): Promise<void>;
}

export async function startApi(upstreams: UpstreamSpec[], models: ModelSpec[], options: ApiOptions = {}): Promise<ApiHarness> {
  const up: Record<string, FakeUpstream> = {};
  for (const spec of upstreams) {
    if (options.baseUrls?.[spec.name]) continue;
    up[spec.name] = await startFakeUpstream({ dialect: spec.dialect, splitWrites: false, ...(spec.key ? { apiKey: spec.key } : {}) });
  }
  const keys = new Map<string, string>(upstreams.filter((u) => u.key).map((u) => [u.name, u.key!]));
  for (const [name, key] of Object.entries(options.keys ?? {})) keys.set(name, key);
  const config: TokenhubConfig = {
    server: { ...DEFAULT_SERVER, ...options.server },
    vault: { ...DEFAULT_VAULT },
    routing: { ...DEFAULT_ROUTING, cooldownMs: 0, ...options.routing },
    providers: upstreams.map((u) => ({ name: u.name, type: u.dialect, baseUrl: options.baseUrls?.[u.name] ?? up[u.name]!.url, ...options.providers?.[u.name] })),
    models: models.map(model),
    modelAliases: options.modelAliases ?? {},
    fieldPolicy: options.fieldPolicy ?? {},
  };
  const logs: string[] = [];
  const logger: Logger = { log: (level, message, fields) => logs.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`) };
  const tokenhub = new Tokenhub(config, { keys: { get: async (name) => keys.get(name) }, logger, ...(options.usage && { usage: options.usage }) });
  const token = randomBytes(32).toString('base64url');
  const surfaces = options.surfaces ? options.surfaces(tokenhub) : options.pingMs !== undefined ? tokenhub.surfaces({ pingMs: options.pingMs }) : undefined;
  const server = tokenhub.createApiServer(token, { ...options.serverOptions, ...(surfaces && { surfaces }) });
  const address = await server.listen('127.0.0.1', 0);
  const url = `http://127.0.0.1:${address.port}`;
  const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: token, maxRetries: 0 });
  return {
    url,
    token,
    client,
    up,
    tokenhub,
    server,
    logs,
    async close() {
      await server.close();
      await tokenhub.close();
      await Promise.all(Object.values(up).map((u) => u.close()));
    },
  };
}

/** A raw answer: status, headers and the whole body as text. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Options of a raw request: any header, and a body sent in one piece or as chunks. */
export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Sent with `transfer-encoding: chunked`, one write each. */
  chunks?: (string | Buffer)[];
  /** Adds the harness's bearer token unless false. */
  auth?: boolean;
}

/** One request with node:http, so any Host, Origin or framing can be sent. */
export function raw(api: Pick<ApiHarness, 'url' | 'token'>, spec: RawRequest): Promise<RawResponse> {
  const target = new URL(api.url);
  const headers: Record<string, string> = { ...(spec.auth === false ? {} : { authorization: `Bearer ${api.token}` }), ...spec.headers };
  if (spec.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: target.hostname, port: target.port, method: spec.method ?? 'POST', path: spec.path, headers, agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (spec.chunks) {
      for (const chunk of spec.chunks) req.write(chunk);
      req.end();
    } else req.end(spec.body);
  });
}

/** The `error` object of an OpenAI-shaped error body (throws when the shape is wrong). */
export function errorOf(response: RawResponse): { message: string; type: string; param: string | null; code: string | null } {
  const parsed = JSON.parse(response.body) as { error?: { message: string; type: string; param: string | null; code: string | null } };
  if (!parsed.error || typeof parsed.error.message !== 'string' || typeof parsed.error.type !== 'string' || !('param' in parsed.error) || !('code' in parsed.error)) {
    throw new Error(`Not an OpenAI-shaped error: ${response.body}`);
  }
  return parsed.error;
}

export const chatBody = (extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Say hello' }], ...extra });

/** One server-sent event: its `event:` name and its data, parsed where it is JSON. */
export interface SseFrame {
  event?: string;
  data: any;
}

/** The events of a whole SSE body. */
export function sseFrames(body: string): SseFrame[] {
  return body
    .split(/\n\n/)
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
      const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
      let parsed: unknown = data;
      try {
        parsed = JSON.parse(data);
      } catch {
        // not JSON ([DONE])
      }
      return event === undefined ? { data: parsed } : { event, data: parsed };
    });
}
