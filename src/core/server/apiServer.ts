import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenhubError } from '../base/errors';
import type { Clock, Logger } from '../ports';
import type { ModelEntry } from '../registry/model';
import type { Router } from '../router/router';
import type { EmbeddingsSurface } from '../surfaces/embeddings';
import type { Surface } from '../surfaces/surface';
import { readJsonBody } from './body';
import { answerPreflight, isPreflight, originAllowed, setCorsHeaders } from './cors';
import { apiError, sendError, toApiError, type ApiError } from './httpError';
import { hasBearer, isLoopbackHost, tokenDigest } from './security';
import { serveCall, serveEmbeddings } from './serveCall';

/** A provider's line in `/health`: never a key, only its state. */
export interface ProviderHealthView {
  name: string;
  type: string;
  state: string;
}

/** What the API server needs from the rest of Tokenhub. */
export interface ApiServerOptions {
  router: Router;
  models: () => readonly ModelEntry[];
  providers: () => Promise<ProviderHealthView[]>;
  token: string;
  allowedOrigins: readonly string[];
  maxBodyBytes: number;
  logger: Logger;
  clock: Clock;
  /** Extra host names accepted besides loopback (the configured bind host, when not loopback). */
  allowedHosts?: readonly string[];
  /** The API surfaces by path (`/v1/chat/completions` → the OpenAI chat surface…), all POST. */
  surfaces: Readonly<Record<string, Surface>>;
  /** `POST /v1/embeddings`, when given. */
  embeddings?: EmbeddingsSurface;
  /** Handles `POST /v1/adversarial` once the orchestrator exists. */
  adversarial?: (body: unknown, req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, signal: AbortSignal) => Promise<void>;

/** A route: its method and handler, and the surface whose shape its errors take (OpenAI's when none). */
interface RouteEntry {
  method: string;
  handler: Handler;
  surface?: Surface;
}

/** The OpenAI-compatible HTTP API on loopback (DESIGN.md "Local HTTP API"). */
export class ApiServer {
  private readonly server: Server;
  private readonly digest: Buffer;
  private readonly inFlight = new Set<AbortController>();
  private readonly startedAt: number;
  private readonly routes = new Map<string, RouteEntry>();
  private closing = false;

  constructor(private readonly options: ApiServerOptions) {
    this.digest = tokenDigest(options.token);
    this.startedAt = options.clock.now();
    this.server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => void this.handle(req, res));
    this.routes.set('/health', { method: 'GET', handler: (_req, res) => this.health(res) });
    this.routes.set('/v1/models', { method: 'GET', handler: (_req, res) => this.listModels(res) });
    for (const [path, surface] of Object.entries(options.surfaces)) {
      this.routes.set(path, { method: 'POST', surface, handler: (req, res, signal) => this.call(surface, req, res, signal) });
    }
    const embeddings = options.embeddings;
    if (embeddings) this.routes.set('/v1/embeddings', { method: 'POST', handler: (req, res, signal) => this.embed(embeddings, req, res, signal) });
    this.routes.set('/v1/adversarial', { method: 'POST', handler: (req, res, signal) => this.adversarial(req, res, signal) });
  }

  async listen(host: string, port: number): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return this.server.address() as AddressInfo;
  }

  /** Stops accepting, ends in-flight streams with an error event, and closes every connection. */
  async close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const controller of this.inFlight) controller.abort(new TokenhubError('unavailable', 'Tokenhub is shutting down.'));
    this.server.closeIdleConnections();
    const force = setTimeout(() => this.server.closeAllConnections(), 2000);
    await closed;
    clearTimeout(force);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0]!;
    const reject = (error: ApiError) => sendError(res, error);
    if (!isLoopbackHost(req.headers.host, this.options.allowedHosts)) {
      return reject(apiError(403, 'The Host header is not a loopback name; Tokenhub answers only loopback hosts.', 'forbidden_host'));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, this.options.allowedOrigins)) {
      return reject(apiError(403, `Origin "${origin}" is not allowed; add it to server.allowed_origins to let a browser page call Tokenhub.`, 'forbidden_origin'));
    }
    // An allowed origin reads every answer, errors included; a preflight needs no token (cors.ts).
    if (origin !== undefined) setCorsHeaders(res, origin);
    const route = this.routes.get(path);
    if (!route) return reject(apiError(404, `Unknown route ${path}.`, 'not_found'));
    if (isPreflight(req)) return answerPreflight(req, res, route.method);
    if (path.startsWith('/v1/') && !hasBearer(req, this.digest)) {
      return reject({ ...apiError(401, 'Missing or wrong API token: send "Authorization: Bearer TOKEN".', 'invalid_api_key'), headers: { 'www-authenticate': 'Bearer' } });
    }
    if (req.method !== route.method) {
      return reject({ ...apiError(405, `${req.method} is not allowed on ${path}; use ${route.method}.`, 'method_not_allowed'), headers: { allow: route.method } });
    }
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort();
    };
    res.on('close', onClose);
    this.inFlight.add(controller);
    const started = this.options.clock.now();
    try {
      await route.handler(req, res, controller.signal);
    } catch (error) {
      const { aborted, reason } = controller.signal;
      // A client that went away gets no answer; a shutdown says so.
      if (aborted && !(reason instanceof TokenhubError)) return;
      sendError(res, toApiError(aborted ? reason : error), {}, route.surface?.error);
    } finally {
      this.inFlight.delete(controller);
      // While shutting down, a connection whose answer is over is closed rather than kept alive.
      if (this.closing) endAfter(res);
      this.options.logger.log('info', 'request', { method: req.method, path, status: res.statusCode, ms: this.options.clock.now() - started });
    }
  }

  private async health(res: ServerResponse): Promise<void> {
    const providers = await this.options.providers();
    const ok = providers.some((p) => p.state === 'ready');
    const uptime = Math.floor((this.options.clock.now() - this.startedAt) / 1000);
    json(res, 200, { status: ok ? 'ok' : 'degraded', providers, models: this.options.models().length, uptime_s: uptime });
  }

  private async listModels(res: ServerResponse): Promise<void> {
    const data = [
      { id: 'auto', object: 'model', created: 0, owned_by: 'tokenhub' },
      ...this.options.models().map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.provider, context_window: m.contextSize })),
    ];
    json(res, 200, { object: 'list', data });
  }

  private async call(surface: Surface, req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const body = await readJsonBody(req, this.options.maxBodyBytes);
    if (!body.ok) return this.refuseBody(res, body.error, surface);
    await serveCall(surface, body.value, req, res, signal, this.options.router);
  }

  private async embed(surface: EmbeddingsSurface, req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const body = await readJsonBody(req, this.options.maxBodyBytes);
    if (!body.ok) return this.refuseBody(res, body.error);
    await serveEmbeddings(surface, body.value, res, signal, this.options.router);
  }

  private async adversarial(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const body = await readJsonBody(req, this.options.maxBodyBytes);
    if (!body.ok) return this.refuseBody(res, body.error);
    if (!this.options.adversarial) return sendError(res, apiError(501, 'Adversarial orchestration is not available in this build.', 'not_implemented'));
    await this.options.adversarial(body.value, req, res, signal);
  }

  /** A refused upload closes the connection: the unread rest of the body must not be parsed as a request. */
  private refuseBody(res: ServerResponse, error: ApiError, surface?: Surface): void {
    sendError(res, error, error.status === 413 ? { connection: 'close' } : {}, surface?.error);
  }
}

function endAfter(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return;
  if (res.writableFinished) socket.end();
  else res.once('finish', () => socket.end());
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const payload = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
