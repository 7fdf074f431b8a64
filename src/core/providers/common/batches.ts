import type { SseEvent } from '../../sse/decoder';
import { sseBatches } from '../../sse/decoder';
import type { CanonicalChunk } from '../../types';
import type { UpstreamCall } from './http';

/**
 * Reads one event: adds its canonical chunks to `out`, throws a `TokenhubError` for an error
 * event or a malformed one, and returns true when the event ends the stream (OpenAI's `[DONE]`,
 * Anthropic's `message_stop`).
 */
export type EventReader = (event: SseEvent, out: CanonicalChunk[]) => boolean;

/**
 * The stream loop every adapter shares: the body's SSE decoded a network read at a time, each
 * read's chunks yielded as one batch (never an empty one), what came before a failure in the
 * same read delivered before the failure is thrown, and the body read on after the end event so
 * the socket goes back to the pool. Returns whether the end event came (a stream without it was
 * cut).
 */
export async function* canonicalBatches(call: UpstreamCall, read: EventReader): AsyncGenerator<CanonicalChunk[], boolean> {
  let ended = false;
  for await (const events of sseBatches(call.body, call.activity)) {
    if (ended) continue;
    const out: CanonicalChunk[] = [];
    let failed: unknown;
    try {
      for (const event of events) {
        if (read(event, out)) {
          ended = true;
          break;
        }
      }
    } catch (error) {
      failed = error;
    }
    if (out.length > 0) yield out;
    if (failed !== undefined) throw failed;
  }
  return ended;
}
