import assert from 'node:assert/strict';
import type { Answer } from '../../../../src/core/model/answer';
import { decodeMessagesResponse, encodeCountTokensResponse, encodeMessagesResponse, usageFromAnthropic } from '../../../../src/core/formats/anthropic/response';
import { encodeAnthropicError, errorTypeForStatus, statusForErrorType } from '../../../../src/core/formats/anthropic/errors';
import { finishReason } from '../../../../src/core/formats/anthropic/stopReasons';
import { CACHE_READ_USAGE, CACHE_WRITE_USAGE, PARALLEL_TOOL_USE_ANSWER, THINKING_ANSWER, TOOL_USE_ANSWER } from './recorded';

const meta = { id: 'msg_tokenhub_1', model: 'claude-sonnet-4-6' };
const usage = { promptTokens: 100, completionTokens: 20, totalTokens: 120 };

describe('anthropic answers (whole messages)', () => {
  it("decodes the reference's tool-use answer: text, then the call with its input as JSON text", () => {
    const answer = decodeMessagesResponse(TOOL_USE_ANSWER)!;
    assert.deepEqual(answer.content, [
      { type: 'text', text: "I'll check the current weather in San Francisco for you." },
      { type: 'tool_call', id: 'toolu_01A09q90qw90lq917835lq9', name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
    ]);
    assert.equal(answer.finishReason, 'tool_calls');
    assert.equal(answer.id, 'msg_01Aq9w938a90dw8q');
    assert.equal(answer.providerModel, 'claude-opus-4-6');
    assert.deepEqual(answer.usage, { promptTokens: 384, completionTokens: 92, totalTokens: 476, cacheReadTokens: 0, cacheWriteTokens: 0 });
    assert.equal(answer.raw, TOOL_USE_ANSWER, 'the body as it came, for pass-through');
  });

  it('decodes parallel tool use as two calls, both kept', () => {
    const answer = decodeMessagesResponse(PARALLEL_TOOL_USE_ANSWER)!;
    assert.deepEqual(answer.content.filter((part) => part.type === 'tool_call').map((part) => part.type === 'tool_call' && [part.id, part.name, part.arguments]), [
      ['toolu_01WeatherSF', 'get_weather', '{"location":"San Francisco, CA"}'],
      ['toolu_02TimeSF', 'get_time', '{"timezone":"America/Los_Angeles"}'],
    ]);
  });

  it('decodes thinking with its signature and redacted thinking with its data', () => {
    const answer = decodeMessagesResponse(THINKING_ANSWER)!;
    assert.deepEqual(answer.content, [
      { type: 'reasoning', text: 'Let me analyze this step by step...', signature: THINKING_ANSWER.content[0]!.signature },
      { type: 'reasoning', text: '', redactedData: THINKING_ANSWER.content[1]!.data },
      { type: 'text', text: 'Based on my analysis...' },
    ]);
    assert.equal(answer.finishReason, 'stop');
  });

  it('counts cached reads and writes as prompt tokens, and keeps them apart', () => {
    assert.deepEqual(usageFromAnthropic(CACHE_WRITE_USAGE), { promptTokens: 21 + 188086, completionTokens: 393, totalTokens: 21 + 188086 + 393, cacheReadTokens: 0, cacheWriteTokens: 188086 });
    assert.deepEqual(usageFromAnthropic(CACHE_READ_USAGE), { promptTokens: 50 + 248 + 100000, completionTokens: 503, totalTokens: 100801, cacheReadTokens: 100000, cacheWriteTokens: 248 });
    assert.equal(usageFromAnthropic({ input_tokens: 5, output_tokens: 9, output_tokens_details: { thinking_tokens: 4 } })?.reasoningTokens, 4);
  });

  it('maps every stop reason through the table, by own property only', () => {
    const table = { end_turn: 'stop', stop_sequence: 'stop', pause_turn: 'stop', max_tokens: 'length', model_context_window_exceeded: 'length', tool_use: 'tool_calls', refusal: 'content_filter' };
    for (const [reason, finish] of Object.entries(table)) assert.equal(finishReason(reason), finish, reason);
    assert.equal(finishReason('toString'), null);
    assert.equal(finishReason(null), null);
    const stopped = decodeMessagesResponse({ ...THINKING_ANSWER, stop_reason: 'stop_sequence', stop_sequence: '###' })!;
    assert.equal(stopped.stopSequence, '###');
  });

  it('turns the forced JSON tool back into the answer text', () => {
    const body = { ...TOOL_USE_ANSWER, content: [{ type: 'tool_use', id: 'toolu_1', name: 'json_answer', input: { a: 1 } }] };
    const answer = decodeMessagesResponse(body, { jsonTool: 'json_answer' })!;
    assert.deepEqual(answer.content, [{ type: 'text', text: '{"a":1}' }]);
    assert.equal(answer.finishReason, 'stop');
  });

  it('refuses bodies that are not messages', () => {
    assert.equal(decodeMessagesResponse({ type: 'error', error: { type: 'api_error', message: 'x' } }), undefined);
    assert.equal(decodeMessagesResponse('message'), undefined);
  });

  it('encodes an answer as Anthropic does: signed thinking, text, tool use with parsed input; unsigned reasoning left out', () => {
    const answer: Answer = {
      id: 'chatcmpl-1',
      providerModel: 'gpt-5',
      content: [
        { type: 'reasoning', text: 'vendor reasoning' },
        { type: 'reasoning', text: 'signed', signature: 'sig' },
        { type: 'reasoning', text: '', redactedData: 'opaque' },
        { type: 'text', text: 'Calling.' },
        { type: 'tool_call', id: 'call.1', name: 'f', arguments: '{"x":1}' },
        { type: 'tool_call', id: 'call_2', name: 'g', arguments: '' },
      ],
      finishReason: 'tool_calls',
    };
    assert.deepEqual(encodeMessagesResponse(answer, meta, { ...usage, cacheReadTokens: 30, cacheWriteTokens: 10 }), {
      id: 'msg_tokenhub_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [
        { type: 'thinking', thinking: 'signed', signature: 'sig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Calling.' },
        { type: 'tool_use', id: 'call_1', name: 'f', input: { x: 1 } },
        { type: 'tool_use', id: 'call_2', name: 'g', input: {} },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 60, output_tokens: 20, cache_creation_input_tokens: 10, cache_read_input_tokens: 30 },
    });
  });

  it('encodes stop reasons back: stop sequence, length, refusal, and tool_use whenever tools were called', () => {
    const reason = (answer: Partial<Answer>) => encodeMessagesResponse({ id: '', providerModel: '', content: [], finishReason: 'stop', ...answer }, meta, usage);
    assert.equal(reason({}).stop_reason, 'end_turn');
    assert.deepEqual([reason({ stopSequence: '###' }).stop_reason, reason({ stopSequence: '###' }).stop_sequence], ['stop_sequence', '###']);
    assert.equal(reason({ finishReason: 'length' }).stop_reason, 'max_tokens');
    assert.equal(reason({ finishReason: 'content_filter' }).stop_reason, 'refusal');
    assert.equal(reason({ finishReason: null }).stop_reason, 'end_turn');
    assert.equal(reason({ content: [{ type: 'tool_call', id: 'c', name: 'f', arguments: '{}' }] }).stop_reason, 'tool_use', 'a server that said stop after calling tools');
  });

  it('encodes error bodies and maps statuses to error types both ways', () => {
    assert.deepEqual(encodeAnthropicError('overloaded_error', 'Overloaded'), { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    const table: Record<string, number> = { invalid_request_error: 400, authentication_error: 401, permission_error: 403, not_found_error: 404, request_too_large: 413, rate_limit_error: 429, api_error: 500, overloaded_error: 529 };
    for (const [type, status] of Object.entries(table)) {
      assert.equal(statusForErrorType(type), status, type);
      assert.equal(errorTypeForStatus(status), type, String(status));
    }
    assert.equal(errorTypeForStatus(422), 'invalid_request_error');
    assert.equal(errorTypeForStatus(503), 'overloaded_error');
    assert.equal(errorTypeForStatus(502), 'api_error');
    assert.equal(statusForErrorType('__proto__'), 500);
    assert.deepEqual(encodeCountTokensResponse(42), { input_tokens: 42 });
  });
});
