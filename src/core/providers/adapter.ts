import type { CanonicalChunk, CanonicalRequest, CanonicalResponse, ProviderType } from '../types';

/** A provider as configured (DESIGN.md "Configuration"), after validation and `${ENV}` expansion. */
export interface ProviderConfig {
  /** Unique name, referenced by models and by the vault's `stored_keys`. */
  name: string;
  type: ProviderType;
  /** Optional; each type has its own default and convention (WIRE.md). */
  baseUrl?: string;
  /** Name of the environment variable holding the key (the vault wins when both exist). */
  apiKeyEnv?: string;
}

/** What one attempt needs beyond the request: cancellation, the key, and liveness callbacks. */
export interface AttemptContext {
  /**
   * Aborts the upstream request at once. When the router aborts for a timeout, the reason is a
   * `TokenhubError('timeout')`, which the adapter rethrows as is (see `abortReason`).
   */
  signal: AbortSignal;
  /** The key to send, or undefined when none is configured (vLLM usually needs none). */
  apiKey: string | undefined;
  /** Called once when the response status and headers have arrived. */
  onResponseStart?: () => void;
  /** Called whenever body bytes arrive (pings included): resets the router's idle timer. */
  onActivity?: () => void;
}

/**
 * One provider's I/O. Translates canonical requests to its wire format, sends them with undici,
 * and classifies every failure into a `TokenhubError` with a code (never lets a raw error out).
 */
export interface ProviderAdapter {
  readonly name: string;
  readonly type: ProviderType;
  /** Sends a request and waits for the whole answer. */
  send(model: string, request: CanonicalRequest, context: AttemptContext): Promise<CanonicalResponse>;
  /**
   * Streams an answer in batches: the chunks of one network read together (never an empty
   * batch), so the layers above pay their per-item costs once per read. Errors before the first
   * batch and mid-stream (including an `event: error` after a 200) are thrown from the iterator
   * as `TokenhubError`s, after the batch of chunks that preceded them in the same read. Breaking
   * out of the loop aborts the upstream request.
   */
  stream(model: string, request: CanonicalRequest, context: AttemptContext): AsyncIterable<readonly CanonicalChunk[]>;
  /** Closes pooled connections. */
  close(): Promise<void>;
}
