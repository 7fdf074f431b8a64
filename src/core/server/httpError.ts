import type { ServerResponse } from 'node:http';
import { isTokenhubError } from '../base/errors';
import type { ErrorCode, UpstreamErrorDetail } from '../base/errors';

/** An error as the API answers it: OpenAI's `{error:{message,type,param,code}}` with a status. */
export interface ApiError {
  status: number;
  message: string;
  type: string;
  code: string | null;
  param?: string | null;
  /** Seconds, for a `retry-after` header. */
  retryAfter?: number;
  headers?: Record<string, string>;
  /**
   * The provider's own error type and words, for a surface whose format is the provider's (an
   * Anthropic client gets Anthropic's error unchanged). Never set for a refused provider key:
   * that is Tokenhub's problem, not the client's.
   */
  upstream?: UpstreamErrorDetail;
}

export function apiError(status: number, message: string, code: string | null = null, param: string | null = null): ApiError {
  return { status, message, type: typeForStatus(status), code, param };
}

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  unauthorized: 502,
  quota: 502,
  rate_limited: 429,
  overloaded: 503,
  context_length: 400,
  bad_request: 400,
  server: 502,
  network: 502,
  timeout: 504,
  cancelled: 499,
  invalid_input: 400,
  unavailable: 503,
};

/**
 * Maps anything thrown below the server to the answer. Messages of TokenhubErrors are built by
 * the core from parsed fields (never raw upstream bodies), so they are safe to pass on; anything
 * else is an internal error whose text stays in the log.
 */
export function toApiError(error: unknown): ApiError {
  if (!isTokenhubError(error)) return apiError(500, 'Tokenhub failed unexpectedly; see its log.', 'internal_error');
  const status = error.status && error.status >= 400 && error.status < 600 && error.code !== 'unauthorized' ? error.status : STATUS_BY_CODE[error.code];
  // A 404 of Tokenhub's own is an unknown model; a provider's 404 (an item it does not have) keeps its code.
  const code = error.code === 'context_length' ? 'context_length_exceeded' : status === 404 && error.provider === undefined ? 'model_not_found' : error.code;
  const result = apiError(status, error.message, code);
  if (error.upstream && error.code !== 'unauthorized' && error.code !== 'quota') result.upstream = error.upstream;
  if (error.retryAfterMs !== undefined && error.retryAfterMs > 0) result.retryAfter = Math.ceil(error.retryAfterMs / 1000);
  return result;
}

export function errorBody(error: ApiError): string {
  return JSON.stringify({ error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } });
}

/**
 * Writes an error answer unless headers already went out (then the caller ends the stream), in
 * the shape `render` gives it (OpenAI's by default; each surface has its own).
 */
export function sendError(res: ServerResponse, error: ApiError, extraHeaders: Record<string, string> = {}, render: (error: ApiError) => string = errorBody): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = render(error);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...extraHeaders,
    ...error.headers,
  };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  res.writeHead(error.status, headers);
  res.end(body);
}

function typeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
