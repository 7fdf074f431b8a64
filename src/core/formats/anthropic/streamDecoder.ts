import type { StreamEvent } from '../../model/events';
import type { Usage } from '../../model/usage';
import { isJsonObject } from '../codec';
import type { AnthropicAnswerOptions } from './response';
import { usageFromAnthropic } from './response';
import { finishReason } from './stopReasons';

/**
 * Anthropic's stream events → the model's stream events (the anthropic provider's side). One
 * decoder per stream: the prompt size arrives in `message_start` and the output size
 * (cumulative) in `message_delta`, and a block's type is known only from its
 * `content_block_start`. The model's block index is the event's `index` (Anthropic counts every
 * block, as the model does). `ping` and event types added after this was written are ignored;
 * `error` is kept in `failure` for the adapter to throw.
 */
export class AnthropicStreamDecoder {
  private readonly jsonTool: string | undefined;
  /** Block index → its type, from `content_block_start`. */
  private readonly blocks = new Map<number, 'text' | 'reasoning' | 'tool_call' | 'json' | 'other'>();
  private prompt: Usage | undefined;
  private calledTools = false;
  private answeredByJsonTool = false;
  /** True once `message_stop` arrived: a stream that ends before it was cut. */
  done = false;
  /** The error an `error` event reported (an overload after the 200), when one did. */
  failure: { type: string; message: string } | undefined;

  constructor(options: AnthropicAnswerOptions = {}) {
    this.jsonTool = options.jsonTool;
  }

  /** Decodes one parsed event (`event` is the SSE `event:` name, `data` its parsed JSON) into `out`. */
  push(event: string | undefined, data: unknown, out: StreamEvent[]): void {
    if (!isJsonObject(data)) return;
    const type = typeof data.type === 'string' ? data.type : event;
    switch (type) {
      case 'message_start':
        return this.start(data.message, out);
      case 'content_block_start':
        return this.blockStart(data, out);
      case 'content_block_delta':
        return this.delta(data, out);
      case 'content_block_stop':
        if (typeof data.index === 'number' && this.blocks.has(data.index)) out.push({ type: 'block_end', index: data.index });
        return;
      case 'message_delta':
        return this.messageDelta(data, out);
      case 'message_stop':
        this.done = true;
        return;
      case 'error': {
        const error = isJsonObject(data.error) ? data.error : {};
        this.failure = { type: typeof error.type === 'string' ? error.type : 'api_error', message: typeof error.message === 'string' ? error.message : '' };
        return;
      }
      default:
      // `ping`, and events Tokenhub does not know yet.
    }
  }

  private start(message: unknown, out: StreamEvent[]): void {
    if (!isJsonObject(message)) return;
    out.push({ type: 'start', id: typeof message.id === 'string' ? message.id : '', model: typeof message.model === 'string' ? message.model : '' });
    const usage = usageFromAnthropic(message.usage);
    if (usage) {
      this.prompt = usage;
      out.push({ type: 'usage', usage });
    }
  }

  private blockStart(data: Record<string, unknown>, out: StreamEvent[]): void {
    const index = data.index;
    const block = data.content_block;
    if (typeof index !== 'number' || !isJsonObject(block)) return;
    switch (block.type) {
      case 'text':
        this.blocks.set(index, 'text');
        if (typeof block.text === 'string' && block.text !== '') out.push({ type: 'text', index, text: block.text });
        return;
      case 'thinking':
        this.blocks.set(index, 'reasoning');
        if (typeof block.thinking === 'string' && block.thinking !== '') out.push({ type: 'reasoning', index, text: block.thinking });
        if (typeof block.signature === 'string' && block.signature !== '') out.push({ type: 'reasoning_state', index, state: { signature: block.signature } });
        return;
      case 'redacted_thinking':
        this.blocks.set(index, 'reasoning');
        if (typeof block.data === 'string') out.push({ type: 'reasoning_state', index, state: { redactedData: block.data } });
        return;
      case 'tool_use': {
        // The start block's `input` is `{}` while the arguments stream; a non-empty one is the arguments.
        const input = isJsonObject(block.input) && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '';
        if (this.jsonTool !== undefined && block.name === this.jsonTool) {
          this.blocks.set(index, 'json');
          this.answeredByJsonTool = true;
          if (input !== '') out.push({ type: 'text', index, text: input });
          return;
        }
        this.blocks.set(index, 'tool_call');
        this.calledTools = true;
        out.push({ type: 'tool_call', index, id: typeof block.id === 'string' ? block.id : '', name: typeof block.name === 'string' ? block.name : '' });
        if (input !== '') out.push({ type: 'tool_arguments', index, fragment: input });
        return;
      }
      default:
        // Server tools' blocks (web search and its results): nothing the model can hold.
        this.blocks.set(index, 'other');
    }
  }

  private delta(data: Record<string, unknown>, out: StreamEvent[]): void {
    const index = data.index;
    const delta = data.delta;
    if (typeof index !== 'number' || !isJsonObject(delta)) return;
    const block = this.blocks.get(index);
    switch (delta.type) {
      case 'text_delta':
        if (block === 'text' && typeof delta.text === 'string' && delta.text !== '') out.push({ type: 'text', index, text: delta.text });
        return;
      case 'thinking_delta':
        if (block === 'reasoning' && typeof delta.thinking === 'string' && delta.thinking !== '') out.push({ type: 'reasoning', index, text: delta.thinking });
        return;
      case 'signature_delta':
        if (block === 'reasoning' && typeof delta.signature === 'string' && delta.signature !== '') out.push({ type: 'reasoning_state', index, state: { signature: delta.signature } });
        return;
      case 'input_json_delta': {
        const fragment = delta.partial_json;
        // The first fragment is usually "": nothing to add.
        if (typeof fragment !== 'string' || fragment === '') return;
        if (block === 'tool_call') out.push({ type: 'tool_arguments', index, fragment });
        else if (block === 'json') out.push({ type: 'text', index, text: fragment });
        return;
      }
      default:
      // `citations_delta`: the model has no citations.
    }
  }

  private messageDelta(data: Record<string, unknown>, out: StreamEvent[]): void {
    const delta = isJsonObject(data.delta) ? data.delta : {};
    if (delta.stop_reason !== undefined && delta.stop_reason !== null) {
      let reason = finishReason(delta.stop_reason);
      if (reason === 'tool_calls' && this.answeredByJsonTool && !this.calledTools) reason = 'stop';
      out.push(typeof delta.stop_sequence === 'string' ? { type: 'finish', reason, stopSequence: delta.stop_sequence } : { type: 'finish', reason });
    }
    const usage = usageFromAnthropic(data.usage, this.prompt);
    if (usage) out.push({ type: 'usage', usage });
  }
}
