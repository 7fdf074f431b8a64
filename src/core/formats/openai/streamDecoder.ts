import type { JsonObject } from '../../model/content';
import type { StreamEvent } from '../../model/events';
import { isJsonObject } from '../codec';
import { PlainDeltaReader } from './plainDelta';
import { decodeUsage, finishReason } from './usage';

/** What one `data:` payload was, for the adapter to act on. */
export type ChunkOutcome =
  /** A chunk; `usageOnly` when it carried only usage (the `include_usage` chunk Tokenhub asked for). */
  | { kind: 'ok'; usageOnly: boolean }
  /** The upstream failed mid-stream: `{error: {...}}` (or legacy vLLM `{object: "error", …}`), as sent. */
  | { kind: 'error'; body: JsonObject }
  /** Not JSON. */
  | { kind: 'malformed' }
  /** JSON, but not an object. */
  | { kind: 'not_object' };

const OK: ChunkOutcome = Object.freeze({ kind: 'ok', usageOnly: false });
const USAGE_ONLY: ChunkOutcome = Object.freeze({ kind: 'ok', usageOnly: true });
const MALFORMED: ChunkOutcome = Object.freeze({ kind: 'malformed' });
const NOT_OBJECT: ChunkOutcome = Object.freeze({ kind: 'not_object' });

/** One tool call of the stream, by the OpenAI `index` it arrives under. */
interface Call {
  block: number;
  id: string;
  name: string;
  /** Its `tool_call` event went out (it waits for the name). */
  started: boolean;
  /** Arguments that came before the name. */
  early: string;
  /** A leading `{}` held back: dropped when real arguments follow, sent when none do. */
  held: string;
  /** Some argument text went out. */
  sent: boolean;
}

/**
 * Reads one OpenAI or vLLM stream (client side, one decoder per stream) into model events.
 * Content blocks are counted over text, reasoning and tool calls together, in order of arrival
 * (text first is block 0, a call after it block 1); OpenAI's `tool_calls[].index` is mapped to
 * the call's block. When the kind of content changes, the open text or reasoning block ends;
 * calls stay open (they interleave by index) until the finish chunk or `finish()`.
 *
 * What other gateways got wrong is handled here: the name of a call that shares its chunk with
 * text, calls interleaved by index, a second call sent under an index already used (a new id
 * there is a new call), a stray leading `{}` before the real arguments, calls without
 * arguments (left to the fold, which gives `"{}"`), `stop` after calls (ends as `tool_calls`).
 */
export class OpenAIStreamDecoder {
  private readonly plain: PlainDeltaReader | undefined;
  private readonly chat: boolean;
  private started = false;
  private streamId = '';
  private nextBlock = 0;
  private text: number | undefined;
  private reasoning: number | undefined;
  private calls = new Map<number, Call>();
  private lastIndex = -1;
  private calledTools = false;
  private refused = false;

  /**
   * `kind`: a chat stream (default) or a legacy completion stream (`choices[].text`).
   * `fastPath: false` parses every chunk in full (tests compare the fast path against it).
   */
  constructor(options: { kind?: 'chat' | 'completion'; fastPath?: boolean } = {}) {
    this.chat = options.kind !== 'completion';
    this.plain = this.chat && options.fastPath !== false ? new PlainDeltaReader() : undefined;
  }

  /** Decodes one `data:` payload (never `[DONE]`), appending its events to `out`. */
  push(data: string, out: StreamEvent[]): ChunkOutcome {
    // Most chunks carry only text: read without building the object (plainDelta.ts). The first
    // chunk is always parsed in full, for the answer's id and model.
    if (this.plain && this.started) {
      const text = this.plain.read(data);
      if (text !== undefined) {
        if (text !== '') this.addText(text, out);
        return OK;
      }
      // A tool call's argument fragments, the bulk of a streamed call, likewise.
      if (this.calls.size > 0) {
        const call = this.plain.readArguments(data);
        if (call !== undefined) {
          this.addFragment({ index: call.index, function: { arguments: call.fragment } }, out);
          return OK;
        }
      }
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      return MALFORMED;
    }
    if (!isJsonObject(chunk)) return NOT_OBJECT;
    if ((chunk.error !== undefined && chunk.error !== null) || (chunk.object === 'error' && chunk.choices === undefined)) return { kind: 'error', body: chunk };
    if (!this.started) {
      this.started = true;
      this.streamId = typeof chunk.id === 'string' ? chunk.id : '';
      const model = typeof chunk.model === 'string' ? chunk.model : '';
      if (this.streamId !== '' || model !== '') out.push({ type: 'start', id: this.streamId, model });
    }
    const choices = chunk.choices;
    if (Array.isArray(choices)) {
      // Choice 0 only: the model is one answer (a client asking `n` > 1 reads the raw events).
      for (const choice of choices) {
        if (isJsonObject(choice) && (choice.index ?? 0) === 0) {
          this.choice(choice, out);
          break;
        }
      }
    }
    const usage = decodeUsage(chunk.usage);
    if (!usage) return OK;
    out.push({ type: 'usage', usage });
    return !Array.isArray(choices) || choices.length === 0 ? USAGE_ONLY : OK;
  }

  /** Ends every open block: call at the end of the stream (a cut stream still folds). */
  finish(out: StreamEvent[]): void {
    this.endText(out);
    this.endReasoning(out);
    const open = [...this.calls.values()].sort((a, b) => a.block - b.block);
    this.calls = new Map();
    for (const call of open) this.endCall(call, out);
  }

  private choice(choice: JsonObject, out: StreamEvent[]): void {
    if (!this.chat) {
      if (typeof choice.text === 'string' && choice.text !== '') this.addText(choice.text, out);
    } else if (isJsonObject(choice.delta)) {
      const delta = choice.delta;
      // Some vLLM versions send both names with the same text: one of them is read.
      const reasoning = typeof delta.reasoning_content === 'string' && delta.reasoning_content !== '' ? delta.reasoning_content : delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') this.addReasoning(reasoning, out);
      if (typeof delta.content === 'string' && delta.content !== '') this.addText(delta.content, out);
      if (typeof delta.refusal === 'string' && delta.refusal !== '') {
        this.refused = true;
        this.addText(delta.refusal, out);
      }
      if (Array.isArray(delta.tool_calls)) for (const fragment of delta.tool_calls) this.addFragment(fragment, out);
    }
    if (choice.finish_reason === undefined || choice.finish_reason === null) return;
    this.finish(out);
    let reason = finishReason(choice.finish_reason);
    if (reason === 'stop' && this.refused) reason = 'content_filter';
    if (reason === 'stop' && this.calledTools) reason = 'tool_calls';
    out.push({ type: 'finish', reason });
  }

  private addText(text: string, out: StreamEvent[]): void {
    this.endReasoning(out);
    this.text ??= this.nextBlock++;
    out.push({ type: 'text', index: this.text, text });
  }

  private addReasoning(text: string, out: StreamEvent[]): void {
    this.endText(out);
    this.reasoning ??= this.nextBlock++;
    out.push({ type: 'reasoning', index: this.reasoning, text });
  }

  private endText(out: StreamEvent[]): void {
    if (this.text === undefined) return;
    out.push({ type: 'block_end', index: this.text });
    this.text = undefined;
  }

  private endReasoning(out: StreamEvent[]): void {
    if (this.reasoning === undefined) return;
    out.push({ type: 'block_end', index: this.reasoning });
    this.reasoning = undefined;
  }

  private addFragment(fragment: unknown, out: StreamEvent[]): void {
    if (!isJsonObject(fragment)) return;
    this.endText(out);
    this.endReasoning(out);
    const fn = isJsonObject(fragment.function) ? fragment.function : {};
    const id = typeof fragment.id === 'string' && fragment.id !== '' ? fragment.id : undefined;
    const name = typeof fn.name === 'string' && fn.name !== '' ? fn.name : undefined;
    const args = typeof fn.arguments === 'string' ? fn.arguments : isJsonObject(fn.arguments) ? JSON.stringify(fn.arguments) : '';
    let index: number;
    if (typeof fragment.index === 'number') index = fragment.index;
    else {
      // Servers that omit `index`: a new id is the next call, anything else the current one.
      const current = this.calls.get(this.lastIndex);
      index = this.lastIndex < 0 || (id !== undefined && current !== undefined && current.id !== '' && current.id !== id) ? this.lastIndex + 1 : this.lastIndex;
    }
    this.lastIndex = Math.max(this.lastIndex, index);
    let call = this.calls.get(index);
    if (call && id !== undefined && call.id !== '' && call.id !== id) {
      // Another call under an index already used (some servers send every call at index 0).
      this.endCall(call, out);
      call = undefined;
    }
    if (!call) {
      call = { block: this.nextBlock++, id: '', name: '', started: false, early: '', held: '', sent: false };
      this.calls.set(index, call);
    }
    if (id !== undefined && call.id === '') call.id = id;
    if (name !== undefined && call.name === '') call.name = name;
    if (!call.started && call.name !== '') this.startCall(call, out);
    if (args === '') return;
    if (call.started) this.addArguments(call, args, out);
    else call.early += args;
  }

  /** A call without an id (some servers) gets one made of the stream's id and its block. */
  private startCall(call: Call, out: StreamEvent[]): void {
    call.started = true;
    this.calledTools = true;
    out.push({ type: 'tool_call', index: call.block, id: call.id || `${this.streamId || 'call'}_${call.block}`, name: call.name });
    if (call.early !== '') {
      const early = call.early;
      call.early = '';
      this.addArguments(call, early, out);
    }
  }

  private addArguments(call: Call, fragment: string, out: StreamEvent[]): void {
    if (!call.sent && call.held === '' && fragment.trim() === '{}') {
      call.held = fragment;
      return;
    }
    if (call.held !== '') {
      const held = call.held;
      call.held = '';
      // `{}` and then an object: the `{}` was a placeholder, not the arguments.
      if (!fragment.trimStart().startsWith('{')) this.sendArguments(call, held, out);
    }
    this.sendArguments(call, fragment, out);
  }

  private sendArguments(call: Call, fragment: string, out: StreamEvent[]): void {
    call.sent = true;
    out.push({ type: 'tool_arguments', index: call.block, fragment });
  }

  private endCall(call: Call, out: StreamEvent[]): void {
    if (!call.started) this.startCall(call, out);
    if (call.held !== '') {
      const held = call.held;
      call.held = '';
      this.sendArguments(call, held, out);
    }
    out.push({ type: 'block_end', index: call.block });
  }
}
