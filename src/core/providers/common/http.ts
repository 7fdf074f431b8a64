import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { TokenhubError, abortReason } from '../../base/errors';
import type { AttemptContext } from '../adapter';
import type { ClassifyContext } from './classify';
import { safeText, upstreamError, parseErrorText } from './classify';
import type { HeaderMap } from './retryAfter';

/**
 * The thin I/O part shared by every adapter: one keep-alive undici Pool per provider, one call
 * per attempt under the attempt's signal (leaving a stream early destroys the body, which
 * aborts the request and frees the socket), and network failures classified.
 */

/** Connection settings for a provider's pool. Timeouts of 0 are off (the router owns them). */
export interface TransportOptions {
  /** TCP + TLS connect limit (default 10 s). */
  connectTimeoutMs?: number;
  /** How long an idle pooled socket is kept (default 30 s). */
  keepAliveTimeoutMs?: number;
  /** undici's own wait for response headers (default 0: the router's first-token timer rules). */
  headersTimeoutMs?: number;
  /** undici's own wait between body chunks (default 0: the router's idle timer rules). */
  bodyTimeoutMs?: number;
  /** Most sockets open at once to this provider (default 16). */
  connections?: number;
}

/** Largest error body read; more is dropped (the message is truncated anyway). */
const MAX_ERROR_BODY = 256 * 1024;

/** Network error codes that are really timeouts. */
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** An undici pool for one provider base URL; `path`s are relative to the base. */
export class HttpTransport {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(baseUrl: string, options: TransportOptions = {}) {
    const url = new URL(baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, {
      connect: { timeout: options.connectTimeoutMs ?? 10_000 },
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 30_000,
      headersTimeout: options.headersTimeoutMs ?? 0,
      bodyTimeout: options.bodyTimeoutMs ?? 0,
      connections: options.connections ?? 16,
    });
  }

  /**
   * POSTs JSON and resolves once the status and headers are in (`onResponseStart` called). The
   * attempt's own signal goes to undici as is: the attempt ends with the call, so no second
   * controller is needed to end one without the other.
   */
  async post(path: string, payload: unknown, headers: Record<string, string>, context: AttemptContext, who: ClassifyContext): Promise<UpstreamCall> {
    if (context.signal.aborted) throw abortReason(context.signal, who.provider);
    try {
      const response = await this.pool.request({
        method: 'POST',
        path: this.basePath + path,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(payload),
        signal: context.signal,
      });
      context.onResponseStart?.();
      return new UpstreamCall(response, context, who);
    } catch (error) {
      throw failure(error, context, who);
    }
  }

  /** GETs a path (a model listing) and resolves once the status and headers are in. */
  async get(path: string, headers: Record<string, string>, context: AttemptContext, who: ClassifyContext): Promise<UpstreamCall> {
    if (context.signal.aborted) throw abortReason(context.signal, who.provider);
    try {
      const response = await this.pool.request({ method: 'GET', path: this.basePath + path, headers, signal: context.signal });
      context.onResponseStart?.();
      return new UpstreamCall(response, context, who);
    } catch (error) {
      throw failure(error, context, who);
    }
  }

  async close(): Promise<void> {
    await this.pool.close().catch(() => this.pool.destroy());
  }
}

/** One request in flight: its status, headers and body, and the means to end it. */
export class UpstreamCall {
  readonly status: number;
  readonly headers: HeaderMap;

  constructor(
    private readonly response: Dispatcher.ResponseData,
    private readonly context: AttemptContext,
    private readonly who: ClassifyContext,
  ) {
    this.status = response.statusCode;
    this.headers = response.headers;
  }

  /** The body's bytes, read once (each read should count as activity: see `activity`). */
  get body(): AsyncIterable<Uint8Array> {
    return this.response.body;
  }

  /** To call on each read of `body`: restarts the router's idle timer. */
  readonly activity = (): void => this.context.onActivity?.();

  /** The whole body as text, at most `limit` bytes (the rest is dropped but drained). */
  async text(limit = Number.POSITIVE_INFINITY): Promise<string> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.response.body as AsyncIterable<Buffer>) {
      this.activity();
      if (size < limit) {
        parts.push(chunk);
        size += chunk.byteLength;
      }
    }
    return parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts, size).toString('utf8');
  }

  /** For a status ≥ 400: reads the error body and classifies it. */
  async errorFromBody(): Promise<TokenhubError> {
    const text = await this.text(MAX_ERROR_BODY);
    return upstreamError(this.status, this.headers, parseErrorText(text), this.who);
  }

  /** Maps anything thrown while this call was running to a TokenhubError. */
  fail(error: unknown): TokenhubError {
    return failure(error, this.context, this.who);
  }

  /**
   * Ends the call: unless the body was read to the end, destroys it, which makes undici abort the
   * request and close its socket (the upstream sees the connection go).
   */
  release(): void {
    if (!this.response.body.readableEnded) this.response.body.destroy(new TokenhubError('cancelled', 'The consumer stopped reading.'));
  }
}

/** Any failure during I/O, classified: cancellation and router timeouts first, then the network. */
export function failure(error: unknown, context: AttemptContext, who: ClassifyContext): TokenhubError {
  if (context.signal.aborted) return abortReason(context.signal, who.provider);
  if (error instanceof TokenhubError) return error;
  const code = networkCode(error);
  const reason = error instanceof Error ? safeText(error.message, who.apiKey) : 'unknown error';
  const kind = code && TIMEOUT_CODES.has(code) ? 'timeout' : 'network';
  const what = kind === 'timeout' ? 'timed out' : 'could not be reached';
  return new TokenhubError(kind, `${who.provider} ${what}${code ? ` (${code})` : ''}: ${reason}`, {
    provider: who.provider,
    model: who.model,
    cause: error,
  });
}

/** The most specific error code along the cause chain (undici wraps the system error). */
function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  let found: string | undefined;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (found === undefined || !code.startsWith('UND_ERR'))) found = code;
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}
