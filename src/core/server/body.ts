import type { IncomingMessage } from 'node:http';
import { apiError, type ApiError } from './httpError';

/** Outcome of reading a JSON body: the value, or the answer to give. */
export type BodyResult = { ok: true; value: unknown } | { ok: false; error: ApiError };

/**
 * The bytes of request bodies held at once, across all requests (`server.max_inflight_body_bytes`):
 * each body is bounded by `max_body_bytes`, but many at once would still fill memory. A request
 * takes its share while its body is read and keeps it until its answer is over (the parsed body
 * lives that long), then gives it back.
 */
export class BodyBudget {
  private held = 0;

  constructor(readonly limit: number) {}

  /** A share for one request, empty at first; `release` it when the request is over. */
  open(): BodyShare {
    let mine = 0;
    return {
      limit: this.limit,
      take: (bytes) => {
        if (this.held + bytes > this.limit) return false;
        this.held += bytes;
        mine += bytes;
        return true;
      },
      release: () => {
        this.held -= mine;
        mine = 0;
      },
    };
  }

  /** Bytes held now (for tests and diagnostics). */
  get inUse(): number {
    return this.held;
  }
}

/** One request's part of a {@link BodyBudget}. */
export interface BodyShare {
  /** The budget's limit, for the answer that refuses a request. */
  readonly limit: number;
  /** Takes `bytes` more; false (taking nothing) when the budget would be passed. */
  take(bytes: number): boolean;
  /** Gives back everything taken. */
  release(): void;
}

/**
 * Reads a JSON body within `limit` bytes: refused from `Content-Length` before reading, and
 * enforced while reading for chunked bodies, so an oversized upload never fills memory. With a
 * `share`, the bytes are also taken from the server-wide budget (the declared length at once,
 * else as they come); past it the answer is a 503 with `retry-after`.
 */
export async function readJsonBody(req: IncomingMessage, limit: number, share?: BodyShare): Promise<BodyResult> {
  const tooLarge = (): BodyResult => ({
    ok: false,
    error: apiError(413, `The request body is larger than the limit of ${limit} bytes (server.max_body_bytes).`, 'body_too_large'),
  });
  const busy = (): BodyResult => ({
    ok: false,
    error: {
      ...apiError(503, `Tokenhub is holding as many request bodies as it may at once (${share?.limit} bytes, server.max_inflight_body_bytes); retry shortly.`, 'server_busy'),
      retryAfter: 1,
    },
  });
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return tooLarge();
  const type = req.headers['content-type'];
  if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type)) {
    return { ok: false, error: apiError(415, `Expected a JSON body (content-type application/json), found "${type}".`, 'unsupported_media_type') };
  }
  const declaredSize = declared === undefined ? undefined : Number(declared);
  if (share && declaredSize !== undefined && declaredSize > 0 && !share.take(declaredSize)) return busy();
  // Events rather than an async iterator: a small body then costs no extra promise turns.
  const read = await new Promise<{ chunks: Buffer[]; size: number } | 'tooLarge' | 'busy'>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (why: 'tooLarge' | 'busy') => {
      req.off('data', onData);
      req.pause();
      resolve(why);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) stop('tooLarge');
      // A body without a declared length takes its share as it arrives.
      else if (share && declaredSize === undefined && !share.take(chunk.length)) stop('busy');
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve({ chunks, size }));
    req.once('error', reject);
    req.once('close', () => resolve({ chunks, size: -1 }));
  });
  if (read === 'tooLarge') return tooLarge();
  if (read === 'busy') return busy();
  const { chunks, size } = read;
  if (size < 0) return { ok: false, error: apiError(400, 'The request body ended early.', 'invalid_json') };
  if (size === 0) return { ok: false, error: apiError(400, 'The request body is empty; expected a JSON object.', 'invalid_json') };
  const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8');
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    // V8's message quotes the start of the body, which may hold a secret: keep only the position.
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    const where = position === undefined ? '' : ` (at byte ${position})`;
    return { ok: false, error: apiError(400, `The request body is not valid JSON${where}.`, 'invalid_json') };
  }
}
