import type { Answer, AnswerPart } from '../../model/answer';
import type { JsonObject, ReasoningPart } from '../../model/content';
import type { FinishReason } from '../../model/events';
import { isJsonObject, own } from '../codec';
import { decodeUsage } from './usage';

/**
 * A Responses `response` object (from an OpenAI Responses upstream) → the model's answer.
 * Output items in order: a `message` becomes one text part (its `output_text` parts joined; a
 * `refusal` is text too, the model's explanation, and makes the finish reason
 * `content_filter`, as Anthropic's `refusal` does); a `reasoning` item a reasoning part (its
 * summary parts joined by a blank line, or its reasoning text where a server sends that
 * instead, with its id and encrypted content); a `function_call` a tool call whose id is the
 * `call_id` results refer to. Items of built-in tools are left out (`raw` keeps them for a
 * Responses client). Responses has no finish reason: it follows from `status`,
 * `incomplete_details` and the output.
 */

/** `incomplete_details.reason` → the finish reason. */
const INCOMPLETE: Readonly<Record<string, FinishReason>> = {
  max_output_tokens: 'length',
  max_messages: 'length',
  content_filter: 'content_filter',
};

/** A failed response's error, for the adapter to classify and throw. */
export interface ResponsesFailure {
  code: string;
  message: string;
  param?: string;
}

/** The finish reason of a finished response. */
export function finishReasonOf(response: JsonObject, called: boolean, refused: boolean): FinishReason | null {
  switch (response.status) {
    case 'completed':
    case undefined:
      return called ? 'tool_calls' : refused ? 'content_filter' : 'stop';
    case 'incomplete': {
      const details = response.incomplete_details;
      const reason = isJsonObject(details) && typeof details.reason === 'string' ? own(INCOMPLETE, details.reason) : undefined;
      return reason ?? 'length';
    }
    default:
      return null;
  }
}

/** The text of a list of `{text}` parts (summary or reasoning text), or '' for none. */
export function joinedTexts(list: unknown, separator: string): string {
  if (!Array.isArray(list)) return '';
  return list.flatMap((entry) => (isJsonObject(entry) && typeof entry.text === 'string' ? [entry.text] : [])).join(separator);
}

/** A reasoning item's text: the summary, or the reasoning text where there is no summary. */
export function reasoningText(item: JsonObject): string {
  return Array.isArray(item.summary) && item.summary.length > 0 ? joinedTexts(item.summary, '\n\n') : joinedTexts(item.content, '\n\n');
}

/** A message item's text and whether it holds a refusal; undefined when it holds neither. */
export function messageText(item: JsonObject): { text: string; refused: boolean } | undefined {
  if (!Array.isArray(item.content)) return undefined;
  let text = '';
  let found = false;
  let refused = false;
  for (const part of item.content) {
    if (!isJsonObject(part)) continue;
    if (part.type === 'output_text' && typeof part.text === 'string') {
      text += part.text;
      found = true;
    } else if (part.type === 'refusal' && typeof part.refusal === 'string') {
      text += part.refusal;
      found = refused = true;
    }
  }
  return found ? { text, refused } : undefined;
}

/** One output item as a part of the answer; undefined for an item the model has no part for. */
export function outputPart(item: JsonObject): { part: AnswerPart; refused?: boolean } | undefined {
  switch (item.type) {
    case 'message': {
      const message = messageText(item);
      return message && { part: { type: 'text', text: message.text }, refused: message.refused };
    }
    case 'reasoning': {
      const part: ReasoningPart = { type: 'reasoning', text: reasoningText(item) };
      if (typeof item.encrypted_content === 'string' && item.encrypted_content !== '') part.encryptedContent = item.encrypted_content;
      if (typeof item.id === 'string' && item.id !== '') part.itemId = item.id;
      return { part };
    }
    case 'function_call': {
      const args = typeof item.arguments === 'string' && item.arguments.trim() !== '' ? item.arguments : '{}';
      const id = typeof item.call_id === 'string' ? item.call_id : typeof item.id === 'string' ? item.id : '';
      return { part: { type: 'tool_call', id, name: typeof item.name === 'string' ? item.name : '', arguments: args } };
    }
    default:
      return undefined;
  }
}

/** A response body → an answer; undefined when the body is not a response object. */
export function decodeResponsesResponse(body: unknown): Answer | undefined {
  if (!isJsonObject(body) || !Array.isArray(body.output) || (body.object !== undefined && body.object !== 'response')) return undefined;
  const content: AnswerPart[] = [];
  let refused = false;
  for (const item of body.output) {
    if (!isJsonObject(item)) continue;
    const decoded = outputPart(item);
    if (!decoded) continue;
    content.push(decoded.part);
    if (decoded.refused) refused = true;
  }
  const called = content.some((part) => part.type === 'tool_call');
  const answer: Answer = {
    id: typeof body.id === 'string' ? body.id : '',
    providerModel: typeof body.model === 'string' ? body.model : '',
    content,
    finishReason: finishReasonOf(body, called, refused),
    raw: body,
  };
  const usage = decodeUsage(body.usage);
  if (usage) answer.usage = usage;
  return answer;
}

/** The error of a response whose status is `failed` (or `cancelled`); undefined otherwise. */
export function responsesFailure(body: unknown): ResponsesFailure | undefined {
  if (!isJsonObject(body) || (body.status !== 'failed' && body.status !== 'cancelled')) return undefined;
  return failureOf(body.error, body.status === 'cancelled' ? 'cancelled' : 'server_error');
}

/** An error object (`response.error`, or an `error` event's fields) as a failure. */
export function failureOf(error: unknown, fallbackCode: string): ResponsesFailure {
  const source = isJsonObject(error) ? error : {};
  const failure: ResponsesFailure = {
    code: typeof source.code === 'string' && source.code !== '' ? source.code : typeof source.type === 'string' && source.type !== '' ? source.type : fallbackCode,
    message: typeof source.message === 'string' && source.message !== '' ? source.message : 'The response failed.',
  };
  if (typeof source.param === 'string') failure.param = source.param;
  return failure;
}
