import assert from 'node:assert/strict';
import { TokenhubError } from '../../../src/core/base/errors';
import type { StreamBatch } from '../../../src/core/model/events';
import type { WireFormat } from '../../../src/core/model/request';
import type { RouteStream, StreamSummary } from '../../../src/core/router/types';
import { apiError, toApiError, type ApiError } from '../../../src/core/server/httpError';
import { anthropicError } from '../../../src/core/surfaces/anthropicErrors';
import { AnthropicSurface } from '../../../src/core/surfaces/anthropicMessages';
import { model } from '../router/harness';

const surface = new AnthropicSurface();
const ANTHROPIC_DETAIL = { format: 'anthropic-messages', status: 400, type: 'invalid_request_error', message: 'messages.1.content.0: Invalid `signature` in `thinking` block' };

describe('surface: Anthropic errors', () => {
  it('gives each status its Anthropic type', () => {
    const table: [number, string][] = [
      [400, 'invalid_request_error'], [401, 'authentication_error'], [403, 'permission_error'], [404, 'not_found_error'], [405, 'invalid_request_error'],
      [413, 'request_too_large'], [415, 'invalid_request_error'], [429, 'rate_limit_error'], [500, 'api_error'], [502, 'api_error'], [503, 'api_error'], [504, 'timeout_error'],
    ];
    for (const [status, type] of table) assert.deepEqual(anthropicError(apiError(status, 'Something.')), { status, type, message: 'Something.' }, String(status));
  });

  it("passes an Anthropic provider's own type and words on unchanged, and nobody else's", () => {
    const error: ApiError = { ...apiError(400, 'ant refused the request (HTTP 400 invalid_request_error): …', 'bad_request'), upstream: ANTHROPIC_DETAIL };
    assert.deepEqual(anthropicError(error), { status: 400, type: 'invalid_request_error', message: ANTHROPIC_DETAIL.message });
    const midStream: ApiError = { ...apiError(503, 'ant is overloaded', 'overloaded'), upstream: { format: 'anthropic-messages', status: 200, type: 'overloaded_error', message: 'Overloaded' } };
    assert.deepEqual(anthropicError(midStream), { status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const openai: ApiError = { ...apiError(400, 'oai refused the request', 'bad_request'), upstream: { ...ANTHROPIC_DETAIL, format: 'openai-chat', type: 'invalid_value' } };
    assert.deepEqual(anthropicError(openai), { status: 400, type: 'invalid_request_error', message: 'oai refused the request' });
  });

  it('keeps a refused provider key out of what the client is told (it is not the client\'s key)', () => {
    const refused = new TokenhubError('unauthorized', 'ant refused the API key', { status: 401, upstream: { ...ANTHROPIC_DETAIL, status: 401, type: 'authentication_error', message: 'invalid x-api-key' } });
    const error = toApiError(refused);
    assert.equal(error.upstream, undefined);
    assert.equal(anthropicError(error).type, 'api_error');
    assert.equal(toApiError(new TokenhubError('bad_request', 'x', { status: 400, upstream: ANTHROPIC_DETAIL })).upstream, ANTHROPIC_DETAIL);
  });

  it('answers overload with 529, and a prompt that fits no model in the words Anthropic opens with', () => {
    assert.deepEqual(anthropicError(toApiError(new TokenhubError('overloaded', 'Every provider tried is overloaded.', { status: 503 }))), {
      status: 529,
      type: 'overloaded_error',
      message: 'Every provider tried is overloaded.',
    });
    const overflow = anthropicError(toApiError(new TokenhubError('context_length', 'The prompt does not fit any configured model.', { status: 400 })));
    assert.deepEqual(overflow, { status: 400, type: 'invalid_request_error', message: 'prompt is too long: The prompt does not fit any configured model.' });
    const already = anthropicError(toApiError(new TokenhubError('context_length', 'Prompt is too long: 9 tokens > 8 maximum', { status: 400 })));
    assert.equal(already.message, 'Prompt is too long: 9 tokens > 8 maximum');
  });

  it('renders the body in Anthropic\'s shape, and its status', () => {
    assert.deepEqual(JSON.parse(surface.error(apiError(404, 'Unknown model "x".', 'model_not_found'))), { type: 'error', error: { type: 'not_found_error', message: 'Unknown model "x".' } });
    assert.equal(surface.errorStatus(apiError(503, 'x', 'overloaded')), 529);
  });
});

describe('surface: Anthropic requests', () => {
  it('reads the model, the stream flag and the Anthropic headers (a repeated beta header as one list)', () => {
    const body = { model: 'claude-sonnet-4-6', max_tokens: 10, stream: true, messages: [{ role: 'user', content: 'Hi' }] };
    const parsed = surface.parse(body, { 'anthropic-version': '2023-06-01', 'anthropic-beta': ['a-1', 'b-2'], 'x-api-key': 'local-token' });
    assert.ok(parsed.ok);
    assert.equal(parsed.value.model, 'claude-sonnet-4-6');
    assert.equal(parsed.value.stream, true);
    assert.equal(parsed.value.escalate, true);
    assert.deepEqual(parsed.value.request.origin?.headers, { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'a-1,b-2' }, 'never the token');
  });

  it('refuses what Anthropic refuses, naming the field', () => {
    const parsed = surface.parse({ model: 'x', max_tokens: 10, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'ftp' } }] }] }, {});
    assert.ok(!parsed.ok);
    assert.equal(parsed.problem.param, 'messages[0].content[0].source.type');
  });
});

describe('surface: Anthropic streams', () => {
  const routed = (format: WireFormat) => ({ model: model({ id: 'claude', provider: 'ant' }), format, promptTokens: 321, attempts: 1, escalations: [], dropped: [] }) as unknown as RouteStream;
  const summary = { usage: { promptTokens: 400, completionTokens: 5, totalTokens: 405 } } as StreamSummary;

  it("forwards the upstream's events as they came, the registry id in message_start, and ends with nothing more", () => {
    const stream = surface.stream(routed('anthropic-messages'));
    const batch: StreamBatch = {
      events: [{ type: 'text', index: 0, text: 'Hi' }],
      raw: [
        { event: 'message_start', data: '{"type":"message_start","message":{"id":"msg_up","model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":9},"vendor":1}}' },
        { event: 'ping', data: '{"type": "ping"}' },
        { event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"},"model":"left alone"}' },
        { event: 'brand_new_event', data: '{"type":"brand_new_event"}' },
      ],
    };
    assert.equal(
      stream.batch(batch),
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_up","model":"claude","usage":{"input_tokens":9},"vendor":1}}\n\n' +
        'event: ping\ndata: {"type": "ping"}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"},"model":"left alone"}\n\n' +
        'event: brand_new_event\ndata: {"type":"brand_new_event"}\n\n',
    );
    assert.equal(stream.keepAlive!.frame(), 'event: ping\ndata: {"type": "ping"}\n\n');
    assert.equal(stream.end(summary), '');
    assert.equal(stream.keepAlive!.frame(), '', 'no ping after the end');
  });

  it('encodes from the model when the provider spoke another format: message_start states the router\'s estimate', () => {
    const stream = surface.stream(routed('openai-chat'));
    const text = stream.batch({ events: [{ type: 'start', id: 'chatcmpl-1', model: 'gpt-5' }, { type: 'text', index: 0, text: 'Hi' }] });
    const start = JSON.parse(/^data: (.*)$/m.exec(text)![1]!) as { message: { id: string; model: string; usage: { input_tokens: number } } };
    assert.match(start.message.id, /^msg_/);
    assert.equal(start.message.model, 'claude');
    assert.equal(start.message.usage.input_tokens, 321);
    assert.match(stream.end(summary), /"input_tokens":400[^]*event: message_stop/);
  });

  it('ends a failed stream with an error event in either mode', () => {
    for (const format of ['anthropic-messages', 'openai-chat'] as const) {
      const stream = surface.stream(routed(format));
      stream.batch({ events: [{ type: 'text', index: 0, text: 'Hi' }], ...(format === 'anthropic-messages' && { raw: [{ event: 'message_start', data: '{"type":"message_start","message":{}}' }] }) });
      const frame = stream.error({ ...apiError(503, 'ant is overloaded', 'overloaded'), upstream: { format: 'anthropic-messages', status: 200, type: 'overloaded_error', message: 'Overloaded' } });
      assert.equal(frame, 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n', format);
      assert.equal(stream.keepAlive!.frame(), '');
    }
  });
});
