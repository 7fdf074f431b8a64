import type { CanonicalChunk, CanonicalRequest, CanonicalResponse, FinishReason, Usage } from '../../types';
import { own } from '../../formats/codec';
import type {
  OpenAIChatRequest,
  OpenAIChatResponse,
  OpenAICompletionRequest,
  OpenAICompletionResponse,
  OpenAIStreamChunk,
  OpenAIUsage,
} from './wire';

/**
 * Pure transforms between the canonical shapes and OpenAI's (also used for vLLM). No I/O: the
 * adapter feeds parsed JSON in and gets canonical values out, or `undefined` for a body that
 * is not the promised shape (the adapter turns that into a `server` error).
 */

/** Which field carries the completion limit on chat requests. */
export type MaxTokensField = 'max_tokens' | 'max_completion_tokens';

/** OpenAI's finish reasons, mapped through a table (unknown ones become null). */
export const OPENAI_FINISH_REASONS: Readonly<Record<string, FinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  eos: 'stop', // some compatible servers (TGI)
};

export function finishReason(reason: string | null | undefined): FinishReason | null {
  return reason ? (own(OPENAI_FINISH_REASONS, reason) ?? null) : null;
}

/** The request body, chat or completion; streams always ask for usage. */
export function toOpenAIBody(
  model: string,
  request: CanonicalRequest,
  stream: boolean,
  maxTokensField: MaxTokensField,
): OpenAIChatRequest | OpenAICompletionRequest {
  const common = {
    model,
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.topP !== undefined && { top_p: request.topP }),
    ...(request.stop !== undefined && request.stop.length > 0 && { stop: request.stop }),
    stream,
    ...(stream && { stream_options: { include_usage: true } }),
  };
  if (request.kind === 'completion') {
    return { ...common, prompt: request.prompt, ...(request.maxTokens !== undefined && { max_tokens: request.maxTokens }) };
  }
  return {
    ...common,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    ...(request.maxTokens !== undefined && { [maxTokensField]: request.maxTokens }),
  };
}

export function toUsage(usage: OpenAIUsage | null | undefined): Usage | undefined {
  if (!usage || typeof usage.prompt_tokens !== 'number' || typeof usage.completion_tokens !== 'number') return undefined;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: typeof usage.total_tokens === 'number' ? usage.total_tokens : usage.prompt_tokens + usage.completion_tokens,
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A non-streamed answer (chat or completion), or undefined when the body is not one. */
export function fromOpenAIResponse(kind: CanonicalRequest['kind'], body: unknown): CanonicalResponse | undefined {
  if (!isObject(body) || !Array.isArray(body.choices) || !isObject(body.choices[0])) return undefined;
  let text: unknown;
  if (kind === 'chat') {
    const message = (body as unknown as OpenAIChatResponse).choices[0].message;
    if (!isObject(message)) return undefined;
    text = message.content ?? '';
  } else {
    text = (body as unknown as OpenAICompletionResponse).choices[0].text;
  }
  if (typeof text !== 'string') return undefined;
  const typed = body as unknown as OpenAIChatResponse;
  const response: CanonicalResponse = {
    id: typeof typed.id === 'string' ? typed.id : '',
    providerModel: typeof typed.model === 'string' ? typed.model : '',
    text,
    finishReason: finishReason(typed.choices[0].finish_reason),
  };
  const usage = toUsage(typed.usage);
  if (usage) response.usage = usage;
  return response;
}

/**
 * Adds the canonical chunks in one stream chunk to `out` (choice 0 only: Tokenhub never asks
 * for `n > 1`). Returns false, adding nothing, for a chunk that is not an object.
 */
export function addOpenAIChunk(chunk: unknown, out: CanonicalChunk[]): boolean {
  if (!isObject(chunk)) return false;
  const typed = chunk as OpenAIStreamChunk;
  // `choices` is [] in the usage chunk, and null in vLLM's.
  const choices = typed.choices;
  let choice: NonNullable<typeof choices>[number] | undefined;
  if (Array.isArray(choices)) {
    for (const c of choices) {
      if (isObject(c) && (c.index ?? 0) === 0) {
        choice = c;
        break;
      }
    }
  }
  if (choice) {
    const text = choice.delta?.content ?? choice.text;
    if (typeof text === 'string' && text.length > 0) out.push({ type: 'delta', text });
    if (choice.finish_reason) out.push({ type: 'finish', finishReason: finishReason(choice.finish_reason) });
  }
  const usage = toUsage(typed.usage);
  if (usage) out.push({ type: 'usage', usage });
  return true;
}
