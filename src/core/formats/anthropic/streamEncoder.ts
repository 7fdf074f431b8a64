import type { FinishReason, StreamEvent } from '../../model/events';
import type { Usage } from '../../model/usage';
import { mergeUsage } from '../../model/usage';
import { encodeAnthropicError } from './errors';
import { JsonObjectPrefix } from './jsonPrefix';
import { usageToAnthropic } from './response';
import { stopReason } from './stopReasons';
import { ToolIds } from './toolIds';
import type { AnthropicStreamEvent } from './wire';

/**
 * The model's stream events → Anthropic's SSE events, exactly as Anthropic sends them (the local
 * API's `POST /v1/messages` with `stream: true`): one `message_start` (with a real id, the model
 * and the prompt's estimated `input_tokens`, never zero: Claude Code refuses zeroed usage), then
 * per block `content_block_start`, its deltas and `content_block_stop`, with indexes 0, 1, 2…,
 * then `message_delta` (stop reason, cumulative usage) and `message_stop`.
 *
 * Blocks never interleave on Anthropic's wire, but the model's events may (OpenAI streams
 * parallel tool calls interleaved by index). The current block streams live; events of other
 * blocks wait until it ends: at its `block_end`, at the finish, or, for a text or thinking
 * block, as soon as another block has something to say. Waiting blocks then follow in the order
 * they began.
 *
 * Thinking is held until its block ends, because only then is it known whether it carries
 * Anthropic state: signed reasoning becomes a `thinking` block (one `thinking_delta`, one
 * `signature_delta`), redacted reasoning a `redacted_thinking` block, and reasoning without
 * either (another vendor's) is left out, for the reason given at `encodeMessagesResponse`.
 */

/** Who the answer is, as the client will see it. */
export interface AnthropicStreamMeta {
  /** A `msg_…` id made by the caller. */
  id: string;
  /** The model name the client sees. */
  model: string;
  /** The prompt's estimated tokens (message_start comes before any provider report). */
  inputTokens: number;
}

type Kind = 'text' | 'reasoning' | 'tool_call';

interface Block {
  index: number;
  kind: Kind;
  /** Events that arrived while another block was on the wire. */
  waiting: StreamEvent[];
  ended: boolean;
  wire?: number;
  id: string;
  name: string;
  text: string;
  signature: string;
  redactedData?: string;
  /** A call's arguments so far: only a valid JSON beginning goes out (clients parse it). */
  json?: JsonObjectPrefix;
}

const kindOf = (event: StreamEvent): Kind | undefined =>
  event.type === 'text' ? 'text' : event.type === 'reasoning' || event.type === 'reasoning_state' ? 'reasoning' : event.type === 'tool_call' || event.type === 'tool_arguments' ? 'tool_call' : undefined;

/** One encoder per answer; each method returns the SSE text to write (possibly ''). */
export class AnthropicStreamEncoder {
  private out: string[] = [];
  private started = false;
  private finished = false;
  private nextWire = 0;
  private current: Block | undefined;
  private readonly queue: Block[] = [];
  /** Model index → its block, while the block is current or waiting. */
  private readonly open = new Map<number, Block>();
  /** Model indexes whose block is over on the wire. */
  private readonly closed = new Set<number>();
  private readonly ids = new ToolIds();
  private finish: FinishReason | null = null;
  private stopSequence: string | undefined;
  private usage: Usage | undefined;
  private calledTools = false;

  constructor(private readonly meta: AnthropicStreamMeta) {}

  /** `message_start` (also written by the first `push`); '' once written. */
  start(): string {
    this.ensureStarted();
    return this.flush();
  }

  /** The SSE text for one model event. */
  push(event: StreamEvent): string {
    if (this.finished) return '';
    this.ensureStarted();
    switch (event.type) {
      case 'start':
        break; // the id and model the client sees are the caller's
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        break;
      case 'finish':
        this.finish = event.reason;
        if (event.stopSequence !== undefined) this.stopSequence = event.stopSequence;
        this.closeAll();
        break;
      case 'block_end':
        this.blockEnd(event.index);
        break;
      default:
        this.content(event);
    }
    return this.flush();
  }

  /** The SSE text for several events. */
  pushAll(events: Iterable<StreamEvent>): string {
    let text = '';
    for (const event of events) text += this.push(event);
    return text;
  }

  /**
   * The end: blocks still waiting, `message_delta` with the stop reason and the usage (`usage`
   * when given, else what the events reported, else the estimate), then `message_stop`.
   */
  end(usage?: Usage): string {
    if (this.finished) return '';
    this.ensureStarted();
    this.closeAll();
    const final = usage ?? this.usage ?? { promptTokens: this.meta.inputTokens, completionTokens: 0, totalTokens: this.meta.inputTokens };
    const reason = stopReason(this.finish, this.stopSequence, this.calledTools);
    this.write({
      type: 'message_delta',
      delta: { stop_reason: reason, stop_sequence: reason === 'stop_sequence' ? this.stopSequence! : null },
      usage: usageToAnthropic(final),
    });
    this.write({ type: 'message_stop' });
    this.finished = true;
    return this.flush();
  }

  /** A keep-alive `ping`, for while the answer is slow to come. */
  ping(): string {
    return this.finished ? '' : frame({ type: 'ping' });
  }

  /** An `error` event (a failure after the stream began); nothing follows it. */
  error(type: string, message: string): string {
    if (this.finished) return '';
    this.finished = true;
    return frame(encodeAnthropicError(type, message) as AnthropicStreamEvent);
  }

  private ensureStarted(): void {
    if (this.started) return;
    this.started = true;
    this.write({
      type: 'message_start',
      message: {
        id: this.meta.id,
        type: 'message',
        role: 'assistant',
        model: this.meta.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        // Anthropic reports the prompt here and one output token; a zero makes clients think it failed.
        usage: { input_tokens: Math.max(1, Math.round(this.meta.inputTokens)), output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    });
  }

  private content(event: StreamEvent & { index: number }): void {
    // An empty fragment says nothing, and must not open a block (Anthropic sends no empty text blocks).
    if ((event.type === 'text' || event.type === 'reasoning') && event.text === '') return;
    const kind = kindOf(event)!;
    let block = this.open.get(event.index);
    if (!block) {
      // A call's fragment after its block ended cannot be delivered; text or thinking can, in a new block.
      if (this.closed.has(event.index) && kind === 'tool_call') return;
      block = { index: event.index, kind, waiting: [], ended: false, id: '', name: '', text: '', signature: '' };
      this.open.set(event.index, block);
      this.queue.push(block);
    }
    if (block.kind !== kind) return; // a block's type is set by its first event
    if (event.type === 'tool_call') {
      block.id ||= event.id;
      block.name ||= event.name;
    }
    if (block === this.current) return this.live(block, event);
    block.waiting.push(event);
    // Text and thinking give way as soon as another block has something to say; a call does not.
    if (this.current && this.current.kind !== 'tool_call') this.close(this.current);
    if (!this.current) this.promote();
  }

  private blockEnd(index: number): void {
    const block = this.open.get(index);
    if (!block) return;
    block.ended = true;
    if (block === this.current) {
      this.close(block);
      this.promote();
    }
  }

  /** Puts the first waiting block on the wire, and the next while the one put there has ended. */
  private promote(): void {
    while (!this.current && this.queue.length > 0) {
      const block = this.queue.shift()!;
      this.current = block;
      this.begin(block);
      for (const event of block.waiting.splice(0)) this.live(block, event);
      // Text or thinking gives way at once when a later block already has something to say.
      if (block.ended || (block.kind !== 'tool_call' && this.queue.length > 0)) this.close(block);
    }
  }

  private closeAll(): void {
    if (this.current) this.close(this.current);
    for (const block of this.queue) block.ended = true;
    this.promote();
  }

  private begin(block: Block): void {
    if (block.kind === 'reasoning') return; // held until it ends
    block.wire = this.nextWire++;
    if (block.kind === 'text') {
      this.write({ type: 'content_block_start', index: block.wire, content_block: { type: 'text', text: '' } });
      return;
    }
    this.calledTools = true;
    block.json = new JsonObjectPrefix();
    this.write({ type: 'content_block_start', index: block.wire, content_block: { type: 'tool_use', id: this.ids.wire(block.id), name: block.name, input: {} } });
    // Anthropic opens every call's arguments with an empty fragment; a call without parameters gets only that.
    this.write({ type: 'content_block_delta', index: block.wire, delta: { type: 'input_json_delta', partial_json: '' } });
  }

  private live(block: Block, event: StreamEvent): void {
    switch (event.type) {
      case 'text':
        if (event.text !== '') this.write({ type: 'content_block_delta', index: block.wire!, delta: { type: 'text_delta', text: event.text } });
        return;
      case 'tool_arguments': {
        const valid = block.json!.push(event.fragment);
        if (valid !== '') this.write({ type: 'content_block_delta', index: block.wire!, delta: { type: 'input_json_delta', partial_json: valid } });
        return;
      }
      case 'reasoning':
        block.text += event.text;
        return;
      case 'reasoning_state':
        if (event.state.signature !== undefined) block.signature += event.state.signature;
        if (event.state.redactedData !== undefined) block.redactedData = event.state.redactedData;
        return;
      default:
      // `tool_call`: its id and name opened the block.
    }
  }

  private close(block: Block): void {
    if (block.kind === 'reasoning') this.writeThinking(block);
    else {
      // Arguments cut short or broken are completed into a valid object; none at all stay "" (`{}`).
      const closing = block.json?.closing();
      if (closing && closing !== '{}') this.write({ type: 'content_block_delta', index: block.wire!, delta: { type: 'input_json_delta', partial_json: closing } });
      this.write({ type: 'content_block_stop', index: block.wire! });
    }
    this.open.delete(block.index);
    this.closed.add(block.index);
    if (this.current === block) this.current = undefined;
  }

  private writeThinking(block: Block): void {
    if (block.redactedData === undefined && block.signature === '') return; // another vendor's reasoning
    const index = this.nextWire++;
    if (block.redactedData !== undefined) {
      this.write({ type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: block.redactedData } });
    } else {
      this.write({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      if (block.text !== '') this.write({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.text } });
      this.write({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: block.signature } });
    }
    this.write({ type: 'content_block_stop', index });
  }

  private write(event: AnthropicStreamEvent): void {
    this.out.push(frame(event));
  }

  private flush(): string {
    if (this.out.length === 0) return '';
    const text = this.out.join('');
    this.out = [];
    return text;
  }
}

/** One SSE event as Anthropic writes it: `event:` line, one `data:` line, a blank line. */
function frame(event: AnthropicStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}
