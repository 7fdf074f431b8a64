import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Cancellation, type CancelSignal } from '../base/cancel';
import { TokenhubError } from '../base/errors';
import type { Clock, Logger } from '../ports';
import type { ModelEntry } from '../registry/model';
import type { Router } from '../router/router';
import { anthropicErrorBody } from '../surfaces/anthropicErrors';
import type { EmbeddingsSurface } from '../surfaces/embeddings';
import type { ErrorShape, LocalSurface, Surface } from '../surfaces/surface';
import { isLocalSurface } from '../surfaces/surface';
import { BodyBudget, readJsonBody, type BodyShare } from './body';
import { answerPreflight, isPreflight, originAllowed, setCorsHeaders } from './cors';
import { apiError, sendError, toApiError, type ApiError } from './httpError';
import { listModels, retrieveModel, type ModelAnswer, type ModelView } from './modelList';
import { hasToken, isLoopbackHost, tokenDigest } from './security';
import { serveCall, serveEmbeddings, serveLocal } from './serveCall';

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
  /** Bytes of request bodies held at once across requests; more get 503 (default 4 × maxBodyBytes). */
  maxInflightBodyBytes?: number;
  /**
   * Longest wait for a request's headers (default 10 s) and for the whole request, body
   * included (default 60 s): a local client sends in milliseconds, and a body trickled a byte
   * at a time must not hold a connection and its memory for Node's default 300 s. Answers,
   * streams included, are not limited by these: Node applies them to receiving the request.
   */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  logger: Logger;
  clock: Clock;
  /** Extra host names accepted besides loopback (the configured bind host, when not loopback). */
  allowedHosts?: readonly string[];
  /** The API surfaces by path (`/v1/chat/completions` → the OpenAI chat surface…), all POST. */
  surfaces: Readonly<Record<string, Surface | LocalSurface>>;
  /** A model name a client may send → its model or `auto` (`GET /v1/models/{id}`); registry ids only when absent. */
  resolveModel?: ModelView['resolve'];
  /** `POST /v1/embeddings`, when given. */
  embeddings?: EmbeddingsSurface;
  /** Handles `POST /v1/adversarial` once the orchestrator exists. */
  adversarial?: (body: unknown, req: IncomingMessage, res: ServerResponse, signal: CancelSignal) => Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, signal: CancelSignal, body: BodyShare) => Promise<void>;

const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

/** A route: its method and handler, and the surface whose shape its errors take (OpenAI's when none). */
interface RouteEntry {
  method: string;
  handler: Handler;
  surface?: ErrorShape;
}

/** Anthropic's error shape, for the routes both formats share when the client speaks Anthropic's. */
const ANTHROPIC_ERRORS: ErrorShape = { error: anthropicErrorBody };

/** `GET /v1/models/{id}`: ids may hold slashes (`meta-llama/Llama-3.1-8B`), so the rest of the path is the id. */
const MODEL_PREFIX = '/v1/models/';

/** The OpenAI-compatible HTTP API on loopback (DESIGN.md "Local HTTP API"). */
export class ApiServer {
  private readonly server: Server;
  private readonly digest: Buffer;
  private readonly inFlight = new Set<Cancellation>();
  private readonly startedAt: number;
  private readonly routes = new Map<string, RouteEntry>();
  private readonly bodies: BodyBudget;
  private closing = false;

  constructor(private readonly options: ApiServerOptions) {
    this.digest = tokenDigest(options.token);
    this.startedAt = options.clock.now();
    this.bodies = new BodyBudget(options.maxInflightBodyBytes ?? 4 * options.maxBodyBytes);
    const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
    const requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
    this.server = createServer(
      {
        keepAliveTimeout: 65_000,
        headersTimeout,
        requestTimeout,
        // How often Node checks those timeouts (default 30 s, which would let them run late by as much).
        connectionsCheckingInterval: Math.max(50, Math.min(1000, headersTimeout / 4)),
      },
      (req, res) => void this.handle(req, res),
    );
    // A Map: the path comes from the client, and `/toString` must not find a prototype's.
    this.routes.set('/health', { method: 'GET', handler: (_req, res) => this.health(res) });
    this.routes.set('/v1/models', { method: 'GET', handler: (req, res) => this.models(req, res) });
    this.routes.set(MODEL_PREFIX, { method: 'GET', handler: (req, res) => this.models(req, res) });
    for (const [path, surface] of Object.entries(options.surfaces)) {
      const handler: Handler = isLocalSurface(surface)
        ? (req, res, _signal, body) => this.local(surface, req, res, body)
        : (req, res, signal, body) => this.call(surface, req, res, signal, body);
      this.routes.set(path, { method: 'POST', surface, handler });
    }
    const embeddings = options.embeddings;
    if (embeddings) this.routes.set('/v1/embeddings', { method: 'POST', handler: (req, res, signal, body) => this.embed(embeddings, req, res, signal, body) });
    this.routes.set('/v1/adversarial', { method: 'POST', handler: (req, res, signal, body) => this.adversarial(req, res, signal, body) });
  }

  /** Bytes of request bodies held now, all requests together (see `maxInflightBodyBytes`). */
  get bodiesHeld(): number {
    return this.bodies.inUse;
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
    const route = this.routes.get(path) ?? (path.startsWith(MODEL_PREFIX) ? this.routes.get(MODEL_PREFIX) : undefined);
    // Every refusal in the shape of the client's format: its route's, or Anthropic's for an Anthropic client.
    const shape = route?.surface ?? (req.headers['anthropic-version'] !== undefined ? ANTHROPIC_ERRORS : undefined);
    const reject = (error: ApiError) => sendError(res, error, {}, shape?.error);
    if (!isLoopbackHost(req.headers.host, this.options.allowedHosts)) {
      return reject(apiError(403, 'The Host header is not a loopback name; Tokenhub answers only loopback hosts.', 'forbidden_host'));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin, this.options.allowedOrigins)) {
      return reject(apiError(403, `Origin "${origin}" is not allowed; add it to server.allowed_origins to let a browser page call Tokenhub.`, 'forbidden_origin'));
    }
    // An allowed origin reads every answer, errors included; a preflight needs no token (cors.ts).
    if (origin !== undefined) setCorsHeaders(res, origin);
    if (!route) return reject(apiError(404, `Unknown route ${path}.`, 'not_found'));
    if (isPreflight(req)) return answerPreflight(req, res, route.method);
    if (path.startsWith('/v1/') && !hasToken(req, this.digest)) {
      const message = 'Missing or wrong API token: send "Authorization: Bearer TOKEN" (or "x-api-key: TOKEN").';
      return reject({ ...apiError(401, message, 'invalid_api_key'), headers: { 'www-authenticate': 'Bearer' } });
    }
    if (req.method !== route.method) {
      return reject({ ...apiError(405, `${req.method} is not allowed on ${path}; use ${route.method}.`, 'method_not_allowed'), headers: { allow: route.method } });
    }
    const controller = new Cancellation();
    const onClose = () => {
      if (!res.writableFinished) controller.abort();
    };
    res.on('close', onClose);
    this.inFlight.add(controller);
    const started = this.options.clock.now();
    const body = this.bodies.open();
    try {
      await route.handler(req, res, controller.signal, body);
    } catch (error) {
      const { aborted, reason } = controller.signal;
      // A client that went away gets no answer; a shutdown says so.
      if (aborted && !(reason instanceof TokenhubError)) return;
      const failure = toApiError(aborted ? reason : error);
      const status = shape?.errorStatus?.(failure) ?? failure.status;
      sendError(res, { ...failure, status }, {}, shape?.error);
    } finally {
      body.release();
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

  /** `GET /v1/models` and `/v1/models/{id}`, in Anthropic's shape for a request with `anthropic-version`. */
  private async models(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [path, query = ''] = (req.url ?? '').split('?', 2) as [string, string?];
    const style = req.headers['anthropic-version'] !== undefined ? 'anthropic' : 'openai';
    const models = this.options.models();
    const view: ModelView = { models, resolve: this.options.resolveModel ?? ((name) => models.find((m) => m.id === name)) };
    let answer: ModelAnswer;
    if (path === '/v1/models') answer = listModels(view, style, new URLSearchParams(query));
    else {
      let name: string | undefined;
      try {
        name = decodeURIComponent(path.slice(MODEL_PREFIX.length));
      } catch {
        name = undefined;
      }
      answer = name ? retrieveModel(view, style, name) : { ok: false, error: apiError(404, 'The model path holds no valid model id.', 'model_not_found') };
    }
    if (!answer.ok) return sendError(res, answer.error, {}, style === 'anthropic' ? anthropicErrorBody : undefined);
    json(res, 200, answer.value);
  }

  private async call(surface: Surface, req: IncomingMessage, res: ServerResponse, signal: CancelSignal, share: BodyShare): Promise<void> {
    const body = await readJsonBody(req, this.options.maxBodyBytes, share);
    if (!body.ok) return this.refuseBody(res, body.error, surface);
    await serveCall(surface, body.value, req, res, signal, this.options.router);
  }

  private async local(surface: LocalSurface, req: IncomingMessage, res: ServerResponse, share: BodyShare): Promise<void> {
    const body = await readJsonBody(req, this.options.maxBodyBytes, share);
    if (!body.ok) return this.refuseBody(res, body.error, surface);
    serveLocal(surface, body.value, req, res);
  }

  private async embed(surface: EmbeddingsSurface, req: IncomingMessage, res: ServerResponse, signal: CancelSignal, share: BodyShare): Promise<void> {
    const body = await readJsonBody(req, this.options.maxBodyBytes, share);
    if (!body.ok) return this.refuseBody(res, body.error);
    await serveEmbeddings(surface, body.value, res, signal, this.options.router);
  }

  private async adversarial(req: IncomingMessage, res: ServerResponse, signal: CancelSignal, share: BodyShare): Promise<void> {
    const body = await readJsonBody(req, this.options.maxBodyBytes, share);
    if (!body.ok) return this.refuseBody(res, body.error);
    if (!this.options.adversarial) return sendError(res, apiError(501, 'Adversarial orchestration is not available in this build.', 'not_implemented'));
    await this.options.adversarial(body.value, req, res, signal);
  }

  /** A refused upload closes the connection: the unread rest of the body must not be parsed as a request. */
  private refuseBody(res: ServerResponse, error: ApiError, surface?: ErrorShape): void {
    sendError(res, error, error.status === 413 || error.status === 503 ? { connection: 'close' } : {}, surface?.error);
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
