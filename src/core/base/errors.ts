import type { CancelSignal } from './cancel';
/**
 * The closed set of failure codes. Classified once, at the provider adapter (or the
 * component that failed); everything above matches on `code`, never on message text.
 */
export type ErrorCode =
  /** The key was refused (401/403). Do not retry this provider until its key changes. */
  | 'unauthorized'
  /** The account is out of credit (OpenAI `insufficient_quota`). Retrying is pointless. */
  | 'quota'
  /** Too many requests; `retryAfterMs` says when to come back when the provider said so. */
  | 'rate_limited'
  /** The provider is overloaded (Anthropic 529, `overloaded_error`). */
  | 'overloaded'
  /** The prompt (plus completion) does not fit; `contextLimit`/`promptTokens` when reported. */
  | 'context_length'
  /** The request itself is wrong; goes back to the client unchanged in meaning. */
  | 'bad_request'
  /** The provider failed (5xx, malformed answer, `event: error` mid-stream). */
  | 'server'
  /** Connection refused, reset, DNS, TLS: the provider could not be reached. */
  | 'network'
  /** A timeout fired: connect, first token, idle between chunks, or the whole attempt. */
  | 'timeout'
  /** The caller cancelled. Never escalated, never reported as a provider failure. */
  | 'cancelled'
  /** Tokenhub's own input was invalid (config, vault, request shape). */
  | 'invalid_input'
  /** Nothing could serve the request (no candidate, all candidates failed). */
  | 'unavailable';

/**
 * A provider's own account of a failure (its error type and message, the key redacted), kept so
 * that a client speaking the provider's format gets it unchanged: Anthropic-format clients such
 * as Claude Code decide how to recover from Anthropic's error type and wording.
 */
export interface UpstreamErrorDetail {
  /** The provider's wire format (a `WireFormat`: `anthropic-messages`, `openai-chat`). */
  format: string;
  /** The HTTP status the provider answered with (200 for an error event mid-stream). */
  status: number;
  /** The provider's error type (`overloaded_error`, `invalid_request_error`). */
  type: string;
  message: string;
}

export interface TokenhubErrorOptions {
  status?: number;
  retryAfterMs?: number;
  provider?: string;
  model?: string;
  /** For `context_length`: the model's limit, when the provider said it. */
  contextLimit?: number;
  /** For `context_length`: the prompt (or prompt+completion) size the provider reported. */
  requestedTokens?: number;
  /** The provider's own error type and words, when the failure came from a provider that said them. */
  upstream?: UpstreamErrorDetail;
  cause?: unknown;
}

/** An error with a stable code, the facts needed to decide what to do next, and its cause. */
export class TokenhubError extends Error {
  override readonly name = 'TokenhubError';
  readonly code: ErrorCode;
  readonly status?: number;
  readonly retryAfterMs?: number;
  readonly provider?: string;
  readonly model?: string;
  readonly contextLimit?: number;
  readonly requestedTokens?: number;
  readonly upstream?: UpstreamErrorDetail;

  constructor(code: ErrorCode, message: string, options: TokenhubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.provider = options.provider;
    this.model = options.model;
    this.contextLimit = options.contextLimit;
    this.requestedTokens = options.requestedTokens;
    this.upstream = options.upstream;
  }
}

export function isTokenhubError(error: unknown, code?: ErrorCode): error is TokenhubError {
  return error instanceof TokenhubError && (code === undefined || error.code === code);
}

/** The one predicate for cancellation: a caller abort, never matched by message text. */
export function isCancellation(error: unknown): boolean {
  return isTokenhubError(error, 'cancelled');
}

export function cancelledError(provider?: string): TokenhubError {
  return new TokenhubError('cancelled', 'The request was cancelled.', { provider });
}

/**
 * Turns an aborted signal into the error to throw: the router aborts with a TokenhubError
 * (for example `timeout`) as the reason, which is rethrown as is; any other reason is a cancel.
 */
export function abortReason(signal: CancelSignal, provider?: string): TokenhubError {
  const reason: unknown = signal.reason;
  return reason instanceof TokenhubError ? reason : cancelledError(provider);
}
