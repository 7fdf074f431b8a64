/**
 * The one server-sent-events decoder for every provider (WIRE.md "Streaming").
 *
 * Incremental: bytes go in as they arrive, split anywhere (inside a line, inside a UTF-8
 * character, between `\r` and `\n`), and complete events come out. Text is decoded with one
 * streaming StringDecoder (Node's native one; TextDecoder goes through ICU and cost several
 * times more per read) and lines are found by scanning with `indexOf`, never by appending byte
 * by byte, so a large stream costs a handful of native scans per network chunk. A byte order
 * mark opening the stream is dropped, as the SSE specification says.
 */

import { StringDecoder } from 'node:string_decoder';

/** One dispatched event: the `event:` name (absent means the default "message") and its data. */
export interface SseEvent {
  /** The `event:` field, when the server sent one (Anthropic always does; OpenAI never). */
  event?: string;
  /** The `data:` lines joined with `\n` (the spec's rule for multi-line data). */
  data: string;
  /** The `id:` field, when sent. */
  id?: string;
}

const LF = 10;
const COLON = 58;
const SPACE = 32;

/** Incremental decoder: `push` bytes, collect events; `end` flushes what is left. */
export class SseDecoder {
  private readonly text = new StringDecoder('utf8');
  /** Nothing decoded yet: a leading byte order mark is still to be dropped. */
  private atStart = true;
  /** An unfinished line carried over from the previous chunk. */
  private pending = '';
  /** The previous chunk ended in `\r`: a `\n` opening the next one belongs to that line end. */
  private skipLeadingLf = false;
  private eventName: string | undefined;
  private eventId: string | undefined;
  /** The first data line; later ones go to `moreData` (rare, so no array per event). */
  private data: string | undefined;
  private moreData: string[] | undefined;

  /** Decodes one chunk of bytes and returns the events it completed (often none or one). */
  push(bytes: Uint8Array, out: SseEvent[] = []): SseEvent[] {
    let chunk = this.text.write(bytes);
    if (this.atStart && chunk.length > 0) {
      this.atStart = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (chunk.length > 0) this.scan(chunk, out);
    return out;
  }

  /** Decodes a string chunk (for callers that already hold text, e.g. tests). */
  pushText(chunk: string, out: SseEvent[] = []): SseEvent[] {
    if (chunk.length > 0) this.scan(chunk, out);
    return out;
  }

  /**
   * Flushes the decoder at the end of the body. A final event without its blank line is still
   * dispatched: some servers omit the last terminator, and losing `[DONE]` or `message_stop`
   * would make a complete stream look cut.
   */
  end(out: SseEvent[] = []): SseEvent[] {
    const tail = this.text.end();
    if (tail.length > 0) this.scan(tail, out);
    if (this.pending.length > 0) {
      const line = this.pending;
      this.pending = '';
      this.line(line);
    }
    this.dispatch(out);
    return out;
  }

  private scan(input: string, out: SseEvent[]): void {
    let text = input;
    let start = 0;
    if (this.skipLeadingLf) {
      this.skipLeadingLf = false;
      if (text.charCodeAt(0) === LF) start = 1;
    }
    if (this.pending.length > 0) {
      text = this.pending + text.slice(start);
      this.pending = '';
      start = 0;
    }
    const length = text.length;
    // Where the next `\r` is; -1 once none is left, so CR-free streams scan for it only once.
    let nextCr = text.indexOf('\r', start);
    while (start < length) {
      const nextLf = text.indexOf('\n', start);
      if (nextCr !== -1 && nextCr < start) nextCr = text.indexOf('\r', start);
      let end: number;
      let after: number;
      if (nextCr !== -1 && (nextLf === -1 || nextCr < nextLf)) {
        end = nextCr;
        if (nextCr + 1 === length) {
          this.skipLeadingLf = true;
          after = length;
        } else {
          after = text.charCodeAt(nextCr + 1) === LF ? nextCr + 2 : nextCr + 1;
        }
      } else if (nextLf !== -1) {
        end = nextLf;
        after = nextLf + 1;
      } else {
        this.pending = start === 0 ? text : text.slice(start);
        return;
      }
      if (end === start) this.dispatch(out);
      else this.line(text.slice(start, end));
      start = after;
    }
  }

  private line(line: string): void {
    const first = line.charCodeAt(0);
    if (first === COLON) return; // a comment (keep-alive)
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      const valueStart = line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
      value = line.slice(valueStart);
    }
    switch (field) {
      case 'data':
        if (this.data === undefined) this.data = value;
        else (this.moreData ??= []).push(value);
        break;
      case 'event':
        this.eventName = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.eventId = value;
        break;
      default:
      // `retry:` and unknown fields are ignored, as the spec says.
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.data !== undefined) {
      const data = this.moreData ? [this.data, ...this.moreData].join('\n') : this.data;
      const event: SseEvent = { data };
      if (this.eventName !== undefined && this.eventName !== '') event.event = this.eventName;
      if (this.eventId !== undefined) event.id = this.eventId;
      out.push(event);
    }
    this.data = undefined;
    this.moreData = undefined;
    this.eventName = undefined;
  }
}

/** Decodes a whole body held in memory (tests, recorded fixtures). */
export function decodeSse(bytes: Uint8Array | string): SseEvent[] {
  const decoder = new SseDecoder();
  const out: SseEvent[] = [];
  if (typeof bytes === 'string') decoder.pushText(bytes, out);
  else decoder.push(bytes, out);
  return decoder.end(out);
}

/**
 * Decodes an async byte stream (an undici body) into the events each read completed, one batch
 * per read (reads that complete none are skipped), flushing at its end; `onRead` is called on
 * every read, pings included (liveness for idle timers). Batches let every layer
 * above do its per-read work once: a read of twenty events costs one turn of each loop, not
 * twenty.
 */
export async function* sseBatches(body: AsyncIterable<Uint8Array>, onRead?: () => void): AsyncGenerator<SseEvent[]> {
  const decoder = new SseDecoder();
  for await (const bytes of body) {
    onRead?.();
    const batch = decoder.push(bytes);
    if (batch.length > 0) yield batch;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

/** The same events one at a time. */
export async function* sseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  for await (const batch of sseBatches(body)) yield* batch;
}
