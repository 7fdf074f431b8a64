import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { JsonObject } from '../../../../src/core/model/content';
import type { StreamEvent } from '../../../../src/core/model/events';
import { AnswerFolder, answerEvents, foldEvents } from '../../../../src/core/model/answer';
import { SseDecoder, type SseEvent } from '../../../../src/core/sse/decoder';
import { decodeResponsesResponse } from '../../../../src/core/formats/responses/decodeResponse';
import { encodeResponsesResponse } from '../../../../src/core/formats/responses/encodeResponse';
import { ResponsesStreamDecoder } from '../../../../src/core/formats/responses/streamDecoder';
import { ResponsesStreamEncoder, responsesSse } from '../../../../src/core/formats/responses/streamEncoder';
import { answer, answerStream, batches } from './arbitraries';
import { FUNCTION_CALL_RESPONSE, FUNCTION_CALL_STREAM, REASONING_RESPONSE, TEXT_STREAM } from './recorded';
import { META, throughResponses } from './helpers';
import { assertWellFormed } from './wellFormed';

function decodeAll(events: readonly unknown[]): { events: StreamEvent[]; decoder: ResponsesStreamDecoder } {
  const decoder = new ResponsesStreamDecoder();
  const out: StreamEvent[] = [];
  for (const event of events) decoder.push(event, out);
  return { events: out, decoder };
}

const withoutRaw = (body: unknown) => {
  const decoded = decodeResponsesResponse(body);
  assert.ok(decoded);
  const { raw, ...rest } = decoded;
  void raw;
  return rest;
};

/** REASONING_RESPONSE as OpenAI streams it: the reasoning item, its summary, then the message. */
function reasoningStream(): JsonObject[] {
  const [reasoning, message] = REASONING_RESPONSE.output as unknown as [JsonObject, JsonObject];
  const response = { ...REASONING_RESPONSE, status: 'in_progress', output: [], usage: null };
  const at = (id: unknown, index: number) => ({ item_id: id, output_index: index });
  const events: JsonObject[] = [
    { type: 'response.created', response },
    { type: 'response.in_progress', response },
    { type: 'response.output_item.added', item: { id: reasoning.id, type: 'reasoning', summary: [] }, output_index: 0 },
    { type: 'response.reasoning_summary_part.added', ...at(reasoning.id, 0), summary_index: 0, part: { type: 'summary_text', text: '' } },
    { type: 'response.reasoning_summary_text.delta', ...at(reasoning.id, 0), summary_index: 0, delta: '**Preparing simple', obfuscation: 'ab' },
    { type: 'response.reasoning_summary_text.delta', ...at(reasoning.id, 0), summary_index: 0, delta: ' response**', obfuscation: 'cd' },
    { type: 'response.reasoning_summary_text.done', ...at(reasoning.id, 0), summary_index: 0, text: '**Preparing simple response**' },
    { type: 'response.reasoning_summary_part.done', ...at(reasoning.id, 0), summary_index: 0, part: { type: 'summary_text', text: '**Preparing simple response**' } },
    { type: 'response.output_item.done', item: reasoning, output_index: 0 },
    { type: 'response.output_item.added', item: { ...message, status: 'in_progress', content: [] }, output_index: 1 },
    { type: 'response.content_part.added', ...at(message.id, 1), content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: '' } },
    { type: 'response.output_text.delta', ...at(message.id, 1), content_index: 0, delta: 'Hello! Ready when you are.', logprobs: [] },
    { type: 'response.output_text.done', ...at(message.id, 1), content_index: 0, text: 'Hello! Ready when you are.', logprobs: [] },
    { type: 'response.content_part.done', ...at(message.id, 1), content_index: 0, part: { type: 'output_text', annotations: [], logprobs: [], text: 'Hello! Ready when you are.' } },
    { type: 'response.output_item.done', item: message, output_index: 1 },
    { type: 'response.completed', response: REASONING_RESPONSE },
  ];
  return events.map((event, index) => ({ ...event, sequence_number: index }));
}

/** Encoder output as bytes cut at `cuts`, decoded back into wire events. */
function throughSse(events: readonly JsonObject[], cuts: readonly number[]): JsonObject[] {
  const bytes = new TextEncoder().encode(responsesSse(events));
  const sse = new SseDecoder();
  const out: SseEvent[] = [];
  let previous = 0;
  for (const cut of [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b)) {
    sse.push(bytes.subarray(previous, cut), out);
    previous = cut;
  }
  sse.push(bytes.subarray(previous), out);
  sse.end(out);
  return out.map((event) => {
    const data = JSON.parse(event.data) as JsonObject;
    assert.equal(event.event, data.type, 'the event: line names the event');
    return data;
  });
}

function encodeAll(batchList: readonly (readonly StreamEvent[])[]): JsonObject[] {
  const encoder = new ResponsesStreamEncoder(META);
  return [...encoder.start(), ...batchList.flatMap((batch) => encoder.push(batch)), ...encoder.end()];
}

describe('responses stream codec', () => {
  describe('decoder', () => {
    it('folds a recorded text stream', () => {
      const { events, decoder } = decodeAll(TEXT_STREAM);
      assert.deepEqual(foldEvents(events), {
        id: 'resp_0f9c4b2f224d858000695fa062bf048197a680f357bbb09000',
        providerModel: 'gpt-4o-mini-2024-07-18',
        content: [{ type: 'text', text: 'Why did the scarecrow win an award?' }],
        finishReason: 'stop',
        usage: { promptTokens: 11, completionTokens: 18, totalTokens: 29 },
      });
      assert.equal(decoder.finished, true);
      assert.equal(decoder.failure, undefined);
    });

    it('folds a streamed function call to the whole answer, its call named in the first event', () => {
      const { events } = decodeAll(FUNCTION_CALL_STREAM);
      assert.deepEqual(events[1], { type: 'tool_call', index: 0, id: 'call_unLAR8MvFNptuiZK6K6HCy5k', name: 'get_weather' });
      assert.equal(events.filter((event) => event.type === 'tool_arguments').length, 7);
      assert.deepEqual(foldEvents(events), withoutRaw(FUNCTION_CALL_RESPONSE));
    });

    it('folds streamed reasoning to the whole answer, id first and encrypted content at the end', () => {
      const { events } = decodeAll(reasoningStream());
      assert.deepEqual(events[1], { type: 'reasoning_state', index: 0, state: { itemId: REASONING_RESPONSE.output[0]!.id } });
      assert.deepEqual(foldEvents(events), withoutRaw(REASONING_RESPONSE));
    });

    it('joins summary parts with a blank line and takes whole parts that had no deltas', () => {
      const item = { id: 'rs_1', type: 'reasoning', summary: [] };
      const { events } = decodeAll([
        { type: 'response.created', response: { id: 'resp_1', model: 'o3' } },
        { type: 'response.output_item.added', output_index: 0, item },
        { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 0, part: { type: 'summary_text', text: '' } },
        { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 0, delta: 'One.' },
        { type: 'response.reasoning_summary_part.added', item_id: 'rs_1', output_index: 0, summary_index: 1, part: { type: 'summary_text', text: '' } },
        { type: 'response.reasoning_summary_text.delta', item_id: 'rs_1', output_index: 0, summary_index: 1, delta: 'Two.' },
        { type: 'response.output_item.done', output_index: 0, item: { ...item, summary: [{ type: 'summary_text', text: 'One.' }, { type: 'summary_text', text: 'Two.' }] } },
        { type: 'response.output_item.added', output_index: 1, item: { id: 'ws_1', type: 'web_search_call', status: 'in_progress' } },
        { type: 'response.web_search_call.searching', item_id: 'ws_1', output_index: 1 },
        { type: 'response.output_item.done', output_index: 1, item: { id: 'ws_1', type: 'web_search_call', status: 'completed' } },
        { type: 'response.output_item.added', output_index: 2, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [] } },
        { type: 'response.output_text.done', item_id: 'msg_1', output_index: 2, content_index: 0, text: 'Whole.' },
        { type: 'response.output_text.annotation.added', item_id: 'msg_1', output_index: 2, content_index: 0, annotation_index: 0, annotation: { type: 'url_citation' } },
        { type: 'keepalive' },
        { type: 'response.output_item.done', output_index: 2, item: { id: 'msg_1', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Whole.' }] } },
        { type: 'response.completed', response: { id: 'resp_1', status: 'completed' } },
      ]);
      assert.deepEqual(foldEvents(events).content, [
        { type: 'reasoning', text: 'One.\n\nTwo.', itemId: 'rs_1' },
        { type: 'text', text: 'Whole.' },
      ]);
    });

    it('reads an answer sent only whole in response.completed', () => {
      const { events } = decodeAll([{ type: 'response.completed', response: FUNCTION_CALL_RESPONSE }]);
      assert.deepEqual(foldEvents(events), withoutRaw(FUNCTION_CALL_RESPONSE));
    });

    it('surfaces response.failed and error events, ignoring what follows', () => {
      const failed = decodeAll([
        ...TEXT_STREAM.slice(0, 5),
        { type: 'response.failed', response: { id: 'resp_123', status: 'failed', error: { code: 'server_error', message: 'The model failed to generate a response.' } }, sequence_number: 5 },
        TEXT_STREAM[5],
      ]);
      assert.deepEqual(failed.decoder.failure, { code: 'server_error', message: 'The model failed to generate a response.' });
      assert.ok(!failed.events.some((event) => event.type === 'finish'));
      const errored = decodeAll([TEXT_STREAM[0], { type: 'error', code: 'rate_limit_exceeded', message: 'Slow down', param: null, sequence_number: 1 }]);
      assert.deepEqual(errored.decoder.failure, { code: 'rate_limit_exceeded', message: 'Slow down' });
      const nested = decodeAll([{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }]);
      assert.deepEqual(nested.decoder.failure, { code: 'overloaded_error', message: 'Overloaded' });
    });
  });

  describe('encoder', () => {
    it('writes the exact event sequence for reasoning, text and a call', () => {
      const input: StreamEvent[] = [
          { type: 'start', id: 'up', model: 'up' },
          { type: 'reasoning', index: 0, text: 'Think' },
          { type: 'reasoning', index: 0, text: 'ing.' },
          { type: 'block_end', index: 0 },
          { type: 'text', index: 1, text: 'Hi' },
          { type: 'block_end', index: 1 },
          { type: 'tool_call', index: 2, id: 'call_1', name: 'f' },
          { type: 'tool_arguments', index: 2, fragment: '{"a":1}' },
          { type: 'finish', reason: 'tool_calls' },
        { type: 'usage', usage: { promptTokens: 3, completionTokens: 4, totalTokens: 7 } },
      ];
      const events = encodeAll([input]);
      assertWellFormed(events);
      assert.deepEqual(
        events.map((event) => event.type),
        [
          'response.created',
          'response.in_progress',
          'response.output_item.added',
          'response.reasoning_summary_part.added',
          'response.reasoning_summary_text.delta',
          'response.reasoning_summary_text.delta',
          'response.reasoning_summary_text.done',
          'response.reasoning_summary_part.done',
          'response.output_item.done',
          'response.output_item.added',
          'response.content_part.added',
          'response.output_text.delta',
          'response.output_text.done',
          'response.content_part.done',
          'response.output_item.done',
          'response.output_item.added',
          'response.function_call_arguments.delta',
          'response.function_call_arguments.done',
          'response.output_item.done',
          'response.completed',
        ],
      );
      assert.deepEqual(events[15], {
        type: 'response.output_item.added',
        item: { id: 'fc_th0123456789abcdef_2', type: 'function_call', status: 'in_progress', arguments: '', call_id: 'call_1', name: 'f' },
        output_index: 2,
        sequence_number: 15,
      });
      assert.deepEqual(events[11], { type: 'response.output_text.delta', item_id: 'msg_th0123456789abcdef_1', output_index: 1, content_index: 0, delta: 'Hi', logprobs: [], sequence_number: 11 });
      assert.equal((events[0]!.response as JsonObject).status, 'in_progress');
      assert.deepEqual((events[0]!.response as JsonObject).output, []);
      const completed = events[19]!.response as JsonObject;
      assert.deepEqual(completed, encodeResponsesResponse(foldEvents(input), META));
    });

    it('never interleaves items: parallel calls are held and written in index order', () => {
      const events = encodeAll([
        [
          { type: 'tool_call', index: 0, id: 'c0', name: 'a' },
          { type: 'tool_call', index: 1, id: 'c1', name: 'b' },
          { type: 'tool_arguments', index: 1, fragment: '{"y"' },
          { type: 'tool_arguments', index: 0, fragment: '{"x":' },
        ],
        [
          { type: 'tool_arguments', index: 1, fragment: ':2}' },
          { type: 'block_end', index: 1 },
          { type: 'tool_arguments', index: 0, fragment: '1}' },
          { type: 'block_end', index: 0 },
          { type: 'finish', reason: 'tool_calls' },
        ],
      ]);
      assertWellFormed(events);
      const done = events.filter((event) => event.type === 'response.function_call_arguments.done').map((event) => event.arguments);
      assert.deepEqual(done, ['{"x":1}', '{"y":2}']);
    });

    it('keeps a reasoning item id given later in the batch that opens the block', () => {
      const whole = { id: 'x', providerModel: 'o3', content: [{ type: 'reasoning' as const, text: 'r', encryptedContent: 'enc', itemId: 'rs_upstream' }], finishReason: 'stop' as const };
      const events = encodeAll([answerEvents(whole)]);
      assert.equal(((events[2]!.item as JsonObject).id), 'rs_upstream');
      const item = events.find((event) => event.type === 'response.output_item.done')!.item;
      assert.deepEqual(item, { id: 'rs_upstream', type: 'reasoning', encrypted_content: 'enc', summary: [{ type: 'summary_text', text: 'r' }] });
    });

    it('ends a failed stream with response.failed and error, and writes nothing after', () => {
      const encoder = new ResponsesStreamEncoder(META);
      const events = [...encoder.push([{ type: 'text', index: 0, text: 'Hel' }]), ...encoder.failed({ code: 'server_error', message: 'upstream cut' })];
      assertWellFormed(events);
      assert.deepEqual(events.slice(-2).map((event) => event.type), ['response.failed', 'error']);
      const response = events.at(-2)!.response as JsonObject;
      assert.equal(response.status, 'failed');
      assert.deepEqual(response.error, { code: 'server_error', message: 'upstream cut' });
      assert.deepEqual(events.at(-1), { type: 'error', code: 'server_error', message: 'upstream cut', param: null, sequence_number: events.length - 1 });
      assert.deepEqual(encoder.push([{ type: 'text', index: 0, text: 'lo' }]), []);
      assert.deepEqual(encoder.end(), []);
      const decoded = decodeAll(events);
      assert.deepEqual(decoded.decoder.failure, { code: 'server_error', message: 'upstream cut' });
    });

    it('writes response.incomplete for a length finish', () => {
      const events = encodeAll([[{ type: 'text', index: 0, text: 'cut' }, { type: 'finish', reason: 'length' }]]);
      assertWellFormed(events);
      const terminal = events.at(-1)!;
      assert.equal(terminal.type, 'response.incomplete');
      assert.deepEqual((terminal.response as JsonObject).incomplete_details, { reason: 'max_output_tokens' });
    });

    it('any stream, through SSE bytes cut anywhere and back, folds to the same answer (fast-check)', () => {
      const cases = answer.chain((value) => answerStream(value).chain((events) => fc.tuple(fc.constant(value), fc.constant(events), batches(events), fc.array(fc.nat(), { maxLength: 12 }))));
      fc.assert(
        fc.property(cases, ([value, events, batchList, cuts]) => {
          const wire = encodeAll(batchList);
          assertWellFormed(wire);
          const decoder = new ResponsesStreamDecoder();
          const folder = new AnswerFolder();
          for (const event of throughSse(wire, cuts)) for (const model of decoder.push(event)) folder.add(model);
          assert.equal(decoder.finished, true);
          assert.deepEqual(folder.answer(), throughResponses(value, META));
          assert.deepEqual(wire.at(-1)!.response, JSON.parse(JSON.stringify(encodeResponsesResponse(foldEvents(events), META))));
        }),
        { numRuns: 300 },
      );
    });
  });
});
