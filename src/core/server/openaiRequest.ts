import type { CanonicalRequest, ChatMessage, Role } from '../types';
import { apiError, type ApiError } from './httpError';
import { own } from '../formats/codec';

/** A validated OpenAI-format request, translated to Tokenhub's canonical one. */
export interface ParsedApiRequest {
  request: CanonicalRequest;
  model: string | undefined;
  stream: boolean;
  includeUsage: boolean;
  /** `x_tokenhub.escalate: false` asks for the named model only. */
  escalate: boolean;
}

export type ParseResult = { ok: true; value: ParsedApiRequest } | { ok: false; error: ApiError };

const ROLES: Record<string, Role> = { system: 'system', developer: 'system', user: 'user', assistant: 'assistant' };

/**
 * Checks an OpenAI-format body before any provider is called: every field Tokenhub uses has the
 * right type and range, and the first problem is answered with its `param`.
 */
export function parseApiRequest(body: unknown, kind: 'chat' | 'completion'): ParseResult {
  const fail = (param: string, message: string): ParseResult => ({ ok: false, error: apiError(400, message, 'invalid_request', param) });
  if (!isObject(body)) return fail('', 'The request body must be a JSON object.');

  const model = body.model;
  if (model !== undefined && (typeof model !== 'string' || model === '')) return fail('model', '"model" must be a non-empty string (or "auto").');
  const stream = body.stream ?? false;
  if (typeof stream !== 'boolean') return fail('stream', '"stream" must be a boolean.');
  const options = body.stream_options;
  if (options !== undefined && options !== null && !isObject(options)) return fail('stream_options', '"stream_options" must be an object.');
  const includeUsage = isObject(options) && options.include_usage === true;
  if (body.n !== undefined && body.n !== null && body.n !== 1) return fail('n', 'Only "n": 1 is supported.');

  const maxTokens = body.max_completion_tokens ?? body.max_tokens;
  if (maxTokens !== undefined && maxTokens !== null && !(Number.isInteger(maxTokens) && (maxTokens as number) > 0)) {
    return fail(body.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens', 'The token limit must be a positive integer.');
  }
  const temperature = body.temperature;
  if (temperature !== undefined && temperature !== null && !(typeof temperature === 'number' && temperature >= 0 && temperature <= 2)) {
    return fail('temperature', '"temperature" must be a number from 0 to 2.');
  }
  const topP = body.top_p;
  if (topP !== undefined && topP !== null && !(typeof topP === 'number' && topP >= 0 && topP <= 1)) return fail('top_p', '"top_p" must be a number from 0 to 1.');
  const stop = body.stop;
  let stops: string[] | undefined;
  if (typeof stop === 'string') stops = [stop];
  else if (Array.isArray(stop) && stop.length <= 4 && stop.every((s) => typeof s === 'string')) stops = stop as string[];
  else if (stop !== undefined && stop !== null) return fail('stop', '"stop" must be a string or an array of up to 4 strings.');
  const tokenhub = body.x_tokenhub;
  const escalate = !(isObject(tokenhub) && tokenhub.escalate === false);

  const common = {
    ...(maxTokens != null ? { maxTokens: maxTokens as number } : {}),
    ...(temperature != null ? { temperature: temperature as number } : {}),
    ...(topP != null ? { topP: topP as number } : {}),
    ...(stops ? { stop: stops } : {}),
  };
  let request: CanonicalRequest;
  if (kind === 'chat') {
    const messages = parseMessages(body.messages);
    if (typeof messages === 'string') return fail('messages', messages);
    request = { kind: 'chat', messages, ...common };
  } else {
    let prompt = body.prompt;
    if (Array.isArray(prompt) && prompt.length === 1) prompt = prompt[0];
    if (typeof prompt !== 'string') return fail('prompt', '"prompt" must be a string (or an array of one string).');
    request = { kind: 'completion', prompt, ...common };
  }
  return { ok: true, value: { request, model: model as string | undefined, stream, includeUsage, escalate } };
}

function parseMessages(value: unknown): ChatMessage[] | string {
  if (!Array.isArray(value) || value.length === 0) return '"messages" must be a non-empty array.';
  const messages: ChatMessage[] = [];
  for (const [index, item] of value.entries()) {
    if (!isObject(item)) return `messages[${index}] must be an object.`;
    const role = typeof item.role === 'string' ? own(ROLES, item.role) : undefined;
    if (!role) return `messages[${index}].role must be one of system, developer, user, assistant.`;
    const content = textOf(item.content);
    if (content === undefined) return `messages[${index}].content must be a string or an array of text parts.`;
    messages.push({ role, content });
  }
  return messages;
}

/** Message content as text: a string, or OpenAI's array of `{type:"text", text}` parts. */
function textOf(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return undefined;
  let text = '';
  for (const part of content) {
    if (!isObject(part) || part.type !== 'text' || typeof part.text !== 'string') return undefined;
    text += part.text;
  }
  return text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
