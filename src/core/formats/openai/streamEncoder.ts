import type { JsonObject } from '../../model/content';
import type { StreamEvent } from '../../model/events';
import type { Usage } from '../../model/usage';
import { wireFinishReason } from './response';
import { encodeUsage } from './usage';

/** What every chunk of one streamed answer names: Tokenhub's id, the model id, the time (Unix seconds). */
export interface StreamEncoderOptions {
  kind: 'chat' | 'completion';
  id: string;
  model: string;
  created: number;
}

const CHOICE_TAIL = '},"logprobs":null,"finish_reason":null}]}\n\n';
const DONE = 'data: [DONE]\n\n';

/** One streamed call: its OpenAI `index` (counted over calls only) and whether arguments went out. */
interface Call {
  index: number;
  sent: boolean;
  open: boolean;
}

/**
 * Renders model events as OpenAI SSE frames (server side, one encoder per answer): an opening
 * role chunk, text and `reasoning_content` deltas, tool calls, the finish chunk, the usage chunk
 * (the caller decides whether the client asked), `[DONE]`, and the error frame of a failed
 * stream. The fixed head of every chunk is serialised once, so a text delta costs one
 * JSON.stringify of its text. A call's OpenAI `index` counts tool calls only (the model's block
 * index counts text and reasoning too); its first fragment carries id, type and name with
 * empty arguments, later ones only arguments; a call that got no arguments gets `"{}"`.
 * Legacy completions stream text only.
 */
export class OpenAIStreamEncoder {
  private readonly chat: boolean;
  private readonly prefix: string;
  private readonly contentHead: string;
  private readonly calls = new Map<number, Call>();
  private callCount = 0;

  constructor(options: StreamEncoderOptions) {
    this.chat = options.kind === 'chat';
    const head = { id: options.id, object: this.chat ? 'chat.completion.chunk' : 'text_completion', created: options.created, model: options.model };
    this.prefix = `data: ${JSON.stringify(head).slice(0, -1)},"choices":`;
    this.contentHead = this.chat ? `${this.prefix}[{"index":0,"delta":{"content":` : `${this.prefix}[{"index":0,"text":`;
  }

  /** The opening chunk that names the role (chat only). */
  opening(): string {
    return this.chat ? `${this.prefix}[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}\n\n` : '';
  }

  /** The frames of one event ('' for events a client is not sent: start, usage, reasoning state). */
  encode(event: StreamEvent): string {
    switch (event.type) {
      case 'text':
        if (event.text === '') return '';
        return this.chat ? `${this.contentHead}${JSON.stringify(event.text)}${CHOICE_TAIL}` : `${this.contentHead}${JSON.stringify(event.text)},"logprobs":null,"finish_reason":null}]}\n\n`;
      case 'reasoning':
        return this.chat && event.text !== '' ? this.delta(`{"reasoning_content":${JSON.stringify(event.text)}`) : '';
      case 'tool_call': {
        if (!this.chat || this.calls.has(event.index)) return '';
        const call: Call = { index: this.callCount++, sent: false, open: true };
        this.calls.set(event.index, call);
        const fragment = { index: call.index, id: event.id, type: 'function', function: { name: event.name, arguments: '' } };
        return this.delta(`{"tool_calls":[${JSON.stringify(fragment)}]`);
      }
      case 'tool_arguments': {
        const call = this.calls.get(event.index);
        if (!call || !call.open || event.fragment === '') return '';
        call.sent = true;
        return this.arguments(call, event.fragment);
      }
      case 'block_end': {
        const call = this.calls.get(event.index);
        return call ? this.close(call) : '';
      }
      case 'finish': {
        let frames = '';
        for (const call of this.calls.values()) frames += this.close(call);
        const reason = JSON.stringify(wireFinishReason(event.reason, this.callCount > 0));
        const choice = this.chat ? `{"index":0,"delta":{},"logprobs":null,"finish_reason":${reason}}` : `{"index":0,"text":"","logprobs":null,"finish_reason":${reason}}`;
        return `${frames}${this.prefix}[${choice}]}\n\n`;
      }
      default:
        return '';
    }
  }

  /** The frames of several events, concatenated (one write per upstream read). */
  encodeAll(events: readonly StreamEvent[]): string {
    let frames = '';
    for (const event of events) frames += this.encode(event);
    return frames;
  }

  /** The usage chunk (`choices: []`), with the cached and reasoning details when known. */
  usage(usage: Usage): string {
    return `${this.prefix}[],"usage":${JSON.stringify(encodeUsage(usage))}}\n\n`;
  }

  /** The end of a complete stream. */
  done(): string {
    return DONE;
  }

  /** The explicit end of a failed stream: an error event, and no `[DONE]` after it. */
  error(body: string | JsonObject): string {
    return `data: ${typeof body === 'string' ? body : JSON.stringify(body)}\n\n`;
  }

  private delta(members: string): string {
    return `${this.prefix}[{"index":0,"delta":${members}${CHOICE_TAIL}`;
  }

  private arguments(call: Call, fragment: string): string {
    return this.delta(`{"tool_calls":[{"index":${call.index},"function":{"arguments":${JSON.stringify(fragment)}}}]`);
  }

  private close(call: Call): string {
    if (!call.open) return '';
    call.open = false;
    // Clients expect `"{}"` for a call without parameters, never nothing.
    return call.sent ? '' : this.arguments(call, '{}');
  }
}
