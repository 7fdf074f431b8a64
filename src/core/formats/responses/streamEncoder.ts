import type { JsonObject } from '../../model/content';
import type { FinishReason, StreamEvent } from '../../model/events';
import type { Usage } from '../../model/usage';
import { mergeUsage } from '../../model/usage';
import type { ResponsesFailure } from './decodeResponse';
import {
  argumentsText,
  functionCallItem,
  messageItem,
  outputItemId,
  outputTextPart,
  reasoningItem,
  responseObject,
  statusOf,
  type ResponsesMeta,
} from './encodeResponse';

interface Block {
  index: number;
  type: 'text' | 'reasoning' | 'tool_call';
  /** Text, reasoning text or arguments so far. */
  text: string;
  callId: string;
  name: string;
  /** A tool block is ready once its call's id and name are known (they cannot change on the wire). */
  ready: boolean;
  encryptedContent?: string;
  itemId?: string;
  ended: boolean;
}

interface Live extends Block {
  outputIndex: number;
  id: string;
  /** A reasoning item's summary part has begun. */
  summaryOpen: boolean;
}

/**
 * The model's stream events → OpenAI's typed Responses events, each with a `sequence_number`
 * rising by one from 0: `response.created` and `response.in_progress` (a snapshot in progress,
 * no output), then each block as an output item (`output_item.added`; a message's
 * `content_part.added`, `output_text.delta`s, `output_text.done`, `content_part.done`; a call's
 * `function_call_arguments.delta`s and `.done`; reasoning as a summary part's events), ended by
 * `output_item.done` with the whole item, and at the end `response.completed` (or
 * `response.incomplete` for a length or content-filter finish) with the same response object
 * `encodeResponsesResponse` gives for the folded answer.
 *
 * Items never interleave on this wire: one block streams live, events of others are held and
 * their items emitted whole, in block order, once the live one is done (OpenAI-decoded
 * parallel calls interleave by index). A reasoning item's id must be known when it is added
 * (its encrypted content is bound to it): it is looked for in the rest of the batch that opens
 * the block, and a fresh `rs_…` id is used when the block has none by then. Events for a block
 * already done are ignored. After `failed`, nothing more is written.
 */
export class ResponsesStreamEncoder {
  private sequence = 0;
  private started = false;
  private closed = false;
  private readonly output: JsonObject[] = [];
  private live: Live | undefined;
  private readonly held = new Map<number, Block>();
  private readonly done = new Set<number>();
  private finishReason: FinishReason | null = null;
  private usage: Usage | undefined;

  constructor(private readonly meta: ResponsesMeta) {}

  /** `response.created` and `response.in_progress` (also written by the first other call). */
  start(): JsonObject[] {
    const out: JsonObject[] = [];
    this.begin(out);
    return out;
  }

  /** The wire events for one batch of model events. */
  push(events: readonly StreamEvent[]): JsonObject[] {
    const out: JsonObject[] = [];
    if (this.closed) return out;
    this.begin(out);
    events.forEach((event, position) => this.add(event, events, position + 1, out));
    return out;
  }

  /** The end of a clean stream: held items, then the terminal event; `usage` replaces the streamed usage. */
  end(usage?: Usage): JsonObject[] {
    const out: JsonObject[] = [];
    if (this.closed) return out;
    this.begin(out);
    if (this.live) this.close(out);
    this.drain(out, true);
    const { status, incompleteDetails } = statusOf(this.finishReason);
    const response = responseObject(this.meta, { status, output: this.output, usage: usage ?? this.usage, incompleteDetails });
    this.emit(out, status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
    this.closed = true;
    return out;
  }

  /**
   * A failure after the stream began: `response.failed` with the error (what Codex reads, with
   * the items finished so far), then an `error` event (what the openai SDK throws on).
   */
  failed(error: ResponsesFailure): JsonObject[] {
    const out: JsonObject[] = [];
    if (this.closed) return out;
    this.begin(out);
    const response = responseObject(this.meta, { status: 'failed', output: this.output, error: { code: error.code, message: error.message } });
    this.emit(out, 'response.failed', { response });
    this.emit(out, 'error', { code: error.code, message: error.message, param: error.param ?? null });
    this.closed = true;
    return out;
  }

  private begin(out: JsonObject[]): void {
    if (this.started) return;
    this.started = true;
    const response = responseObject(this.meta, { status: 'in_progress', output: [] });
    this.emit(out, 'response.created', { response });
    this.emit(out, 'response.in_progress', { response });
  }

  private emit(out: JsonObject[], type: string, fields: JsonObject): void {
    out.push({ type, ...fields, sequence_number: this.sequence++ });
  }

  private add(event: StreamEvent, batch: readonly StreamEvent[], rest: number, out: JsonObject[]): void {
    switch (event.type) {
      case 'finish':
        this.finishReason = event.reason;
        return;
      case 'usage':
        this.usage = mergeUsage(this.usage, event.usage);
        return;
      case 'start':
        return;
      default:
    }
    const index = event.index;
    if (this.done.has(index)) return;
    const live = this.live?.index === index ? this.live : undefined;
    const block = live ?? this.held.get(index) ?? this.hold(event);
    if (!block || !this.apply(block, event, live ? out : undefined)) return;
    if (live && event.type === 'block_end') {
      this.close(out);
      this.drain(out, false, batch, rest);
    } else if (!this.live) this.drain(out, false, batch, rest);
  }

  /** A new held block, typed by its first event. */
  private hold(event: Exclude<StreamEvent, { type: 'finish' | 'usage' | 'start' }>): Block | undefined {
    const type = event.type === 'text' ? 'text' : event.type === 'reasoning' || event.type === 'reasoning_state' ? 'reasoning' : event.type === 'block_end' ? undefined : 'tool_call';
    if (!type) return undefined;
    const block: Block = { index: event.index, type, text: '', callId: '', name: '', ready: type !== 'tool_call', ended: false };
    this.held.set(event.index, block);
    return block;
  }

  /** Applies an event to a block, writing deltas when it is live; false when it does not fit the block. */
  private apply(block: Block, event: StreamEvent, out: JsonObject[] | undefined): boolean {
    switch (event.type) {
      case 'text':
      case 'reasoning':
        if (block.type !== event.type) return false;
        block.text += event.text;
        if (out && event.text !== '') this.delta(block as Live, event.text, out);
        return true;
      case 'tool_arguments':
        if (block.type !== 'tool_call') return false;
        block.text += event.fragment;
        if (out && event.fragment !== '') this.delta(block as Live, event.fragment, out);
        return true;
      case 'tool_call':
        if (block.type !== 'tool_call') return false;
        if (!block.ready) {
          block.callId = event.id;
          block.name = event.name;
          block.ready = true;
        }
        return true;
      case 'reasoning_state':
        if (block.type !== 'reasoning') return false;
        if (event.state.encryptedContent !== undefined) block.encryptedContent = event.state.encryptedContent;
        if (event.state.itemId !== undefined && !out) block.itemId = event.state.itemId;
        return true;
      case 'block_end':
        block.ended = true;
        return true;
      default:
        return false;
    }
  }

  /** Opens held blocks in index order while the lowest can go: whole if ended, else live. */
  private drain(out: JsonObject[], force: boolean, batch: readonly StreamEvent[] = [], rest = 0): void {
    while (!this.live && this.held.size > 0) {
      const index = Math.min(...this.held.keys());
      const block = this.held.get(index)!;
      if (!block.ready && !force) return;
      this.held.delete(index);
      this.open(block, out, batch, rest);
      if (block.ended || force) this.close(out);
    }
  }

  private open(block: Block, out: JsonObject[], batch: readonly StreamEvent[], rest: number): void {
    const outputIndex = this.output.length;
    if (block.type === 'reasoning' && block.itemId === undefined) {
      for (let position = rest; position < batch.length; position++) {
        const event = batch[position]!;
        if (event.type === 'reasoning_state' && event.index === block.index && event.state.itemId !== undefined) block.itemId = event.state.itemId;
        if (event.type === 'block_end' && event.index === block.index) break;
      }
    }
    const prefix = block.type === 'text' ? 'msg' : block.type === 'reasoning' ? 'rs' : 'fc';
    const id = (block.type === 'reasoning' ? block.itemId : undefined) ?? outputItemId(this.meta.id, prefix, outputIndex);
    const live: Live = { ...block, outputIndex, id, summaryOpen: false };
    this.live = live;
    const item =
      block.type === 'text'
        ? messageItem(id, 'in_progress', [])
        : block.type === 'reasoning'
          ? { id, type: 'reasoning', summary: [] }
          : functionCallItem(id, 'in_progress', block.callId, block.name, '');
    this.emit(out, 'response.output_item.added', { item, output_index: outputIndex });
    if (block.type === 'text') this.emit(out, 'response.content_part.added', { ...this.at(live), content_index: 0, part: outputTextPart('') });
    if (block.text !== '') this.delta(live, block.text, out);
  }

  private at(live: Live): JsonObject {
    return { item_id: live.id, output_index: live.outputIndex };
  }

  private delta(live: Live, text: string, out: JsonObject[]): void {
    if (live.type === 'text') this.emit(out, 'response.output_text.delta', { ...this.at(live), content_index: 0, delta: text, logprobs: [] });
    else if (live.type === 'tool_call') this.emit(out, 'response.function_call_arguments.delta', { ...this.at(live), delta: text });
    else {
      if (!live.summaryOpen) {
        live.summaryOpen = true;
        this.emit(out, 'response.reasoning_summary_part.added', { ...this.at(live), summary_index: 0, part: { type: 'summary_text', text: '' } });
      }
      this.emit(out, 'response.reasoning_summary_text.delta', { ...this.at(live), summary_index: 0, delta: text });
    }
  }

  /** Ends the live item: its done events and the whole item. */
  private close(out: JsonObject[]): void {
    const live = this.live!;
    this.live = undefined;
    this.done.add(live.index);
    let item: JsonObject;
    if (live.type === 'text') {
      const part = outputTextPart(live.text);
      this.emit(out, 'response.output_text.done', { ...this.at(live), content_index: 0, text: live.text, logprobs: [] });
      this.emit(out, 'response.content_part.done', { ...this.at(live), content_index: 0, part });
      item = messageItem(live.id, 'completed', [part]);
    } else if (live.type === 'tool_call') {
      const args = argumentsText(live.text);
      this.emit(out, 'response.function_call_arguments.done', { ...this.at(live), name: live.name, arguments: args });
      item = functionCallItem(live.id, 'completed', live.callId, live.name, args);
    } else {
      if (live.summaryOpen) {
        const part = { type: 'summary_text', text: live.text };
        this.emit(out, 'response.reasoning_summary_text.done', { ...this.at(live), summary_index: 0, text: live.text });
        this.emit(out, 'response.reasoning_summary_part.done', { ...this.at(live), summary_index: 0, part });
      }
      item = reasoningItem(live.id, live.text, live.encryptedContent);
    }
    this.emit(out, 'response.output_item.done', { item, output_index: live.outputIndex });
    this.output.push(item);
  }
}

/** Wire events as server-sent events, each with its `event:` line as OpenAI sends them. */
export function responsesSse(events: readonly JsonObject[]): string {
  let text = '';
  for (const event of events) text += `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
  return text;
}
