/**
 * The one server-sent-events decoder for every provider (WIRE.md "Streaming").
 *
 * Incremental: bytes go in as they arrive, split anywhere (inside a line, inside a UTF-8
 * character, between `\r` and `\n`), and complete events come out. Text is decoded with one
 * streaming StringDecoder (Node's native one; TextDecoder goes through ICU and cost several
 * times more per read) and lines are found by scanning with `indexOf`, never by appending byte
 * by byte, so a large stream costs a handful of native scans per network chunk. A byte order
 * mark opening the stream is dropped, as the SSE specification says.
 *
 * Bounded: one line, and one event's data, may hold at most `maxEventLength` characters (a
 * hostile or broken server sending one endless line must not fill memory); past it `push`
 * throws an {@link SseLimitError}. A read that does not end the pending line is appended to it
 * unscanned (V8 keeps the concatenation as a rope, flattened once when the line ends), so a line
 * spanning many reads costs time linear in its length, not its square.
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

/** Limits of what one decoder holds at once. */
export interface SseLimits {
  /**
   * Most characters (UTF-16 code units, at most the bytes they came from) in one line or in one
   * event's data; default {@link DEFAULT_MAX_EVENT_LENGTH}.
   */
  maxEventLength?: number;
  /** Most bytes read from the whole body (`sseBatches` only); default unlimited. */
  maxBytes?: number;
}

/** 16 Mi characters: far above any real event (a whole answer rarely reaches 1 MiB). */
export const DEFAULT_MAX_EVENT_LENGTH = 16 * 1024 * 1024;

/** A line, an event or a whole stream went past its limit; the decoder is then unusable. */
export class SseLimitError extends Error {
  override readonly name = 'SseLimitError';

  constructor(
    /** Which limit: one line or event, or the whole body. */
    readonly what: 'event' | 'stream',
    /** The limit that was passed (characters for an event, bytes for a stream). */
    readonly limit: number,
  ) {
    super(what === 'event' ? `A server-sent event is longer than ${limit} characters.` : `A server-sent event stream is larger than ${limit} bytes.`);
  }
}

const LF = 10;
const CR = 13;
const COLON = 58;
const SPACE = 32;

/** Incremental decoder: `push` bytes, collect events; `end` flushes what is left. */
export class SseDecoder {
  private readonly text = new StringDecoder('utf8');
  private readonly maxEventLength: number;
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
  /** Characters of data in the event being read, once it has more than one data line. */
  private dataLength = 0;

  constructor(limits: SseLimits = {}) {
    this.maxEventLength = limits.maxEventLength ?? DEFAULT_MAX_EVENT_LENGTH;
  }

  /** Decodes one chunk of bytes and returns the events it completed (often none or one). */
  push(bytes: Uint8Array, out: SseEvent[] = []): SseEvent[] {
    let chunk = this.text.write(bytes);
    if (this.atStart && chunk.length > 0) {
      this.atStart = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (chunk.length > this.maxEventLength) this.checkLines(chunk);
    if (chunk.length > 0) this.scan(chunk, out);
    return out;
  }

  /** Decodes a string chunk (for callers that already hold text, e.g. tests). */
  pushText(chunk: string, out: SseEvent[] = []): SseEvent[] {
    if (chunk.length > this.maxEventLength) this.checkLines(chunk);
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
    // A pending line means the last read did not end in `\r`, so `start` is 0 here.
    if (this.pending.length > 0) {
      if (this.appended(text)) return;
      text = this.pending + text;
      this.pending = '';
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

  /**
   * Appends this read to the pending line when it does not end it, and says so. Scanning the
   * whole line again at every read would cost the square of its length; appended, the pieces
   * stay a rope that is flattened once, when the line ends. A line grows across reads only
   * here, and an event's data only in `addData`; with `checkLines` for reads longer than the
   * limit, these checks bound every line and event. They stay out of `scan` and as small as
   * they are: the size of the hot loop with what it inlines decides whether V8 inlines it
   * into `push`, which measured up to twice as fast.
   */
  private appended(text: string): boolean {
    if (text.indexOf('\n') !== -1 || text.indexOf('\r') !== -1) return false;
    this.pending += text;
    if (this.pending.length > this.maxEventLength) this.tooLong();
    return true;
  }

  /** The data of an event with several `data:` lines, joined with `\n` as the spec says. */
  private joinedData(): string {
    return `${this.data as string}\n${(this.moreData as string[]).join('\n')}`;
  }

  /** A second or later `data:` line of one event, within the limit for the event's data. */
  private addData(value: string): void {
    const more = (this.moreData ??= []);
    this.dataLength = (more.length === 0 ? (this.data as string).length : this.dataLength) + 1 + value.length;
    if (this.dataLength > this.maxEventLength) this.tooLong();
    more.push(value);
  }

  /**
   * For a read longer than the limit (never with the default limit and network-sized reads):
   * whether one of its lines, counting the pending start of the first, is too long. Shorter
   * reads cannot hold such a line; lines across reads are checked in `appended`.
   */
  private checkLines(text: string): void {
    let lineStart = -this.pending.length;
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code !== LF && code !== CR) continue;
      if (at - lineStart > this.maxEventLength) this.tooLong();
      lineStart = at + 1;
    }
    if (text.length - lineStart > this.maxEventLength) this.tooLong();
  }

  private tooLong(): never {
    throw new SseLimitError('event', this.maxEventLength);
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
        else this.addData(value);
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
      const data = this.moreData ? this.joinedData() : this.data;
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
export async function* sseBatches(body: AsyncIterable<Uint8Array>, onRead?: () => void, limits: SseLimits = {}): AsyncGenerator<SseEvent[]> {
  const decoder = new SseDecoder(limits);
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  let size = 0;
  for await (const bytes of body) {
    onRead?.();
    size += bytes.byteLength;
    if (size > maxBytes) throw new SseLimitError('stream', maxBytes);
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
