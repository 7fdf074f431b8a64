import type { JsonObject } from '../../model/content';
import type { StreamEvent } from '../../model/events';
import { isJsonObject } from '../codec';
import { failureOf, finishReasonOf, outputPart, type ResponsesFailure } from './decodeResponse';
import { decodeUsage } from './usage';

type Kind = 'text' | 'reasoning' | 'tool_call';

interface Block {
  index: number;
  kind: Kind;
  /** Content parts (`t0`), summary parts (`s0`), reasoning text (`c0`) and arguments (`a`) that had deltas. */
  streamed: Set<string>;
  /** Summary parts begun, so the second and later are separated by a blank line. */
  summaries: Set<number>;
  itemIdSent: boolean;
}

/**
 * Responses stream events (parsed `data:` objects, from an OpenAI Responses upstream) → the
 * model's stream events. Output items get model block indexes in the order they are added
 * (items of built-in tools get none); a message's content parts all feed its one text block,
 * a reasoning item's summary parts (joined by a blank line, as decodeResponsesResponse joins
 * them) its reasoning block, with its id at once and its encrypted content when the item is
 * done (the `added` copy may be incomplete). A `.done` event supplies the text of a part that
 * had no deltas, so a server that sends only whole parts still works. `response.completed` and
 * `response.incomplete` give the finish reason and usage; `response.failed` and `error` set
 * `failure` for the adapter to throw. Unknown events are ignored.
 */
export class ResponsesStreamDecoder {
  /** Set by `response.failed` or `error`: the adapter throws it (classified); later events are ignored. */
  failure: ResponsesFailure | undefined;
  /** True once a terminal event (`completed`, `incomplete`, `failed`, `error`) arrived. */
  finished = false;
  private started = false;
  private readonly blocks = new Map<number, Block>();
  private readonly outputIndexes = new Map<string, number>();
  private nextIndex = 0;
  private called = false;
  private refused = false;

  /** The model events of one wire event (appended to `out`). */
  push(event: unknown, out: StreamEvent[] = []): StreamEvent[] {
    if (this.failure || !isJsonObject(event) || typeof event.type !== 'string') return out;
    switch (event.type) {
      case 'response.created':
      case 'response.queued':
      case 'response.in_progress':
        this.start(event.response, out);
        break;
      case 'response.output_item.added':
        this.itemAdded(event, out);
        break;
      case 'response.output_item.done':
        this.itemDone(event, out);
        break;
      case 'response.content_part.added': {
        const part = isJsonObject(event.part) ? event.part : {};
        if (part.type === 'reasoning_text') break;
        const text = this.textOf(part);
        if (part.type === 'refusal') this.refused = true;
        this.text(event, 'text', `t${String(event.content_index)}`, text, true, out);
        break;
      }
      case 'response.refusal.delta':
        this.refused = true;
        this.text(event, 'text', `t${String(event.content_index)}`, event.delta, false, out);
        break;
      case 'response.output_text.delta':
        this.text(event, 'text', `t${String(event.content_index)}`, event.delta, false, out);
        break;
      case 'response.output_text.done':
        this.text(event, 'text', `t${String(event.content_index)}`, event.text, true, out);
        break;
      case 'response.refusal.done':
        this.text(event, 'text', `t${String(event.content_index)}`, event.refusal, true, out);
        break;
      case 'response.function_call_arguments.delta':
        this.text(event, 'tool_call', 'a', event.delta, false, out);
        break;
      case 'response.function_call_arguments.done':
        this.text(event, 'tool_call', 'a', event.arguments, true, out);
        break;
      case 'response.reasoning_summary_part.added':
        this.summary(event, undefined, true, out);
        break;
      case 'response.reasoning_summary_text.delta':
        this.summary(event, event.delta, false, out);
        break;
      case 'response.reasoning_summary_text.done':
        this.summary(event, event.text, true, out);
        break;
      case 'response.reasoning_text.delta':
        this.text(event, 'reasoning', `c${String(event.content_index)}`, event.delta, false, out);
        break;
      case 'response.reasoning_text.done':
        this.text(event, 'reasoning', `c${String(event.content_index)}`, event.text, true, out);
        break;
      case 'response.completed':
      case 'response.incomplete':
        this.complete(event.response, out);
        break;
      case 'response.failed': {
        const response = isJsonObject(event.response) ? event.response : {};
        this.failure = failureOf(response.error, 'server_error');
        this.finished = true;
        break;
      }
      case 'error':
        this.failure = failureOf(isJsonObject(event.error) ? event.error : event, 'server_error');
        this.finished = true;
        break;
      default:
    }
    return out;
  }

  private start(response: unknown, out: StreamEvent[]): void {
    if (this.started || !isJsonObject(response)) return;
    this.started = true;
    out.push({ type: 'start', id: typeof response.id === 'string' ? response.id : '', model: typeof response.model === 'string' ? response.model : '' });
  }

  private textOf(part: JsonObject): string {
    return typeof part.text === 'string' ? part.text : typeof part.refusal === 'string' ? part.refusal : '';
  }

  /** The block an event refers to, by `output_index` (or by `item_id` where a server omits it). */
  private block(event: JsonObject, kind: Kind, create: boolean): Block | undefined {
    let outputIndex = Number.isInteger(event.output_index) ? (event.output_index as number) : undefined;
    if (outputIndex === undefined && typeof event.item_id === 'string') outputIndex = this.outputIndexes.get(event.item_id);
    if (outputIndex === undefined) return undefined;
    let block = this.blocks.get(outputIndex);
    if (!block && create) {
      block = { index: this.nextIndex++, kind, streamed: new Set(), summaries: new Set(), itemIdSent: false };
      this.blocks.set(outputIndex, block);
    }
    return block && block.kind === kind ? block : undefined;
  }

  /** A delta (`whole` false) or a part's whole text (`whole` true: used only when it had no deltas). */
  private text(event: JsonObject, kind: Kind, key: string, value: unknown, whole: boolean, out: StreamEvent[]): void {
    const block = this.block(event, kind, true);
    if (block) this.emit(block, key, value, whole, out);
  }

  /**
   * Text for a block. Empty text is sent for a text block only (it fixes the block's type, so an
   * empty message is still a text part) and never counts as streamed.
   */
  private emit(block: Block, key: string, value: unknown, whole: boolean, out: StreamEvent[]): void {
    if (typeof value !== 'string' || (whole && block.streamed.has(key))) return;
    if (value === '' && block.kind !== 'text') return;
    if (value !== '') block.streamed.add(key);
    const index = block.index;
    if (block.kind === 'text') out.push({ type: 'text', index, text: value });
    else if (block.kind === 'reasoning') out.push({ type: 'reasoning', index, text: value });
    else out.push({ type: 'tool_arguments', index, fragment: value });
  }

  private summary(event: JsonObject, value: unknown, whole: boolean, out: StreamEvent[]): void {
    const block = this.block(event, 'reasoning', true);
    const summaryIndex = Number.isInteger(event.summary_index) ? (event.summary_index as number) : 0;
    if (!block) return;
    if (!block.summaries.has(summaryIndex)) {
      if (block.summaries.size > 0) out.push({ type: 'reasoning', index: block.index, text: '\n\n' });
      block.summaries.add(summaryIndex);
    }
    if (value !== undefined) this.text(event, 'reasoning', `s${summaryIndex}`, value, whole, out);
  }

  private itemAdded(event: JsonObject, out: StreamEvent[]): void {
    const item = event.item;
    if (!isJsonObject(item)) return;
    if (typeof item.id === 'string' && Number.isInteger(event.output_index)) this.outputIndexes.set(item.id, event.output_index as number);
    const kind: Kind | undefined = item.type === 'message' ? 'text' : item.type === 'reasoning' ? 'reasoning' : item.type === 'function_call' ? 'tool_call' : undefined;
    if (!kind) return;
    const block = this.block(event, kind, true);
    if (block) this.opened(block, item, out);
  }

  /** The events an item's first appearance gives: a call's id and name, a reasoning item's id. */
  private opened(block: Block, item: JsonObject, out: StreamEvent[]): void {
    if (block.kind === 'tool_call') {
      this.called = true;
      const id = typeof item.call_id === 'string' ? item.call_id : typeof item.id === 'string' ? item.id : '';
      out.push({ type: 'tool_call', index: block.index, id, name: typeof item.name === 'string' ? item.name : '' });
      if (typeof item.arguments === 'string' && item.arguments !== '') {
        block.streamed.add('a');
        out.push({ type: 'tool_arguments', index: block.index, fragment: item.arguments });
      }
    } else if (block.kind === 'reasoning') {
      block.itemIdSent = typeof item.id === 'string' && item.id !== '';
      if (block.itemIdSent) out.push({ type: 'reasoning_state', index: block.index, state: { itemId: item.id as string } });
      else out.push({ type: 'reasoning', index: block.index, text: '' });
    }
  }

  private itemDone(event: JsonObject, out: StreamEvent[]): void {
    const item = event.item;
    if (!isJsonObject(item)) return;
    const kind: Kind | undefined = item.type === 'message' ? 'text' : item.type === 'reasoning' ? 'reasoning' : item.type === 'function_call' ? 'tool_call' : undefined;
    if (!kind) return;
    const fresh = this.block(event, kind, false) === undefined;
    const block = this.block(event, kind, true);
    if (!block) return;
    if (fresh) this.opened(block, item, out);
    if (kind === 'text' && Array.isArray(item.content)) {
      item.content.forEach((part, index) => {
        if (!isJsonObject(part)) return;
        if (part.type === 'refusal') this.refused = true;
        this.emit(block, `t${index}`, part.type === 'refusal' ? part.refusal : part.text, true, out);
      });
    } else if (kind === 'tool_call') this.emit(block, 'a', item.arguments, true, out);
    else if (kind === 'reasoning') {
      if (Array.isArray(item.summary) && item.summary.length > 0) {
        item.summary.forEach((part, index) => {
          if (!isJsonObject(part) || block.streamed.has(`s${index}`)) return;
          this.summary({ ...event, summary_index: index }, part.text, true, out);
        });
      } else if (Array.isArray(item.content)) {
        item.content.forEach((part, index) => isJsonObject(part) && this.emit(block, `c${index}`, part.text, true, out));
      }
      const state: { encryptedContent?: string; itemId?: string } = {};
      if (typeof item.encrypted_content === 'string' && item.encrypted_content !== '') state.encryptedContent = item.encrypted_content;
      if (!block.itemIdSent && typeof item.id === 'string' && item.id !== '') state.itemId = item.id;
      if (state.encryptedContent !== undefined || state.itemId !== undefined) out.push({ type: 'reasoning_state', index: block.index, state });
    }
    out.push({ type: 'block_end', index: block.index });
  }

  private complete(value: unknown, out: StreamEvent[]): void {
    const response = isJsonObject(value) ? value : {};
    this.start(response, out);
    // A server that streamed no items but sends them whole at the end.
    if (this.blocks.size === 0 && Array.isArray(response.output)) {
      for (const item of response.output) {
        if (!isJsonObject(item)) continue;
        const decoded = outputPart(item);
        if (!decoded) continue;
        const index = this.nextIndex++;
        const { part } = decoded;
        if (decoded.refused) this.refused = true;
        if (part.type === 'text') out.push({ type: 'text', index, text: part.text });
        else if (part.type === 'tool_call') {
          this.called = true;
          out.push({ type: 'tool_call', index, id: part.id, name: part.name }, { type: 'tool_arguments', index, fragment: part.arguments });
        } else {
          out.push({ type: 'reasoning', index, text: part.text });
          const { encryptedContent, itemId } = part;
          if (encryptedContent !== undefined || itemId !== undefined) {
            out.push({ type: 'reasoning_state', index, state: { ...(itemId !== undefined && { itemId }), ...(encryptedContent !== undefined && { encryptedContent }) } });
          }
        }
        out.push({ type: 'block_end', index });
      }
    }
    out.push({ type: 'finish', reason: finishReasonOf(response, this.called, this.refused) });
    const usage = decodeUsage(response.usage);
    if (usage) out.push({ type: 'usage', usage });
    this.finished = true;
  }
}
