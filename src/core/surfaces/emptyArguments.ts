import { isJsonObject } from '../formats/codec';
import type { JsonObject } from '../model/content';
import type { RawEvent, StreamBatch } from '../model/events';

/**
 * WIRE.md "Tools": OpenAI clients send and expect `"{}"` for a call without parameters, and some
 * OpenAI-compatible servers (vLLM among them) send `""` or no arguments at all, which a client's
 * `JSON.parse` refuses (the openai SDK's `runTools`, the AI SDK's tool input check). Pass-through
 * answers are the upstream's own, so the OpenAI surface fills those in: in a whole body, and in a
 * stream as one arguments fragment just before the chunk that finishes the answer.
 */

/** A pass-through chat body with `"{}"` for each call that came without arguments (copied where changed). */
export function fillEmptyArguments(body: JsonObject): JsonObject {
  const choices = body.choices;
  if (!Array.isArray(choices) || !choices.some(hasEmptyCall)) return body;
  return { ...body, choices: choices.map((choice: unknown) => (hasEmptyCall(choice) ? fillChoice(choice) : choice)) };
}

function hasEmptyCall(choice: unknown): choice is JsonObject & { message: JsonObject & { tool_calls: unknown[] } } {
  if (!isJsonObject(choice) || !isJsonObject(choice.message) || !Array.isArray(choice.message.tool_calls)) return false;
  return choice.message.tool_calls.some((call: unknown) => isJsonObject(call) && isJsonObject(call.function) && emptyArguments(call.function.arguments));
}

function fillChoice(choice: JsonObject & { message: JsonObject & { tool_calls: unknown[] } }): JsonObject {
  const calls = choice.message.tool_calls.map((call: unknown) =>
    isJsonObject(call) && isJsonObject(call.function) && emptyArguments(call.function.arguments) ? { ...call, function: { ...call.function, arguments: '{}' } } : call,
  );
  return { ...choice, message: { ...choice.message, tool_calls: calls } };
}

function emptyArguments(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A chunk whose choice finishes: `"finish_reason":"…"` unescaped (in content it would be escaped). */
const FINISHING = /"finish_reason":\s*"/;

/**
 * Follows one pass-through stream's calls (from the batch's events, which index blocks) and,
 * when the answer finishes with calls that got no argument text, puts a chunk with `"{}"` for
 * each in front of the raw chunk that finishes it.
 */
export class EmptyArgumentsFiller {
  /** By block index: the call's OpenAI index (counted over calls) and whether arguments went out. */
  private readonly calls = new Map<number, { index: number; sent: boolean }>();

  /** The batch's raw events, with the filling chunk inserted where one is needed. */
  fill(batch: StreamBatch): readonly RawEvent[] {
    const raw = batch.raw ?? [];
    let finished = false;
    for (const event of batch.events) {
      if (event.type === 'tool_call') {
        if (!this.calls.has(event.index)) this.calls.set(event.index, { index: this.calls.size, sent: false });
      } else if (event.type === 'tool_arguments') {
        const call = this.calls.get(event.index);
        if (call && event.fragment.trim() !== '') call.sent = true;
      } else if (event.type === 'finish') finished = true;
    }
    if (!finished) return raw;
    const empty = [...this.calls.values()].filter((call) => !call.sent);
    if (empty.length === 0) return raw;
    for (const call of empty) call.sent = true;
    let at = raw.findIndex((event) => FINISHING.test(event.data));
    if (at < 0) at = raw.length;
    const filler: RawEvent = { data: fillerChunk(raw[at]?.data, empty.map((call) => call.index)) };
    return [...raw.slice(0, at), filler, ...raw.slice(at)];
  }
}

/** A chunk with `"{}"` for the calls at `indexes`, with the id, time and model of the finishing chunk. */
function fillerChunk(finishing: string | undefined, indexes: number[]): string {
  let head: JsonObject = {};
  try {
    const parsed: unknown = finishing === undefined ? undefined : JSON.parse(finishing);
    if (isJsonObject(parsed)) head = parsed;
  } catch {
    // A finishing chunk that is not JSON never reaches here (the decoder refused it); no head then.
  }
  const calls = indexes.map((index) => ({ index, function: { arguments: '{}' } }));
  return JSON.stringify({
    id: head.id,
    object: 'chat.completion.chunk',
    created: head.created,
    model: head.model,
    choices: [{ index: 0, delta: { tool_calls: calls }, logprobs: null, finish_reason: null }],
  });
}
