import assert from 'node:assert/strict';
import fc from 'fast-check';
import { foldEvents } from '../../../../src/core/model/answer';
import type { ChatRequest } from '../../../../src/core/model/request';
import { checkMessagesRequest, encodeMessagesRequest } from '../../../../src/core/formats/anthropic/encodeRequest';
import { decodeMessagesRequest } from '../../../../src/core/formats/anthropic/decodeRequest';
import { decodeMessagesResponse, encodeMessagesResponse } from '../../../../src/core/formats/anthropic/response';
import { AnthropicStreamEncoder } from '../../../../src/core/formats/anthropic/streamEncoder';
import { answer, canonicalCalls, conversation, expectedContent, expectedConversation, expectedFinish, streamEvents } from './arbitraries';
import { assertAnthropicOrder, decodeStream } from './streamHelpers';

const tools = ['read', 'grep', 'bash'].map((name) => ({ name, parameters: { type: 'object', properties: {} } }));
const target = { model: 'claude-sonnet-4-5', stream: true, defaultMaxTokens: 4096 };

describe('anthropic codec properties', () => {
  it('any conversation survives model → encodeMessagesRequest → decodeMessagesRequest → model, modulo the documented normal form', () => {
    fc.assert(
      fc.property(conversation, (messages) => {
        const request: ChatRequest = { kind: 'chat', messages, tools };
        const encoded = encodeMessagesRequest(request, target);
        assert.deepEqual(checkMessagesRequest(request, target), encoded.issues);
        const decoded = decodeMessagesRequest(JSON.parse(JSON.stringify(encoded.body)));
        if (!decoded.ok) assert.fail(`the encoded body did not decode: ${decoded.problem.param}: ${decoded.problem.message}`);
        assert.deepEqual(decoded.value.messages, expectedConversation(messages));
        assert.deepEqual(decoded.value.tools, tools);
      }),
      { numRuns: 300 },
    );
  });

  it('any answer survives encodeMessagesResponse → decodeMessagesResponse', () => {
    const usage = fc.record({ cacheRead: fc.nat(1000), cacheWrite: fc.nat(1000), fresh: fc.nat(1000), completion: fc.nat(1000) });
    fc.assert(
      fc.property(answer, usage, (original, counts) => {
        const promptTokens = counts.cacheRead + counts.cacheWrite + counts.fresh;
        const sent = { promptTokens, completionTokens: counts.completion, totalTokens: promptTokens + counts.completion, cacheReadTokens: counts.cacheRead, cacheWriteTokens: counts.cacheWrite };
        const body = JSON.parse(JSON.stringify(encodeMessagesResponse(original, { id: 'msg_1', model: 'claude' }, sent)));
        const back = decodeMessagesResponse(body)!;
        const content = expectedContent(original.content);
        assert.deepEqual(back.content, content);
        const { finishReason, stopSequence } = expectedFinish(original.finishReason, original.stopSequence, content.some((part) => part.type === 'tool_call'));
        assert.equal(back.finishReason, finishReason);
        assert.equal(back.stopSequence, stopSequence);
        assert.deepEqual(back.usage, sent);
        assert.equal(back.id, 'msg_1');
      }),
      { numRuns: 300 },
    );
  });

  it('any event sequence, rendered as Anthropic SSE and split at any bytes, decodes and folds to the same answer, in Anthropic order', () => {
    fc.assert(
      fc.property(streamEvents, fc.array(fc.nat(), { maxLength: 12 }), (events, cutSeeds) => {
        const encoder = new AnthropicStreamEncoder({ id: 'msg_1', model: 'claude', inputTokens: 50 });
        let sse = encoder.start();
        for (const event of events) sse += encoder.push(event);
        sse += encoder.ping() + encoder.end();
        assertAnthropicOrder(sse);
        const bytes = new TextEncoder().encode(sse);
        const { events: decoded, decoder } = decodeStream(bytes, cutSeeds.map((seed) => seed % (bytes.length + 1)));
        assert.ok(decoder.done, 'message_stop ends it');
        const original = foldEvents(events);
        const back = foldEvents(decoded);
        const content = expectedContent(original.content);
        assert.deepEqual(canonicalCalls(back.content), content);
        const { finishReason, stopSequence } = expectedFinish(original.finishReason, original.stopSequence, content.some((part) => part.type === 'tool_call'));
        assert.equal(back.finishReason, finishReason);
        assert.equal(back.stopSequence, stopSequence);
        assert.equal(back.usage?.completionTokens, original.usage?.completionTokens);
      }),
      { numRuns: 500 },
    );
  });
});
