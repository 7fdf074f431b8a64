import type { Answer, AnswerPart } from '../../model/answer';
import { answerText } from '../../model/answer';
import type { JsonObject, ToolCallPart } from '../../model/content';
import type { FinishReason } from '../../model/events';
import type { Usage } from '../../model/usage';
import { isJsonObject } from '../codec';
import { decodeUsage, encodeUsage, finishReason } from './usage';
import type { OpenAIChatResponse, OpenAICompletionResponse, OpenAIResponseMessage, OpenAIToolCall } from './wire';

/**
 * Non-streamed answers, both ways: a provider's body → the model's Answer (client side), and an
 * Answer → the body a client of Tokenhub's OpenAI surface gets (server side).
 */

/** What the server side puts around an answer: Tokenhub's id for it, the model id, the time. */
export interface ResponseMeta {
  id: string;
  model: string;
  /** Unix seconds. */
  created: number;
}

/** The choice a single-answer reader takes: index 0, or the first. */
export function firstChoice(choices: unknown): JsonObject | undefined {
  if (!Array.isArray(choices)) return undefined;
  let first: JsonObject | undefined;
  for (const choice of choices) {
    if (!isJsonObject(choice)) continue;
    if ((choice.index ?? 0) === 0) return choice;
    first ??= choice;
  }
  return first;
}

/**
 * A provider's chat completion → an Answer, or undefined when the body is not one. Reasoning
 * (`reasoning_content`, newer vLLM `reasoning`) comes first, then the text, then the calls; a
 * refusal is text, and ends the answer as `content_filter`; a call without arguments gets
 * `"{}"`; calls that end with `stop` (some servers say so) end as `tool_calls`.
 */
export function decodeChatResponse(body: unknown): Answer | undefined {
  if (!isJsonObject(body)) return undefined;
  const choice = firstChoice(body.choices);
  const message = choice?.message;
  if (!choice || !isJsonObject(message)) return undefined;
  const content: AnswerPart[] = [];
  const reasoning = typeof message.reasoning_content === 'string' && message.reasoning_content !== '' ? message.reasoning_content : message.reasoning;
  if (typeof reasoning === 'string' && reasoning !== '') content.push({ type: 'reasoning', text: reasoning });
  const text = messageText(message.content);
  if (text === undefined) return undefined;
  if (text !== '') content.push({ type: 'text', text });
  const refused = typeof message.refusal === 'string' && message.refusal !== '';
  if (refused) content.push({ type: 'text', text: message.refusal as string });
  const id = typeof body.id === 'string' ? body.id : '';
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls : isJsonObject(message.function_call) ? [{ function: message.function_call }] : [];
  calls.forEach((call, index) => {
    const part = toolCall(call, `${id || 'call'}_${index}`);
    if (part) content.push(part);
  });
  let reason = finishReason(choice.finish_reason);
  if (refused && reason === 'stop') reason = 'content_filter';
  if (reason === 'stop' && content.some((part) => part.type === 'tool_call')) reason = 'tool_calls';
  const answer: Answer = { id, providerModel: typeof body.model === 'string' ? body.model : '', content, finishReason: reason, raw: body };
  const usage = decodeUsage(body.usage);
  if (usage) answer.usage = usage;
  return answer;
}

/** `content`: a string, null, or (some compatible servers) an array of text parts. */
function messageText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (!Array.isArray(value)) return undefined;
  let text = '';
  for (const part of value) if (isJsonObject(part) && typeof part.text === 'string') text += part.text;
  return text;
}

/** A call of the answer; custom (free-text) calls have no place in the model and stay in `raw`. */
function toolCall(value: unknown, fallbackId: string): ToolCallPart | undefined {
  if (!isJsonObject(value) || !isJsonObject(value.function) || (value.type !== undefined && value.type !== 'function')) return undefined;
  const fn = value.function;
  const args = fn.arguments;
  // Some servers return the arguments as an object rather than JSON text.
  const text = typeof args === 'string' ? args : isJsonObject(args) ? JSON.stringify(args) : '';
  return {
    type: 'tool_call',
    id: typeof value.id === 'string' && value.id !== '' ? value.id : fallbackId,
    name: typeof fn.name === 'string' ? fn.name : '',
    arguments: text.trim() === '' ? '{}' : text,
  };
}

/** The finish reason a client is told: calls end as `tool_calls`, an unknown end as `stop`. */
export function wireFinishReason(reason: FinishReason | null, calledTools: boolean): FinishReason {
  if (calledTools && (reason === 'stop' || reason === null)) return 'tool_calls';
  return reason ?? 'stop';
}

/**
 * An Answer → the chat completion body for Tokenhub's OpenAI surface. `content` is null when the
 * answer only calls tools; reasoning text goes in `reasoning_content` (what Cline and other
 * OpenAI-compatible clients read); call ids are the answer's own.
 */
export function encodeChatResponse(answer: Answer, meta: ResponseMeta, usage: Usage): JsonObject {
  let text = '';
  let reasoning = '';
  const calls: OpenAIToolCall[] = [];
  for (const part of answer.content) {
    if (part.type === 'text') text += part.text;
    else if (part.type === 'reasoning') reasoning += part.text;
    else calls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments.trim() === '' ? '{}' : part.arguments } });
  }
  const message: OpenAIResponseMessage = { role: 'assistant', content: text === '' && calls.length > 0 ? null : text, refusal: null };
  if (reasoning !== '') message.reasoning_content = reasoning;
  if (calls.length > 0) message.tool_calls = calls;
  const body: OpenAIChatResponse = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, message, logprobs: null, finish_reason: wireFinishReason(answer.finishReason, calls.length > 0) }],
    usage: encodeUsage(usage),
  };
  return body as unknown as JsonObject;
}

/** A provider's legacy completion → an Answer, or undefined when the body is not one. */
export function decodeCompletionResponse(body: unknown): Answer | undefined {
  if (!isJsonObject(body)) return undefined;
  const choice = firstChoice(body.choices);
  if (!choice || typeof choice.text !== 'string') return undefined;
  const answer: Answer = {
    id: typeof body.id === 'string' ? body.id : '',
    providerModel: typeof body.model === 'string' ? body.model : '',
    content: choice.text === '' ? [] : [{ type: 'text', text: choice.text }],
    finishReason: finishReason(choice.finish_reason),
    raw: body,
  };
  const usage = decodeUsage(body.usage);
  if (usage) answer.usage = usage;
  return answer;
}

/** An Answer → the legacy completion body (its text; a completion has no calls or reasoning). */
export function encodeCompletionResponse(answer: Answer, meta: ResponseMeta, usage: Usage): JsonObject {
  const body: OpenAICompletionResponse = {
    id: meta.id,
    object: 'text_completion',
    created: meta.created,
    model: meta.model,
    choices: [{ index: 0, text: answerText(answer), logprobs: null, finish_reason: answer.finishReason ?? 'stop' }],
    usage: encodeUsage(usage),
  };
  return body as unknown as JsonObject;
}
