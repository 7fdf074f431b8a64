import type { StreamEvent } from '../../../../src/core/model/events';
import type { ChunkOutcome } from '../../../../src/core/formats/openai/streamDecoder';
import { OpenAIStreamDecoder } from '../../../../src/core/formats/openai/streamDecoder';
import { decodeSse } from '../../../../src/core/sse/decoder';

/** The events of a stream's `data:` payloads, read as the adapter reads them: up to `[DONE]`, then `finish`. */
export function decodePayloads(payloads: readonly string[], options: ConstructorParameters<typeof OpenAIStreamDecoder>[0] = {}): { events: StreamEvent[]; outcomes: ChunkOutcome[] } {
  const decoder = new OpenAIStreamDecoder(options);
  const events: StreamEvent[] = [];
  const outcomes: ChunkOutcome[] = [];
  for (const data of payloads) {
    if (data === '[DONE]') break;
    outcomes.push(decoder.push(data, events));
  }
  decoder.finish(events);
  return { events, outcomes };
}

/** The `data:` payloads of SSE frame text, through the one SSE decoder. */
export function payloadsOf(frames: string): string[] {
  return decodeSse(frames).map((event) => event.data);
}

/** A chunk with Tokenhub-free boilerplate around one choice, as compatible servers send it. */
export function chunk(delta: object, finish: string | null = null, extra: object = {}): string {
  return JSON.stringify({ id: 'chatcmpl-q', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });
}
