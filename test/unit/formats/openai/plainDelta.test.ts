import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { StreamEvent } from '../../../../src/core/model/events';
import { PlainDeltaReader } from '../../../../src/core/formats/openai/plainDelta';
import { OpenAIStreamDecoder } from '../../../../src/core/formats/openai/streamDecoder';

/** A fresh reader's answer: what every chunk must get, whatever came before it. */
const readPlainDelta = (data: string): string | undefined => new PlainDeltaReader().read(data);

/** What the stream decoder's full path makes of a chunk: 'invalid', 'error', or its events but the start. */
function full(data: string): unknown {
  const out: StreamEvent[] = [];
  const outcome = new OpenAIStreamDecoder({ fastPath: false }).push(data, out);
  if (outcome.kind === 'malformed') return 'invalid';
  if (outcome.kind === 'error') return 'error';
  return out.filter((event) => event.type !== 'start');
}

const asDeltas = (text: string) => (text === '' ? [] : [{ type: 'text', index: 0, text }]);

const head = { id: 'chatcmpl-Bx12', object: 'chat.completion.chunk', created: 1764300000, model: 'gpt-4o-2024-08-06' };
const plain = (content: string, extra: Record<string, unknown> = {}, choiceExtra: Record<string, unknown> = {}) =>
  JSON.stringify({ ...head, choices: [{ index: 0, delta: { content }, logprobs: null, finish_reason: null, ...choiceExtra }], ...extra });

describe('formats/openai: plain delta fast path', () => {
  it('reads the plain text chunks of OpenAI, vLLM and compatible servers, escapes included', () => {
    const cases: [string, string][] = [
      [plain(' fox'), ' fox'],
      [plain('line\nnext "quoted" \\ tab\t é 日本 🎉'), 'line\nnext "quoted" \\ tab\t é 日本 🎉'],
      [plain('x', { system_fingerprint: 'fp_1', service_tier: 'default', obfuscation: 'aZ9' }), 'x'],
      [plain('y', { usage: null }), 'y'],
      [JSON.stringify({ id: 'cmpl-1', object: 'chat.completion.chunk', created: 1, model: 'Qwen/Qwen3', choices: [{ index: 0, delta: { content: 'q' }, logprobs: null, finish_reason: null, stop_reason: null }] }), 'q'],
      [JSON.stringify({ choices: [{ index: 0, delta: { content: 'bare' } }] }), 'bare'],
      [plain(''), ''],
      ['{"choices":[{"index":0,"delta":{"content":"\\u00e9\\ud83c\\udf89"},"finish_reason":null}]}', 'é🎉'],
    ];
    for (const [data, text] of cases) {
      assert.equal(readPlainDelta(data), text, data);
      assert.deepEqual(full(data), asDeltas(text), data);
    }
  });

  it('leaves every other chunk to the full parse', () => {
    const others = [
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] }),
      JSON.stringify({ ...head, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }] }),
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { content: 'last' }, logprobs: null, finish_reason: 'length' }] }),
      JSON.stringify({ ...head, choices: [], usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }),
      plain('t', { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }),
      plain('t', {}, { logprobs: { content: [] } }),
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { content: 'a', tool_calls: [] }, finish_reason: null }] }),
      JSON.stringify({ ...head, choices: [{ index: 1, delta: { content: 'b' }, finish_reason: null }] }),
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { content: 'c' }, finish_reason: null }, { index: 1, delta: { content: 'd' }, finish_reason: null }] }),
      JSON.stringify({ ...head, choices: [{ index: 0, text: 'legacy completion', finish_reason: null }] }),
      JSON.stringify({ error: { message: 'Overloaded', type: 'server_error' } }),
      plain('e', { error: 'boom' }),
      '{"id":"x","choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}],"choices":[]}',
      '{"choices": [{"index": 0, "delta": {"content": "spaced"}}]}',
      '{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null}]',
      '{"choices":[{"index":0,"delta":{"content":"bad \\q escape"}}]}',
      '{"id":"x\\q","choices":[{"index":0,"delta":{"content":"a"}}]}',
      '{"choices": [{"delta": {"content": tru',
    ];
    for (const data of others) assert.equal(readPlainDelta(data), undefined, data);
  });

  // A generator of chunk-like objects near the plain shape: scalar or structured members before
  // and after `choices`, choices with other members, deltas with other keys.
  const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
  const rarely = <T, U>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<U>) => fc.oneof({ arbitrary: usual, weight: 12 }, { arbitrary: odd, weight: 1 });
  const key = rarely(fc.constantFrom('id', 'object', 'created', 'model', 'system_fingerprint', 'usage', 'obfuscation'), fc.oneof(fc.constantFrom('error', 'choices', 'index'), fc.string()));
  const member = fc.tuple(key, rarely(scalar, fc.oneof(fc.object(), fc.array(scalar))));
  const chunk = fc
    .record({
      before: fc.array(member, { maxLength: 4 }),
      after: fc.array(member, { maxLength: 3 }),
      index: rarely(fc.constant(0), fc.constantFrom(1, -0, 0.5)),
      content: rarely(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), fc.constant(null)),
      deltaExtra: rarely(fc.constant({}), fc.record({ role: fc.constant('assistant') })),
      choiceExtra: fc.array(fc.tuple(rarely(fc.constantFrom('logprobs', 'finish_reason', 'stop_reason'), fc.constantFrom('text', 'delta', 'index')), rarely(fc.constant(null), fc.oneof(scalar, fc.object()))), { maxLength: 3 }),
      more: rarely(fc.constant(false), fc.constant(true)),
    })
    .map(({ before, after, index, content, deltaExtra, choiceExtra, more }) => {
      const choice: Record<string, unknown> = { index, delta: { content, ...deltaExtra } };
      for (const [key, value] of choiceExtra) choice[key] = value;
      const object: Record<string, unknown> = {};
      for (const [key, value] of before) object[key] = value;
      object.choices = more ? [choice, { index: 1, delta: { content: 'other' } }] : [choice];
      for (const [key, value] of after) object[key] = value;
      return JSON.stringify(object);
    });

  it('never reads a chunk differently from the full parse (fast-check)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(chunk, (data) => {
        const text = readPlainDelta(data);
        if (text === undefined) return true;
        accepted++;
        return JSON.stringify(full(data)) === JSON.stringify(asDeltas(text));
      }),
      { numRuns: 3000, seed: 5 },
    );
    assert.ok(accepted > 500, `the fast path was taken ${accepted} times`);
  });

  it('reads every chunk of a stream as a fresh reader would, reusing the validated head (fast-check)', () => {
    const stream = fc.array(fc.oneof(chunk, fc.string({ unit: 'binary' }).map((text) => plain(text))), { minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(stream, (chunks) => {
        const reader = new PlainDeltaReader();
        return chunks.every((data) => reader.read(data) === readPlainDelta(data));
      }),
      { numRuns: 500, seed: 8 },
    );
    // A stream's second chunk with a broken head is refused even after a good first one.
    const reader = new PlainDeltaReader();
    assert.equal(reader.read(plain('a')), 'a');
    assert.equal(reader.read(plain('b').replace('"model":', '"model"')), undefined);
    assert.equal(reader.read(plain('c').replace('chatcmpl-Bx12', 'chatcmpl-Bx12\\n')), 'c');
    assert.equal(reader.read(plain('d').replace('chatcmpl-Bx12', 'chatcmpl-Bx12\\')), undefined);
    assert.equal(reader.read(plain('e').replace('chatcmpl-Bx12', 'chatcmpl-Bx12\\q')), undefined, 'an invalid escape in the head');
  });

  it('never accepts a corrupted chunk that is not valid JSON (fast-check)', () => {
    const valid = fc.tuple(fc.string({ unit: 'binary' }), fc.boolean()).map(([content, fingerprint]) => plain(content, fingerprint ? { system_fingerprint: 'fp_9' } : {}));
    fc.assert(
      fc.property(valid, fc.nat(), fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', 'x', '\n', 'n'), (data, p, q, op, c) => {
        const at = p % data.length;
        const corrupted = op === 'delete' ? data.slice(0, at) + data.slice(at + 1) : op === 'insert' ? data.slice(0, at) + c + data.slice(at) : data.slice(0, at) + c + data.slice(at + 1 + (q % 2));
        // A fresh reader, and one that has just read the chunk whole (its opening and closing known).
        const primed = new PlainDeltaReader();
        primed.read(data);
        return [readPlainDelta(corrupted), primed.read(corrupted)].every((text) => text === undefined || JSON.stringify(full(corrupted)) === JSON.stringify(asDeltas(text)));
      }),
      { numRuns: 5000, seed: 6 },
    );
  });
});

describe('formats/openai: tool-argument fast path', () => {
  const readArguments = (data: string) => new PlainDeltaReader().readArguments(data);
  const fragmentChunk = (index: number, args: string, extra: Record<string, unknown> = {}, choiceExtra: Record<string, unknown> = {}) =>
    JSON.stringify({ ...head, choices: [{ index: 0, delta: { tool_calls: [{ index, function: { arguments: args } }] }, logprobs: null, finish_reason: null, ...choiceExtra }], ...extra });
  /** The call's opening chunk (id, type, name): always parsed in full. */
  const opening = (index: number) => JSON.stringify({ ...head, choices: [{ index: 0, delta: { tool_calls: [{ index, id: `call_${index}`, type: 'function', function: { name: 'write_file', arguments: '' } }] }, finish_reason: null }] });
  /** The events a decoder makes of `data` after the calls' openings, with the fast path or without it. */
  /** `before`: chunks read first (the reader then knows their shape), their events not compared. */
  function decoded(data: string, fastPath: boolean, before: string[] = []): unknown {
    const decoder = new OpenAIStreamDecoder({ fastPath });
    for (const index of [0, 1, 2]) decoder.push(opening(index), []);
    for (const chunk of before) decoder.push(chunk, []);
    const out: StreamEvent[] = [];
    const outcome = decoder.push(data, out);
    return outcome.kind === 'ok' ? out : outcome.kind;
  }

  it("reads OpenAI's and vLLM's argument fragments, escapes included, and nothing else", () => {
    for (const [data, index, fragment] of [
      [fragmentChunk(0, '{"file'), 0, '{"file'],
      [fragmentChunk(2, '\\"a\\": "é\\n"', { obfuscation: 'Qx', system_fingerprint: 'fp_1' }), 2, '\\"a\\": "é\\n"'],
      [fragmentChunk(1, 'x', {}, { stop_reason: null }), 1, 'x'],
    ] as const) {
      assert.deepEqual(readArguments(data), { index, fragment }, data);
      assert.deepEqual(decoded(data, true), decoded(data, false), data);
    }
    for (const data of [
      opening(0),
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, type: 'function', function: { arguments: 'x' } }] }, finish_reason: null }] }),
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'a' } }, { index: 1, function: { arguments: 'b' } }] }, finish_reason: null }] }),
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'a', name: 'n' } }] }, finish_reason: null }] }),
      JSON.stringify({ ...head, choices: [{ index: 0, delta: { content: 't', tool_calls: [{ index: 0, function: { arguments: 'a' } }] }, finish_reason: null }] }),
      fragmentChunk(0, 'a', {}, { finish_reason: 'tool_calls' }),
      fragmentChunk(0, 'a', { usage: { prompt_tokens: 1 } }),
      fragmentChunk(-1, 'a'),
      fragmentChunk(1.5, 'a'),
      fragmentChunk(0, 'a').replace('"index":0,"function"', '"index":00,"function"'),
    ]) {
      assert.equal(readArguments(data), undefined, data);
    }
  });

  it('never reads a chunk differently from the full parse, whole or corrupted (fast-check)', () => {
    const valid = fc
      .tuple(fc.nat({ max: 3 }), fc.string({ unit: 'binary' }), fc.boolean(), fc.boolean())
      .map(([index, args, fingerprint, logprobs]) => fragmentChunk(index, args, fingerprint ? { system_fingerprint: 'fp_9' } : {}, logprobs ? {} : { logprobs: undefined }));
    let accepted = 0;
    fc.assert(
      fc.property(valid, fc.nat(), fc.nat(), fc.constantFrom('keep', 'delete', 'insert', 'replace'), fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', '1', 'x', '\n'), (data, p, q, op, c) => {
        const at = p % data.length;
        const changed = op === 'keep' ? data : op === 'delete' ? data.slice(0, at) + data.slice(at + 1) : op === 'insert' ? data.slice(0, at) + c + data.slice(at) : data.slice(0, at) + c + data.slice(at + 1 + (q % 2));
        if (readArguments(changed) !== undefined) accepted++;
        // Read alone, and right after the valid chunk (whose opening and closing are then known).
        return (
          JSON.stringify(decoded(changed, true)) === JSON.stringify(decoded(changed, false)) &&
          JSON.stringify(decoded(changed, true, [data])) === JSON.stringify(decoded(changed, false, [data]))
        );
      }),
      { numRuns: 5000, seed: 11 },
    );
    assert.ok(accepted > 1000, `the fast path was taken ${accepted} times`);
  });
});
