import type { ErrorCode } from '../../base/errors';
import { TokenhubError } from '../../base/errors';
import { isContextOverflow, parseOverflow } from './overflow';
import type { HeaderMap } from './retryAfter';
import { retryAfterMs } from './retryAfter';

/**
 * Classification of upstream failures, once, at the adapter (STYLE.md §6). Every dialect's error
 * body is first reduced to the same few parsed fields; the decision then looks only at the
 * status and those fields, and the message is rebuilt from them (never the raw body, which may
 * echo the key), truncated and redacted.
 */

/** The parsed fields of an error body, whatever its dialect. */
export interface UpstreamErrorFields {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
  /** llama.cpp sends the numbers as fields: `n_ctx`, `n_prompt_tokens`. */
  contextLimit?: number;
  requestedTokens?: number;
}

/** Who failed and what must never show: the adapter's identity and its key. */
export interface ClassifyContext {
  provider: string;
  model?: string;
  apiKey?: string;
  now?: number;
  /**
   * The provider's wire format, when a client of that format should get the provider's own error
   * type and words (TokenhubError `upstream`); unset, only Tokenhub's summary is kept.
   */
  format?: string;
}

const MAX_MESSAGE = 300;
/** The provider's own message is kept whole up to this (redacted); Anthropic's are a line or two. */
const MAX_UPSTREAM_MESSAGE = 4000;

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
const int = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * Reads an error body of any dialect: OpenAI `{error:{message,type,param,code}}`, Anthropic
 * `{type:"error",error:{type,message}}`, legacy vLLM `{object:"error",message,type,code}`, TGI
 * `{error:"…",error_type}`, FastAPI `{detail}`. Returns {} for anything else.
 */
export function parseErrorBody(body: unknown): UpstreamErrorFields {
  if (!isObject(body)) return {};
  const inner = isObject(body.error) ? body.error : body;
  const fields: UpstreamErrorFields = {
    message: str(inner.message) ?? (typeof body.error === 'string' ? body.error : undefined) ?? detail(body.detail),
    type: str(inner.type) ?? str(body.error_type),
    code: str(inner.code),
    param: str(inner.param),
    contextLimit: int(inner.n_ctx),
    requestedTokens: int(inner.n_prompt_tokens),
  };
  return fields;
}

function detail(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && isObject(value[0])) return str(value[0].msg);
  return undefined;
}

/** Parses a body text as JSON error fields; a non-JSON body yields {} (its text is never used). */
export function parseErrorText(text: string): UpstreamErrorFields {
  try {
    return parseErrorBody(JSON.parse(text));
  } catch {
    return {};
  }
}

/** Removes the key (and anything shaped like a provider key) from text meant for people. */
export function redact(text: string, apiKey: string | undefined): string {
  let out = text;
  if (apiKey && apiKey.length >= 4) out = out.split(apiKey).join('[redacted]');
  return out.replace(/\b(?:sk|pk|rk)-[A-Za-z0-9_*-]{8,}/g, '[redacted]').replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]');
}

/** Truncated, redacted, single-line: safe to put in an error message or a log. */
export function safeText(text: string, apiKey: string | undefined): string {
  const oneLine = redact(text, apiKey).replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
}

const lower = (value: string | undefined): string => (value ?? '').toLowerCase();

/** The decision table: status and parsed fields to a code. */
export function errorCodeFor(status: number, fields: UpstreamErrorFields): ErrorCode {
  const code = lower(fields.code);
  const type = lower(fields.type);
  if (code === 'insufficient_quota' || type === 'insufficient_quota') return 'quota';
  if (status === 401 || status === 403 || type === 'authentication_error' || type === 'permission_error') return 'unauthorized';
  if (isContextOverflow(fields.message, code, type) || fields.contextLimit !== undefined) return 'context_length';
  if (status === 429 || type === 'rate_limit_error' || code === 'rate_limit_exceeded') return 'rate_limited';
  if (status === 529 || type === 'overloaded_error') return 'overloaded';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'server';
}

const WHAT: Record<ErrorCode, string> = {
  unauthorized: 'refused the API key',
  quota: 'has no quota left for this account',
  rate_limited: 'is rate limiting',
  overloaded: 'is overloaded',
  context_length: 'says the prompt does not fit the model',
  bad_request: 'refused the request',
  server: 'failed',
  network: 'could not be reached',
  timeout: 'timed out',
  cancelled: 'was cancelled',
  invalid_input: 'got invalid input',
  unavailable: 'is unavailable',
};

/**
 * The TokenhubError for an upstream error (an HTTP status with a parsed body, or a mid-stream
 * error event, where `status` is the 200 the stream began with).
 */
export function upstreamError(status: number, headers: HeaderMap, fields: UpstreamErrorFields, context: ClassifyContext): TokenhubError {
  const code = errorCodeFor(status, fields);
  const label = [fields.type, fields.code].filter((part, index, all) => part && all.indexOf(part) === index).join('/');
  const detailText = fields.message ? `: ${safeText(fields.message, context.apiKey)}` : '';
  const message = `${context.provider} ${WHAT[code]} (HTTP ${status}${label ? ` ${safeText(label, context.apiKey)}` : ''})${detailText}`;
  const overflow = code === 'context_length' && fields.message ? parseOverflow(fields.message) : {};
  const retry = code === 'rate_limited' || code === 'overloaded' || code === 'server' ? retryAfterMs(headers, fields.message, context.now) : undefined;
  const upstream =
    context.format !== undefined && fields.type && fields.message !== undefined
      ? { format: context.format, status, type: fields.type, message: redact(fields.message, context.apiKey).slice(0, MAX_UPSTREAM_MESSAGE) }
      : undefined;
  return new TokenhubError(code, message, {
    ...(upstream && { upstream }),
    status,
    provider: context.provider,
    model: context.model,
    retryAfterMs: retry,
    contextLimit: fields.contextLimit ?? overflow.contextLimit,
    requestedTokens: fields.requestedTokens ?? overflow.requestedTokens,
    // The cause carries the parsed facts, not the body: the body may echo the key.
    cause: { status, type: fields.type, code: fields.code, param: fields.param },
  });
}

/** A response that is not what the protocol promised (malformed JSON, wrong shape, cut stream). */
export function protocolError(what: string, context: ClassifyContext, status = 200, cause?: unknown): TokenhubError {
  return new TokenhubError('server', `${context.provider} sent ${what}.`, {
    status,
    provider: context.provider,
    model: context.model,
    cause,
  });
}
