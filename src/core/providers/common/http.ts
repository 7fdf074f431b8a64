import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { TokenhubError, abortReason } from '../../base/errors';
import { SseLimitError, sseBatches } from '../../sse/decoder';
import type { SseEvent } from '../../sse/decoder';
import type { AttemptContext } from '../adapter';
import type { ClassifyContext } from './classify';
import { safeText, upstreamError, parseErrorText } from './classify';
import { DEFAULT_MAX_EVENT_BYTES, DEFAULT_MAX_RESPONSE_BYTES } from './limits';
import type { HeaderMap } from './retryAfter';

/**
 * The thin I/O part shared by every adapter: one keep-alive undici Pool per provider, one call
 * per attempt under the attempt's signal (leaving a stream early destroys the body, which
 * aborts the request and frees the socket), and network failures classified.
 *
 * Every read of a body is bounded (`maxResponseBytes`, `maxEventBytes`): an upstream that
 * answers with gigabytes fails its attempt as a `server` error, which the router escalates like
 * any other, and the body is destroyed at once, so one such answer never holds more than the
 * limit in memory.
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
  /**
   * Most bytes of one answer: a whole JSON body, or all of a stream (default
   * {@link DEFAULT_MAX_RESPONSE_BYTES}; config `routing.max_response_bytes`).
   */
  maxResponseBytes?: number;
  /** Most characters of one line or event of a stream (default 16 Mi; config `routing.max_event_bytes`). */
  maxEventBytes?: number;
}

/** The read limits of one transport, resolved. */
interface ReadLimits {
  maxResponseBytes: number;
  maxEventBytes: number;
}

/** Largest error body read; the rest is not read at all (the message is truncated anyway). */
const MAX_ERROR_BODY = 256 * 1024;

/** Network error codes that are really timeouts. */
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** An undici pool for one provider base URL; `path`s are relative to the base. */
export class HttpTransport {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly limits: ReadLimits;

  constructor(baseUrl: string, options: TransportOptions = {}) {
    const url = new URL(baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.limits = {
      maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      maxEventBytes: options.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES,
    };
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
      return new UpstreamCall(response, context, who, this.limits);
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
    private readonly limits: ReadLimits = { maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES, maxEventBytes: DEFAULT_MAX_EVENT_BYTES },
  ) {
    this.status = response.statusCode;
    this.headers = response.headers;
  }

  /** The body's bytes, read once (each read should count as activity: see `activity`). Unbounded: prefer `events` and `text`. */
  get body(): AsyncIterable<Uint8Array> {
    return this.response.body;
  }

  /** To call on each read of `body`: restarts the router's idle timer. */
  readonly activity = (): void => this.context.onActivity?.();

  /**
   * The body as server-sent events, one batch per read (see `sseBatches`), each read counted as
   * activity, within the transport's limits: past them the iterator throws, and `fail` turns
   * that into the `server` error that says the answer was too large.
   */
  events(): AsyncGenerator<SseEvent[]> {
    return sseBatches(this.response.body, this.activity, { maxEventLength: this.limits.maxEventBytes, maxBytes: this.limits.maxResponseBytes });
  }

  /**
   * The whole body as text, within `maxResponseBytes`. A larger answer (declared by its
   * Content-Length, or found while reading) throws the `server` error that says so, after
   * destroying the body: what was read is dropped and the rest is never read.
   */
  async text(): Promise<string> {
    const limit = this.limits.maxResponseBytes;
    const declared = Number(this.headers['content-length']);
    if (declared > limit) throw this.tooLarge(`${declared} bytes declared, more than the limit of ${limit} bytes`);
    const { parts, size } = await this.read(limit + 1);
    if (size > limit) throw this.tooLarge(`more than the limit of ${limit} bytes`);
    return utf8(parts, size);
  }

  /** For a status ≥ 400: reads (the start of) the error body and classifies it. */
  async errorFromBody(): Promise<TokenhubError> {
    const { parts, size } = await this.read(MAX_ERROR_BODY);
    return upstreamError(this.status, this.headers, parseErrorText(utf8(parts, size)), this.who);
  }

  /**
   * Reads until the end, or until `limit` bytes are in (then it stops and destroys the body:
   * the socket closes and the rest is never read).
   */
  private async read(limit: number): Promise<{ parts: Buffer[]; size: number }> {
    const parts: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.response.body as AsyncIterable<Buffer>) {
      this.activity();
      parts.push(chunk);
      size += chunk.byteLength;
      if (size >= limit) break; // leaving the loop destroys the body
    }
    return { parts, size };
  }

  /** The failure of an answer past its limit, after destroying the body so memory stays bounded. */
  private tooLarge(detail: string): TokenhubError {
    this.release();
    return tooLargeError(this.who, detail, 'routing.max_response_bytes');
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
  if (error instanceof SseLimitError) {
    return error.what === 'event'
      ? tooLargeError(who, `one stream event longer than the limit of ${error.limit} characters`, 'routing.max_event_bytes')
      : tooLargeError(who, `a stream of more than the limit of ${error.limit} bytes`, 'routing.max_response_bytes');
  }
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

/** The `server` error of an upstream answer past a read limit: what, the limit, and how to raise it. */
function tooLargeError(who: ClassifyContext, detail: string, setting: string): TokenhubError {
  return new TokenhubError(
    'server',
    `The upstream answer from ${who.provider} was too large (${detail}); it was dropped. Raise ${setting} if answers this large are expected.`,
    { provider: who.provider, model: who.model },
  );
}

/** The body's pieces as one UTF-8 string. */
function utf8(parts: Buffer[], size: number): string {
  return parts.length === 1 ? parts[0]!.toString('utf8') : Buffer.concat(parts, size).toString('utf8');
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
