import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Answer } from '../../../../src/core/model/answer';
import type { JsonObject } from '../../../../src/core/model/content';
import { decodeResponsesResponse, responsesFailure } from '../../../../src/core/formats/responses/decodeResponse';
import { encodeResponsesResponse } from '../../../../src/core/formats/responses/encodeResponse';
import { META, throughResponses } from './helpers';
import { answer } from './arbitraries';
import { FUNCTION_CALL_RESPONSE, REASONING_RESPONSE, TEXT_RESPONSE } from './recorded';

const withoutRaw = (value: Answer | undefined): Answer => {
  assert.ok(value);
  const { raw, ...rest } = value;
  void raw;
  return rest;
};

describe('responses response codec', () => {
  it('decodes a recorded text answer with cached tokens', () => {
    const decoded = decodeResponsesResponse(TEXT_RESPONSE);
    assert.deepEqual(withoutRaw(decoded), {
      id: TEXT_RESPONSE.id,
      providerModel: 'gpt-4.1-2025-04-14',
      content: [{ type: 'text', text: TEXT_RESPONSE.output[0]!.content[0]!.text }],
      finishReason: 'stop',
      usage: { promptTokens: 12033, completionTokens: 44, totalTokens: 12077, cacheReadTokens: 11904 },
    });
    assert.equal(decoded?.raw, TEXT_RESPONSE);
  });

  it('decodes a function call answer: the call id is call_id, the finish reason tool_calls', () => {
    assert.deepEqual(withoutRaw(decodeResponsesResponse(FUNCTION_CALL_RESPONSE)).content, [
      { type: 'tool_call', id: 'call_unLAR8MvFNptuiZK6K6HCy5k', name: 'get_weather', arguments: '{"location":"Paris, France"}' },
    ]);
    assert.equal(decodeResponsesResponse(FUNCTION_CALL_RESPONSE)?.finishReason, 'tool_calls');
  });

  it('decodes reasoning with its summary, encrypted content and item id', () => {
    const decoded = withoutRaw(decodeResponsesResponse(REASONING_RESPONSE));
    assert.deepEqual(decoded.content, [
      { type: 'reasoning', text: '**Preparing simple response**', encryptedContent: REASONING_RESPONSE.output[0]!.encrypted_content, itemId: 'rs_0e172b76542a9100016964f7e6c200819190235d871bc889a0' },
      { type: 'text', text: 'Hello! Ready when you are.' },
    ]);
    assert.deepEqual(decoded.usage, { promptTokens: 4510, completionTokens: 29, totalTokens: 4539, cacheReadTokens: 4352, reasoningTokens: 14 });
  });

  it('reads incomplete answers, refusals, failures and what is not a response', () => {
    const base = { object: 'response', id: 'resp_1', model: 'm' };
    assert.equal(decodeResponsesResponse({ ...base, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [] })?.finishReason, 'length');
    assert.equal(decodeResponsesResponse({ ...base, status: 'incomplete', incomplete_details: { reason: 'content_filter' }, output: [] })?.finishReason, 'content_filter');
    const refused = decodeResponsesResponse({ ...base, status: 'completed', output: [{ type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] }] });
    assert.deepEqual(refused?.content, [{ type: 'text', text: 'I cannot help with that.' }]);
    assert.equal(refused?.finishReason, 'content_filter');
    const withTools = decodeResponsesResponse({ ...base, status: 'completed', output: [{ type: 'web_search_call', id: 'ws_1', status: 'completed' }, { type: 'message', content: [{ type: 'output_text', text: 'a' }, { type: 'output_text', text: 'b' }] }] });
    assert.deepEqual(withTools?.content, [{ type: 'text', text: 'ab' }]);
    const failed = { ...base, status: 'failed', error: { code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again in 3.2s.' }, output: [] };
    assert.deepEqual(responsesFailure(failed), { code: 'rate_limit_exceeded', message: 'Rate limit reached. Please try again in 3.2s.' });
    assert.equal(decodeResponsesResponse(failed)?.finishReason, null);
    assert.equal(responsesFailure(TEXT_RESPONSE), undefined);
    assert.equal(decodeResponsesResponse({ object: 'chat.completion', choices: [] }), undefined);
    assert.equal(decodeResponsesResponse('nope'), undefined);
  });

  it('encodes a complete response object: echoed settings, item ids, usage, status', () => {
    const body = encodeResponsesResponse(
      {
        id: 'x',
        providerModel: 'claude-sonnet',
        content: [
          { type: 'reasoning', text: 'Plan.', signature: 'anthropic-only' },
          { type: 'text', text: 'Calling.' },
          { type: 'tool_call', id: 'toolu_1', name: 'f', arguments: '' },
        ],
        finishReason: 'tool_calls',
        usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, cacheReadTokens: 4 },
      },
      META,
    );
    assert.deepEqual(body, {
      id: META.id,
      object: 'response',
      created_at: META.createdAt,
      status: 'completed',
      background: false,
      completed_at: META.completedAt,
      error: null,
      incomplete_details: null,
      instructions: 'Be brief.',
      max_output_tokens: null,
      max_tool_calls: null,
      model: 'auto',
      output: [
        { id: 'rs_th0123456789abcdef_0', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Plan.' }] },
        { id: 'msg_th0123456789abcdef_1', type: 'message', status: 'completed', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Calling.' }], role: 'assistant' },
        { id: 'fc_th0123456789abcdef_2', type: 'function_call', status: 'completed', arguments: '{}', call_id: 'toolu_1', name: 'f' },
      ],
      parallel_tool_calls: true,
      previous_response_id: null,
      prompt_cache_key: null,
      reasoning: { effort: null, summary: null },
      safety_identifier: null,
      service_tier: 'default',
      store: true,
      temperature: 1,
      text: { format: { type: 'text' }, verbosity: 'medium' },
      tool_choice: 'auto',
      tools: [{ type: 'function', name: 'f', parameters: {}, strict: false }],
      top_logprobs: 0,
      top_p: 1,
      truncation: 'disabled',
      usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 4, cache_write_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 },
      user: null,
      metadata: { run: '7' },
    });
    const cut = encodeResponsesResponse({ id: '', providerModel: '', content: [], finishReason: 'length' }, META);
    assert.equal(cut.status, 'incomplete');
    assert.deepEqual(cut.incomplete_details, { reason: 'max_output_tokens' });
    assert.equal(cut.completed_at, null);
    assert.equal(cut.usage, null);
    const estimated = encodeResponsesResponse({ id: '', providerModel: '', content: [], finishReason: 'stop' }, META, { promptTokens: 3, completionTokens: 0, totalTokens: 3, estimated: true });
    assert.deepEqual((estimated.usage as JsonObject).input_tokens, 3);
  });

  it('keeps a reasoning item id that its encrypted content is bound to', () => {
    const body = encodeResponsesResponse(withoutRaw(decodeResponsesResponse(REASONING_RESPONSE)), META);
    assert.deepEqual((body.output as JsonObject[])[0], REASONING_RESPONSE.output[0]);
  });

  it('round-trips any answer through encode and decode (fast-check)', () => {
    fc.assert(
      fc.property(answer, (value) => {
        const body = JSON.parse(JSON.stringify(encodeResponsesResponse(value, META))) as JsonObject;
        assert.deepEqual(withoutRaw(decodeResponsesResponse(body)), throughResponses(value, META));
      }),
      { numRuns: 300 },
    );
  });
});
