import { own } from '../codec';
import type { AnthropicErrorBody } from './wire';

/**
 * Anthropic's error types and their HTTP statuses (Anthropic's "Errors" reference). A surface
 * answers an Anthropic-format client with these; the adapter reads them from upstream bodies.
 */
/** Anthropic's error types (`error.type`). */
export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

/** The HTTP status of each error type. */
export const STATUS_FOR_ERROR_TYPE: Readonly<Record<AnthropicErrorType, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

const ERROR_TYPE_FOR_STATUS = new Map<number, AnthropicErrorType>(
  (Object.entries(STATUS_FOR_ERROR_TYPE) as [AnthropicErrorType, number][]).map(([type, status]) => [status, type]),
);

/** The HTTP status for an error type; 500 for a type this table lacks. */
export function statusForErrorType(type: string): number {
  return own(STATUS_FOR_ERROR_TYPE, type) ?? 500;
}

/**
 * The error type for an HTTP status: the table's, else by class (another 4xx is an invalid
 * request, 503 is overload, another 5xx an API error).
 */
export function errorTypeForStatus(status: number): AnthropicErrorType {
  const exact = ERROR_TYPE_FOR_STATUS.get(status);
  if (exact) return exact;
  if (status === 503) return 'overloaded_error';
  if (status >= 400 && status < 500) return 'invalid_request_error';
  return 'api_error';
}

/** An Anthropic error body: `{type:"error", error:{type, message}}`. */
export function encodeAnthropicError(type: string, message: string): AnthropicErrorBody {
  return { type: 'error', error: { type, message } };
}
