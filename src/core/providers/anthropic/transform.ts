import type { CanonicalChunk, CanonicalRequest, CanonicalResponse, ChatMessage, FinishReason, Usage } from '../../types';
import type { AnthropicMessage, AnthropicRequest, AnthropicResponse, AnthropicStreamEvent, AnthropicUsage } from './wire';
import { own } from '../../formats/codec';

/** Pure transforms between the canonical shapes and Anthropic's Messages API. */

/** Used when the request names no `maxTokens`: Anthropic refuses a request without one. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/**
 * Anthropic refuses a conversation that does not open with a user turn; a neutral one is
 * inserted in front of a leading assistant turn (the same choice other gateways make).
 */
const OPENING_USER_TURN = '.';

/** Anthropic's stop reasons, mapped through a table. */
export const ANTHROPIC_STOP_REASONS: Readonly<Record<string, FinishReason>> = {
  end_turn: 'stop',
  max_tokens: 'length',
  stop_sequence: 'stop',
  tool_use: 'tool_calls',
  pause_turn: 'stop',
  refusal: 'content_filter',
  model_context_window_exceeded: 'length',
};

export function stopReason(reason: string | null | undefined): FinishReason | null {
  return reason ? (own(ANTHROPIC_STOP_REASONS, reason) ?? null) : null;
}

/**
 * Lifts system messages to the top-level `system`, merges consecutive same-role turns (Anthropic
 * requires alternation), and makes sure the first turn is the user's.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): { system?: string; messages: AnthropicMessage[] } {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      system.push(message.content);
      continue;
    }
    const last = turns[turns.length - 1];
    if (last && last.role === message.role) last.content = `${last.content}\n\n${message.content}`;
    else turns.push({ role: message.role, content: message.content });
  }
  if (turns.length === 0 || turns[0].role !== 'user') turns.unshift({ role: 'user', content: OPENING_USER_TURN });
  const last = turns[turns.length - 1];
  // A final assistant turn (a prefill) may not end in whitespace: Anthropic answers 400.
  if (last.role === 'assistant') last.content = last.content.trimEnd();
  return system.length > 0 ? { system: system.join('\n\n'), messages: turns } : { messages: turns };
}

/** The request body; a completion becomes a one-user-message chat. */
export function toAnthropicBody(model: string, request: CanonicalRequest, stream: boolean, defaultMaxTokens = DEFAULT_ANTHROPIC_MAX_TOKENS): AnthropicRequest {
  const converted =
    request.kind === 'chat' ? toAnthropicMessages(request.messages) : { messages: [{ role: 'user' as const, content: request.prompt }] };
  return {
    model,
    ...converted,
    max_tokens: request.maxTokens ?? defaultMaxTokens,
    ...(request.temperature !== undefined && { temperature: request.temperature }),
    ...(request.topP !== undefined && { top_p: request.topP }),
    ...(request.stop !== undefined && request.stop.length > 0 && { stop_sequences: request.stop }),
    ...(stream && { stream: true }),
  };
}

const count = (value: number | null | undefined): number => (typeof value === 'number' ? value : 0);

/** Cached prompt tokens are still prompt tokens: they count against the context and the bill. */
export function promptTokens(usage: AnthropicUsage): number {
  return count(usage.input_tokens) + count(usage.cache_creation_input_tokens) + count(usage.cache_read_input_tokens);
}

function toUsage(prompt: number, completion: number): Usage {
  return { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isUsage = (value: unknown): value is AnthropicUsage => typeof value === 'object' && value !== null;

/** A non-streamed answer, or undefined when the body is not a `message`. */
export function fromAnthropicResponse(body: unknown): CanonicalResponse | undefined {
  if (!isObject(body) || body.type !== 'message' || !Array.isArray(body.content)) return undefined;
  const typed = body as unknown as AnthropicResponse;
  const text = typed.content
    .filter((block) => isObject(block) && block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text)
    .join('');
  const response: CanonicalResponse = {
    id: typeof typed.id === 'string' ? typed.id : '',
    providerModel: typeof typed.model === 'string' ? typed.model : '',
    text,
    finishReason: stopReason(typed.stop_reason),
  };
  if (isUsage(typed.usage)) response.usage = toUsage(promptTokens(typed.usage), count(typed.usage.output_tokens));
  return response;
}

/**
 * Folds a stream's events into canonical chunks. Stateful because the prompt size arrives in
 * `message_start` and the output size (cumulative) in `message_delta`.
 */
export class AnthropicStreamState {
  private prompt = 0;
  /** True once `message_stop` arrived: anything short of it is a cut stream. */
  done = false;

  /** The chunks for one event; `error` events are the adapter's to throw, not handled here. */
  next(event: AnthropicStreamEvent): CanonicalChunk[] {
    switch (event.type) {
      case 'message_start':
        if (isUsage(event.message?.usage)) this.prompt = promptTokens(event.message.usage);
        return [];
      case 'content_block_delta':
        // `input_json_delta`, `thinking_delta`, `signature_delta`: not text, skipped.
        return event.delta?.type === 'text_delta' && typeof event.delta.text === 'string' && event.delta.text.length > 0
          ? [{ type: 'delta', text: event.delta.text }]
          : [];
      case 'message_delta': {
        const out: CanonicalChunk[] = [];
        if (event.delta?.stop_reason) out.push({ type: 'finish', finishReason: stopReason(event.delta.stop_reason) });
        if (isUsage(event.usage)) {
          // Newer API versions repeat the input counts here; take them when present.
          const prompt = event.usage.input_tokens !== undefined ? promptTokens(event.usage) : this.prompt;
          out.push({ type: 'usage', usage: toUsage(prompt, count(event.usage.output_tokens)) });
        }
        return out;
      }
      case 'message_stop':
        this.done = true;
        return [];
      default:
        // ping, content_block_start/stop, and event types added after this was written.
        return [];
    }
  }
}
