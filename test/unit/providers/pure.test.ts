import assert from 'node:assert/strict';
import { errorCodeFor, parseErrorBody, redact, safeText, upstreamError } from '../../../src/core/providers/common/classify';
import { parseDuration, retryAfterFromMessage, retryAfterMs } from '../../../src/core/providers/common/retryAfter';
import { fromAnthropicResponse, stopReason, toAnthropicBody, toAnthropicMessages, AnthropicStreamState } from '../../../src/core/providers/anthropic/transform';
import { finishReason, fromOpenAIResponse, toOpenAIBody } from '../../../src/core/providers/openai/transform';
import { SECRET_KEY, chunksOf } from './helpers';

describe('retry-after parsing', () => {
  it('reads OpenAI durations', () => {
    assert.equal(parseDuration('12ms'), 12);
    assert.equal(parseDuration('1m3s'), 63_000);
    assert.equal(parseDuration('6m0s'), 360_000);
    assert.equal(parseDuration('1.5s'), 1500);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration('5x'), undefined);
  });

  it('reads "try again in" sentences', () => {
    assert.equal(retryAfterFromMessage('Rate limit reached. Please try again in 3.89s. Visit …'), 3890);
    assert.equal(retryAfterFromMessage('Please try again in 20ms.'), 20);
    assert.equal(retryAfterFromMessage('Please try again in 1m2s.'), 62_000);
    assert.equal(retryAfterFromMessage('try again in 5 seconds'), 5000);
    assert.equal(retryAfterFromMessage('no hint'), undefined);
  });

  it('prefers retry-after-ms, then retry-after (seconds or date), then the message, then reset headers', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(retryAfterMs({ 'retry-after-ms': '250', 'retry-after': '9' }, undefined, now), 250);
    assert.equal(retryAfterMs({ 'retry-after': '9' }, 'try again in 1s', now), 9000);
    assert.equal(retryAfterMs({ 'retry-after': 'Wed, 01 Jan 2025 00:00:04 GMT' }, undefined, now), 4000);
    assert.equal(retryAfterMs({ 'x-ratelimit-reset-tokens': '6m0s' }, 'try again in 1s', now), 1000);
    assert.equal(retryAfterMs({}, undefined, now), undefined);
  });

  it('takes the reset of the exhausted limit, else the soonest future reset', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    const headers = {
      'anthropic-ratelimit-requests-reset': '2025-01-01T00:00:02Z',
      'anthropic-ratelimit-requests-remaining': '10',
      'anthropic-ratelimit-tokens-reset': '2025-01-01T00:00:20Z',
      'anthropic-ratelimit-tokens-remaining': '0',
      'anthropic-ratelimit-output-tokens-reset': '2024-12-31T23:59:00Z',
    };
    assert.equal(retryAfterMs(headers, undefined, now), 20_000);
    const { ['anthropic-ratelimit-tokens-remaining']: _omit, ...noRemaining } = headers;
    void _omit;
    assert.equal(retryAfterMs(noRemaining, undefined, now), 2000, 'a past timestamp is no help');
    assert.equal(retryAfterMs({ 'x-ratelimit-reset-requests': '1m3s', 'x-ratelimit-reset-tokens': '12ms' }, undefined, now), 12);
    assert.equal(
      retryAfterMs({ 'x-ratelimit-reset-requests': '1m3s', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-tokens': '12ms' }, undefined, now),
      63_000,
    );
  });
});

describe('error classification (pure)', () => {
  it('reads every error dialect', () => {
    assert.deepEqual(parseErrorBody({ error: { message: 'm', type: 't', param: null, code: 'c' } }).code, 'c');
    assert.equal(parseErrorBody({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }).type, 'overloaded_error');
    assert.equal(parseErrorBody({ object: 'error', message: 'legacy', type: 'BadRequestError', code: 400 }).message, 'legacy');
    assert.equal(parseErrorBody({ error: 'tgi says', error_type: 'validation' }).message, 'tgi says');
    assert.equal(parseErrorBody({ detail: 'fastapi says' }).message, 'fastapi says');
    assert.equal(parseErrorBody({ detail: [{ msg: 'pydantic says' }] }).message, 'pydantic says');
    assert.deepEqual(parseErrorBody('nope'), {});
  });

  it('decides by status and fields', () => {
    assert.equal(errorCodeFor(429, { code: 'insufficient_quota' }), 'quota');
    assert.equal(errorCodeFor(429, { type: 'insufficient_quota' }), 'quota');
    assert.equal(errorCodeFor(401, {}), 'unauthorized');
    assert.equal(errorCodeFor(403, {}), 'unauthorized');
    assert.equal(errorCodeFor(429, {}), 'rate_limited');
    assert.equal(errorCodeFor(529, {}), 'overloaded');
    assert.equal(errorCodeFor(200, { type: 'overloaded_error' }), 'overloaded');
    assert.equal(errorCodeFor(400, { code: 'context_length_exceeded' }), 'context_length');
    assert.equal(errorCodeFor(413, { message: 'Prompt is too long' }), 'context_length');
    assert.equal(errorCodeFor(413, { message: 'Request body too large' }), 'bad_request');
    assert.equal(errorCodeFor(404, {}), 'bad_request');
    assert.equal(errorCodeFor(502, {}), 'server');
    assert.equal(errorCodeFor(504, {}), 'timeout');
  });

  it('never lets the key or a key-shaped string into a message, and truncates', () => {
    const message = `bad key ${SECRET_KEY} and sk-proj-abcdefghijklmnop and Bearer abc.def ${'x'.repeat(1000)}`;
    const error = upstreamError(401, {}, { message, type: 'invalid_request_error' }, { provider: 'p', apiKey: SECRET_KEY });
    assert.ok(!error.message.includes(SECRET_KEY));
    assert.ok(!error.message.includes('sk-proj-abcdefghijklmnop'));
    assert.ok(!error.message.includes('abc.def'));
    assert.ok(error.message.length < 400, String(error.message.length));
    assert.equal(redact('key=abcd1234', 'abcd1234'), 'key=[redacted]');
    assert.equal(safeText('a\n  b', undefined), 'a b');
  });
});

describe('finish and stop reason tables', () => {
  it('map reasons named like prototype properties to null, never to a function', () => {
    for (const reason of ['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty']) {
      assert.equal(finishReason(reason), null, reason);
      assert.equal(stopReason(reason), null, reason);
    }
    assert.equal(finishReason('length'), 'length');
    assert.equal(stopReason('end_turn'), 'stop');
    const answer = fromOpenAIResponse('chat', { id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'toString' }] });
    assert.equal(answer?.finishReason, null);
  });
});

describe('OpenAI transforms (pure)', () => {
  it('builds bodies: usage asked on streams only, the configured max-tokens field', () => {
    const chat = toOpenAIBody('m', { kind: 'chat', messages: [{ role: 'system', content: 's' }], maxTokens: 5 }, false, 'max_tokens');
    assert.deepEqual(chat, { model: 'm', stream: false, messages: [{ role: 'system', content: 's' }], max_tokens: 5 });
    const completion = toOpenAIBody('m', { kind: 'completion', prompt: 'p', topP: 0.9 }, true, 'max_completion_tokens');
    assert.deepEqual(completion, { model: 'm', top_p: 0.9, stream: true, stream_options: { include_usage: true }, prompt: 'p' });
  });

  it('maps responses and refuses other shapes', () => {
    const body = { id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: null }, finish_reason: 'tool_calls' }] };
    assert.deepEqual(fromOpenAIResponse('chat', body), { id: 'x', providerModel: 'm', text: '', finishReason: 'tool_calls' });
    assert.equal(fromOpenAIResponse('chat', { choices: [] }), undefined);
    assert.equal(fromOpenAIResponse('completion', { choices: [{ message: {} }] }), undefined);
  });

  it('maps chunks, including the usage chunk with choices null or []', () => {
    assert.deepEqual(chunksOf({ choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: 'length' }] }), [
      { type: 'delta', text: 'hi' },
      { type: 'finish', finishReason: 'length' },
    ]);
    const usage = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };
    assert.deepEqual(chunksOf({ choices: null, usage }), [{ type: 'usage', usage: { promptTokens: 3, completionTokens: 2, totalTokens: 5 } }]);
    assert.deepEqual(chunksOf({ choices: [], usage: null }), []);
  });
});

describe('Anthropic transforms (pure)', () => {
  it('lifts system, merges same-role turns, starts with user, trims a final prefill', () => {
    assert.deepEqual(
      toAnthropicMessages([
        { role: 'user', content: 'a' },
        { role: 'system', content: 's' },
        { role: 'user', content: 'b' },
        { role: 'assistant', content: 'c ' },
      ]),
      { system: 's', messages: [{ role: 'user', content: 'a\n\nb' }, { role: 'assistant', content: 'c' }] },
    );
    assert.deepEqual(toAnthropicMessages([{ role: 'system', content: 's' }]).messages, [{ role: 'user', content: '.' }]);
  });

  it('maps a completion onto a one-message chat with max_tokens and stop sequences', () => {
    assert.deepEqual(toAnthropicBody('c', { kind: 'completion', prompt: 'p', stop: ['END'], maxTokens: 9 }, true), {
      model: 'c',
      messages: [{ role: 'user', content: 'p' }],
      max_tokens: 9,
      stop_sequences: ['END'],
      stream: true,
    });
  });

  it('maps stop reasons through the table and counts cached prompt tokens', () => {
    const body = {
      id: 'msg',
      type: 'message',
      model: 'c',
      content: [{ type: 'thinking' }, { type: 'text', text: 'a' }, { type: 'text', text: 'b' }],
      stop_reason: 'stop_sequence',
      usage: { input_tokens: 5, cache_read_input_tokens: 10, output_tokens: 2 },
    };
    assert.deepEqual(fromAnthropicResponse(body), {
      id: 'msg',
      providerModel: 'c',
      text: 'ab',
      finishReason: 'stop',
      usage: { promptTokens: 15, completionTokens: 2, totalTokens: 17 },
    });
    assert.equal(fromAnthropicResponse({ ...body, stop_reason: 'tool_use' })?.finishReason, 'tool_calls');
    assert.equal(fromAnthropicResponse({ ...body, stop_reason: 'max_tokens' })?.finishReason, 'length');
    assert.equal(fromAnthropicResponse({ type: 'error' }), undefined);
  });

  it('folds stream events, skipping non-text deltas', () => {
    const state = new AnthropicStreamState();
    assert.deepEqual(state.next({ type: 'message_start', message: { usage: { input_tokens: 4 } } }), []);
    assert.deepEqual(state.next({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta' } }), []);
    assert.deepEqual(state.next({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }), [{ type: 'delta', text: 'x' }]);
    assert.deepEqual(state.next({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }), [
      { type: 'finish', finishReason: 'stop' },
      { type: 'usage', usage: { promptTokens: 4, completionTokens: 3, totalTokens: 7 } },
    ]);
    assert.equal(state.done, false);
    state.next({ type: 'message_stop' });
    assert.equal(state.done, true);
  });
});
