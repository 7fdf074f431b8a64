import { TokenhubError, isTokenhubError } from '../../base/errors';
import { isJsonObject } from '../../formats/codec';
import { encodeUsage } from '../../formats/openai/usage';
import type { JsonObject } from '../../model/content';
import type { ReasoningState, StreamEvent } from '../../model/events';
import type { Usage } from '../../model/usage';
import { THINKING_STATE_KEY } from './request';

/**
 * A routed stream's events as the parts VS Code's Language Model API reports: text as it arrives,
 * reasoning as thinking parts (Tokenhub's signature or encrypted state in their metadata, so a
 * caller that keeps thinking parts brings it back), and each tool call whole, once its arguments
 * parse: the API has no partial call, and a half call would run a tool with the wrong input.
 */

/** One part to report, as plain data (src/vscode builds the classes). */
export type LanguageModelOutputPart =
  | { type: 'text'; text: string }
  /** `metadata` carries the opaque reasoning state under THINKING_STATE_KEY. */
  | { type: 'thinking'; id: string; text: string; metadata?: { [THINKING_STATE_KEY]: ReasoningState } }
  | { type: 'tool_call'; callId: string; name: string; input: JsonObject };

/** A call's arguments past this size are refused: no tool takes megabytes of JSON, a runaway stream might. */
export const MAX_TOOL_ARGUMENT_CHARS = 4 * 1024 * 1024;

/** The Data part mime type Copilot Chat reads an answer's token counts from (its `CustomDataPartMimeTypes.Usage`). */
export const USAGE_MIME_TYPE = 'usage';

interface OpenCall {
  id: string;
  name: string;
  arguments: string;
}

/** Turns events into output parts; `add` per batch, `end` when the stream ended cleanly. */
export class LanguageModelAnswer {
  private readonly calls = new Map<number, OpenCall>();
  private reported = false;

  /**
   * @param source who answers, for messages (`fake-gpt (fake-openai)`)
   * @param thinkingPrefix makes the thinking parts' ids unique to this answer
   */
  constructor(
    private readonly source: string,
    private readonly thinkingPrefix: string,
  ) {}

  /** True once any part was produced: from then on a failure breaks off a visible answer. */
  get started(): boolean {
    return this.reported;
  }

  /** The parts for these events; throws when a call's arguments are complete but not a JSON object. */
  add(events: readonly StreamEvent[]): LanguageModelOutputPart[] {
    const out: LanguageModelOutputPart[] = [];
    for (const event of events) {
      switch (event.type) {
        case 'text':
          if (event.text !== '') out.push({ type: 'text', text: event.text });
          break;
        case 'reasoning':
          if (event.text !== '') out.push({ type: 'thinking', id: this.thinkingId(event.index), text: event.text });
          break;
        case 'reasoning_state':
          out.push({ type: 'thinking', id: this.thinkingId(event.index), text: '', metadata: { [THINKING_STATE_KEY]: event.state } });
          break;
        case 'tool_call': {
          const call = this.calls.get(event.index);
          if (call) {
            call.id ||= event.id;
            call.name ||= event.name;
          } else this.calls.set(event.index, { id: event.id, name: event.name, arguments: '' });
          break;
        }
        case 'tool_arguments': {
          const call = this.calls.get(event.index);
          if (!call) break;
          call.arguments += event.fragment;
          if (call.arguments.length > MAX_TOOL_ARGUMENT_CHARS) {
            throw new TokenhubError('server', `${this.source} sent more than ${MAX_TOOL_ARGUMENT_CHARS} characters of arguments for the tool "${call.name}"; the call was not passed on.`);
          }
          break;
        }
        case 'block_end': {
          const call = this.calls.get(event.index);
          if (call) {
            this.calls.delete(event.index);
            out.push(this.complete(call));
          }
          break;
        }
        default:
          break;
      }
    }
    if (out.length > 0) this.reported = true;
    return out;
  }

  /** The calls a stream left open (some servers end calls only with the stream), in index order. */
  end(): LanguageModelOutputPart[] {
    const open = [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
    this.calls.clear();
    const out = open.map((call) => this.complete(call));
    if (out.length > 0) this.reported = true;
    return out;
  }

  private complete(call: OpenCall): LanguageModelOutputPart {
    const text = call.arguments.trim();
    let input: unknown;
    try {
      input = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      throw this.unparsed(call, (error as Error).message);
    }
    if (!isJsonObject(input)) throw this.unparsed(call, `they are ${Array.isArray(input) ? 'an array' : typeof input}, not an object`);
    return { type: 'tool_call', callId: call.id, name: call.name, input };
  }

  private unparsed(call: OpenCall, why: string): TokenhubError {
    return new TokenhubError(
      'server',
      `${this.source} called the tool "${call.name}" with arguments that are not a JSON object (${why}); the call was not passed on. Send the request again.`,
    );
  }

  private thinkingId(index: number): string {
    return `${this.thinkingPrefix}${index}`;
  }
}

/** The JSON Copilot Chat reads from a `usage` data part: OpenAI's usage object. */
export function usagePayload(usage: Usage): string {
  return JSON.stringify(encodeUsage(usage));
}

/** What the caller was talking to, for a failure message. */
export interface FailureContext {
  /** `Tokenhub: Auto`, or the registry id. */
  model: string;
  auto: boolean;
  /** Part of the answer had been reported already. */
  started: boolean;
}

/**
 * A failure's message for the caller of `sendRequest`: it reaches them as a plain Error (VS Code
 * keeps only the message), so the message says what happened and what to do. Before the first
 * part, the router's own message stands (it already lists each candidate and why it failed, and
 * how to add a key when none has one); after it, the message says the answer broke off.
 */
export function languageModelFailure(error: unknown, context: FailureContext): string {
  const text = (error instanceof Error ? error.message : String(error)).trim();
  const message = /[.!?]$/.test(text) ? text : `${text}.`;
  if (!context.started) {
    const hint = isTokenhubError(error, 'unavailable') && !context.auto ? ' Pick "Tokenhub: Auto" to escalate past failing providers.' : '';
    return `Tokenhub (${context.model}): ${message}${hint}`;
  }
  const retry = context.auto ? 'send the request again (Auto may pick another model)' : 'send the request again, or pick "Tokenhub: Auto" to escalate past failing providers';
  return `Tokenhub (${context.model}): the answer broke off: ${message} What arrived is incomplete; ${retry}.`;
}
