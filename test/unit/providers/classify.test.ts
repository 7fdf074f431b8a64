import assert from 'node:assert/strict';
import { errorCodeFor, parseErrorBody, redact, safeText, upstreamError } from '../../../src/core/providers/common/classify';
import { parseDuration, retryAfterFromMessage, retryAfterMs } from '../../../src/core/providers/common/retryAfter';
import { finishReason } from '../../../src/core/formats/openai/usage';
import { decodeChatResponse } from '../../../src/core/formats/openai/response';
import { finishReason as anthropicFinish } from '../../../src/core/formats/anthropic/stopReasons';
import { SECRET_KEY } from './helpers';

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

  it("keeps the provider's own error type and words, redacted, when the adapter names its format", () => {
    const fields = { type: 'invalid_request_error', message: `messages.1.content.0: Invalid \`signature\` in \`thinking\` block (key ${SECRET_KEY})` };
    const error = upstreamError(400, {}, fields, { provider: 'p', apiKey: SECRET_KEY, format: 'anthropic-messages' });
    assert.deepEqual(error.upstream, {
      format: 'anthropic-messages',
      status: 400,
      type: 'invalid_request_error',
      message: 'messages.1.content.0: Invalid `signature` in `thinking` block (key [redacted])',
    });
    assert.equal(upstreamError(400, {}, fields, { provider: 'p' }).upstream, undefined, 'no format, no detail');
    assert.equal(upstreamError(500, {}, {}, { provider: 'p', format: 'anthropic-messages' }).upstream, undefined, 'nothing said, nothing kept');
    const long = upstreamError(400, {}, { type: 'invalid_request_error', message: 'x'.repeat(10_000) }, { provider: 'p', format: 'anthropic-messages' });
    assert.ok(long.upstream!.message.length <= 4000, 'bounded');
  });
});

describe('finish and stop reason tables', () => {
  it('map reasons named like prototype properties to null, never to a function', () => {
    for (const reason of ['toString', '__proto__', 'constructor', 'valueOf', 'hasOwnProperty']) {
      assert.equal(finishReason(reason), null, reason);
      assert.equal(anthropicFinish(reason), null, reason);
    }
    assert.equal(finishReason('length'), 'length');
    assert.equal(anthropicFinish('end_turn'), 'stop');
    const answer = decodeChatResponse({ id: 'x', model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'toString' }] });
    assert.equal(answer?.finishReason, null);
  });
});
