import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SseDecoder, SseLimitError, decodeSse, sseBatches, sseEvents } from '../../../src/core/sse/decoder';
import type { SseEvent } from '../../../src/core/sse/decoder';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Decodes `body` fed in pieces cut at `cuts` (byte offsets). */
function decodeInPieces(body: Uint8Array, cuts: number[]): SseEvent[] {
  const decoder = new SseDecoder();
  const out: SseEvent[] = [];
  let previous = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    decoder.push(body.subarray(previous, cut), out);
    previous = cut;
  }
  decoder.push(body.subarray(previous), out);
  return decoder.end(out);
}

describe('sse decoder', () => {
  it('decodes an OpenAI stream with [DONE]', () => {
    const events = decodeSse('data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n');
    assert.deepEqual(events, [{ data: '{"a":1}' }, { data: '{"a":2}' }, { data: '[DONE]' }]);
  });

  it('drops a byte order mark opening the stream, even split across reads, and keeps one later', () => {
    const body = bytes('\ufeffdata: first\n\ndata: \ufeffsecond\n\n');
    for (const cuts of [[], [1], [2], [1, 2], [3]]) {
      assert.deepEqual(decodeInPieces(body, cuts), [{ data: 'first' }, { data: '\ufeffsecond' }], `cuts ${cuts.join(',')}`);
    }
  });

  it('turns invalid UTF-8 into replacement characters instead of failing', () => {
    const body = Uint8Array.from([...bytes('data: a'), 0xff, 0xc3, ...bytes('b\n\n')]);
    assert.deepEqual(decodeInPieces(body, [8]), [{ data: 'a\ufffd\ufffdb' }]);
  });

  it('keeps Anthropic event names and ignores comments and retry', () => {
    const body = ': keep-alive\nevent: message_start\ndata: {"x":1}\n\nretry: 100\nevent: ping\ndata: {}\n\n';
    assert.deepEqual(decodeSse(body), [
      { event: 'message_start', data: '{"x":1}' },
      { event: 'ping', data: '{}' },
    ]);
  });

  it('accepts \\r\\n and bare \\r line endings', () => {
    assert.deepEqual(decodeSse('event: a\r\ndata: 1\r\n\r\ndata: 2\r\rdata: 3\n\n'), [
      { event: 'a', data: '1' },
      { data: '2' },
      { data: '3' },
    ]);
  });

  it('joins multi-line data with \\n and strips only one leading space', () => {
    assert.deepEqual(decodeSse('data:x\ndata:  y\ndata\n\n'), [{ data: 'x\n y\n' }]);
  });

  it('does not dispatch an event without data, and resets the event name', () => {
    assert.deepEqual(decodeSse('event: lonely\n\ndata: d\n\n'), [{ data: 'd' }]);
  });

  it('keeps the last event id across events', () => {
    assert.deepEqual(decodeSse('id: 7\ndata: a\n\ndata: b\n\n'), [{ id: '7', data: 'a' }, { id: '7', data: 'b' }]);
  });

  it('dispatches a final event whose blank line never came', () => {
    assert.deepEqual(decodeSse('data: [DONE]'), [{ data: '[DONE]' }]);
    assert.deepEqual(decodeSse('data: [DONE]\r'), [{ data: '[DONE]' }]);
  });

  it('handles a \\r\\n split across chunks as one line end', () => {
    const decoder = new SseDecoder();
    const out = decoder.pushText('data: a\r');
    decoder.pushText('\n\r', out);
    decoder.pushText('\ndata: b\n\n', out);
    assert.deepEqual(decoder.end(out), [{ data: 'a' }, { data: 'b' }]);
  });

  it('decodes a multi-byte character split between chunks', () => {
    const body = bytes('data: 日本語 🎉\n\n');
    for (let cut = 1; cut < body.length; cut++) {
      assert.deepEqual(decodeInPieces(body, [cut]), [{ data: '日本語 🎉' }], `cut at ${cut}`);
    }
  });

  it('decodes an async body', async () => {
    async function* body() {
      yield bytes('data: 1\n');
      yield bytes('\ndata: 2\n\n');
    }
    const seen: string[] = [];
    for await (const event of sseEvents(body())) seen.push(event.data);
    assert.deepEqual(seen, ['1', '2']);
  });

  describe('limits', () => {
    const tooLong = (what: 'event' | 'stream', limit: number) => (error: unknown) =>
      error instanceof SseLimitError && error.what === what && error.limit === limit;

    it('refuses a line longer than maxEventLength, spread over many reads or in one', () => {
      const spread = new SseDecoder({ maxEventLength: 1000 });
      spread.pushText('data: ');
      assert.throws(() => {
        for (let i = 0; i < 100; i++) spread.pushText('x'.repeat(100));
      }, tooLong('event', 1000));
      const whole = new SseDecoder({ maxEventLength: 1000 });
      assert.throws(() => whole.pushText(`data: ${'x'.repeat(2000)}\n\n`), tooLong('event', 1000));
      const fits = new SseDecoder({ maxEventLength: 1000 });
      assert.deepEqual(fits.end(fits.pushText(`data: ${'x'.repeat(994)}\n\n`)), [{ data: 'x'.repeat(994) }]);
    });

    it('refuses an event whose data lines together pass maxEventLength', () => {
      const decoder = new SseDecoder({ maxEventLength: 1000 });
      assert.throws(() => {
        for (let i = 0; i < 20; i++) decoder.pushText(`data: ${'y'.repeat(90)}\n`);
      }, tooLong('event', 1000));
      // Each event counts on its own: many events of 900 characters are fine.
      const events = new SseDecoder({ maxEventLength: 1000 });
      const out: SseEvent[] = [];
      for (let i = 0; i < 20; i++) events.pushText(`data: ${'y'.repeat(900)}\n\n`, out);
      assert.equal(out.length, 20);
    });

    it('bounds the bytes of a whole body read by sseBatches', async () => {
      async function* body() {
        for (let i = 0; i < 100; i++) yield bytes('data: {}\n\n');
      }
      let events = 0;
      await assert.rejects(
        (async () => {
          for await (const batch of sseBatches(body(), undefined, { maxBytes: 500 })) events += batch.length;
        })(),
        tooLong('stream', 500),
      );
      assert.equal(events, 50);
    });

    it('keeps a line spread over many reads as pieces, examining each character a bounded number of times', () => {
      // Counting the characters `indexOf` looks at is a measure of work, not of time: joining the
      // pending line with every read made it grow with the square of the line's length.
      const piece = 'z'.repeat(1024);
      const reads = 1024;
      const original = String.prototype.indexOf;
      let examined = 0;
      const counting = function (this: string, search: string, from?: number): number {
        examined += this.length - Math.max(0, from ?? 0);
        return original.call(this, search, from);
      };
      const decoder = new SseDecoder();
      const out: SseEvent[] = [];
      String.prototype.indexOf = counting;
      try {
        decoder.pushText('data: ', out);
        for (let i = 0; i < reads; i++) decoder.pushText(piece, out);
        decoder.pushText('\n\n', out);
      } finally {
        String.prototype.indexOf = original;
      }
      assert.equal(out.length, 1);
      assert.equal(out[0]!.data.length, piece.length * reads);
      assert.ok(examined < 8 * piece.length * reads, `${examined} characters examined for a line of ${piece.length * reads}`);
    });
  });

  describe('properties', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '日', '🎉', ' ', ':', '{', '"', 'x', 'z') });
    const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
    const event = fc.record({
      name: fc.option(fc.constantFrom('message_start', 'content_block_delta', 'error', 'ping'), { nil: undefined }),
      data: fc.array(text, { minLength: 1, maxLength: 3 }),
      comment: fc.boolean(),
    });
    const stream = fc.tuple(fc.array(event, { maxLength: 12 }), lineEnd);

    function serialise([events, end]: [{ name?: string; data: string[]; comment: boolean }[], string]): string {
      return events
        .map((e) => (e.comment ? `: ping${end}` : '') + (e.name ? `event: ${e.name}${end}` : '') + e.data.map((d) => `data: ${d}${end}`).join('') + end)
        .join('');
    }

    it('decodes the same events however the bytes are chunked', () => {
      fc.assert(
        fc.property(stream, fc.array(fc.nat(), { maxLength: 20 }), (input, rawCuts) => {
          const body = bytes(serialise(input));
          const cuts = rawCuts.map((c) => (body.length === 0 ? 0 : c % body.length));
          assert.deepEqual(decodeInPieces(body, cuts), decodeSse(body));
        }),
        { numRuns: 500 },
      );
    });

    it('decodes exactly the events that were encoded', () => {
      fc.assert(
        fc.property(stream, (input) => {
          const expected = input[0].map((e) => {
            const out: SseEvent = { data: e.data.join('\n') };
            if (e.name) out.event = e.name;
            return out;
          });
          // A bare-\r stream cannot carry a data value containing `\r`; our alphabet has none.
          assert.deepEqual(decodeSse(bytes(serialise(input))), expected);
        }),
        { numRuns: 300 },
      );
    });

    it('decodes byte by byte the same as in one piece', () => {
      fc.assert(
        fc.property(stream, (input) => {
          const body = bytes(serialise(input));
          const cuts = Array.from({ length: body.length }, (_, i) => i);
          assert.deepEqual(decodeInPieces(body, cuts), decodeSse(body));
        }),
        { numRuns: 100 },
      );
    });
  });
});
