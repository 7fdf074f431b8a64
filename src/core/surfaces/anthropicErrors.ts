import { encodeAnthropicError, errorTypeForStatus } from '../formats/anthropic/errors';
import type { AnthropicErrorBody } from '../formats/anthropic/wire';
import type { ApiError } from '../server/httpError';

/**
 * Errors as an Anthropic-format client gets them (DESIGN.md "Local HTTP API"): Anthropic's
 * `{type:"error", error:{type, message}}` with its types and statuses. An error an Anthropic
 * provider gave reaches the client unchanged in type and wording, since clients such as Claude
 * Code decide how to recover from them (a thinking block refused, a beta refused, a prompt too
 * long). Tokenhub's own errors get the type of their status, overload its own 529, and a prompt
 * that fits no model Anthropic's opening words for it.
 */

/** Anthropic's status for overload; OpenAI-format clients get 503. */
export const OVERLOADED_STATUS = 529;

/** The words Anthropic opens an overflow error with, which clients recognise to compact the conversation. */
const TOO_LONG = 'prompt is too long';

/** The status, error type and message an Anthropic client gets for `error`. */
export function anthropicError(error: ApiError): { status: number; type: string; message: string } {
  const status = anthropicErrorStatus(error);
  const upstream = error.upstream;
  if (upstream?.format === 'anthropic-messages') return { status, type: upstream.type, message: upstream.message };
  if (error.code === 'overloaded') return { status, type: 'overloaded_error', message: error.message };
  // A 503 of Tokenhub's own (nothing could be tried, shutting down) is not an overload to back off from.
  const type = status === 503 ? 'api_error' : errorTypeForStatus(status);
  const message = error.code === 'context_length_exceeded' && !error.message.toLowerCase().startsWith(TOO_LONG) ? `${TOO_LONG}: ${error.message}` : error.message;
  return { status, type, message };
}

/** The HTTP status of `error` for an Anthropic client. */
export function anthropicErrorStatus(error: ApiError): number {
  return error.code === 'overloaded' ? OVERLOADED_STATUS : error.status;
}

/** The error body for an Anthropic client. */
export function anthropicErrorObject(error: ApiError): AnthropicErrorBody {
  const { type, message } = anthropicError(error);
  return encodeAnthropicError(type, message);
}

/** The error body for an Anthropic client, serialised. */
export function anthropicErrorBody(error: ApiError): string {
  return JSON.stringify(anthropicErrorObject(error));
}
