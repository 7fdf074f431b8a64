import assert from 'node:assert/strict';
import { foldEvents } from '../../../../src/core/model/answer';
import { encodeChatRequest } from '../../../../src/core/formats/openai/chatEncoding';
import { decodeChatRequest } from '../../../../src/core/formats/openai/chatRequest';
import { decodeChatResponse, encodeChatResponse } from '../../../../src/core/formats/openai/response';
import { OpenAIStreamEncoder } from '../../../../src/core/formats/openai/streamEncoder';
import { IMAGE_REQUEST, JSON_SCHEMA_REQUEST, PARALLEL_CALLS_RESPONSE, TOOL_CALL_RESPONSE, TOOL_CALL_STREAM, VLLM_REASONING_STREAM } from './recorded';
import { decodePayloads, payloadsOf } from './streams';

/** The recorded payloads decoded into the model and encoded back: each comes out in its own shape. */
describe('formats/openai: recorded payloads, both ways', () => {
  for (const [name, body] of [['image input', IMAGE_REQUEST], ['json_schema', JSON_SCHEMA_REQUEST]] as const) {
    it(`encodes the reference ${name} request back from the model`, () => {
      const decoded = decodeChatRequest(body);
      assert.ok(decoded.ok);
      const { origin: _origin, ...model } = decoded.value;
      const { max_tokens: limit, ...rest } = body as typeof body & { max_tokens?: number };
      const expected = { ...rest, ...(limit !== undefined && { max_completion_tokens: limit }), stream: false };
      assert.deepEqual(encodeChatRequest(model, { model: body.model, stream: false, dialect: 'openai' }), { body: expected, issues: [] });
    });
  }

  for (const [name, body] of [['tool-call', TOOL_CALL_RESPONSE], ['parallel-calls', PARALLEL_CALLS_RESPONSE]] as const) {
    it(`encodes the reference ${name} answer back to its shape`, () => {
      const answer = decodeChatResponse(body)!;
      const encoded = encodeChatResponse(answer, { id: body.id, model: body.model, created: body.created }, answer.usage!) as typeof TOOL_CALL_RESPONSE;
      const { choices, usage } = body;
      assert.deepEqual(encoded.choices[0]!.message, { role: 'assistant', content: null, refusal: null, tool_calls: choices[0]!.message.tool_calls });
      assert.equal(encoded.choices[0]!.finish_reason, 'tool_calls');
      assert.deepEqual([encoded.id, encoded.model, encoded.created, encoded.object], [body.id, body.model, body.created, body.object]);
      assert.equal(encoded.usage.prompt_tokens, usage.prompt_tokens);
      assert.equal(encoded.usage.completion_tokens_details.reasoning_tokens, usage.completion_tokens_details.reasoning_tokens);
    });
  }

  it('streams the recorded call to clients in the same chunks it came in', () => {
    const { events } = decodePayloads(TOOL_CALL_STREAM);
    const encoder = new OpenAIStreamEncoder({ kind: 'chat', id: 'chatcmpl-xyz', model: 'gpt-4o-mini-2024-07-18', created: 1730391658 });
    const usage = events.find((event) => event.type === 'usage');
    const frames = encoder.opening() + encoder.encodeAll(events) + (usage?.type === 'usage' ? encoder.usage(usage.usage) : '') + encoder.done();
    type Chunk = { choices: { delta: { tool_calls?: unknown[] }; finish_reason: string | null }[]; usage?: unknown };
    const sent = payloadsOf(frames).slice(0, -1).map((data) => JSON.parse(data) as Chunk);
    const recorded = TOOL_CALL_STREAM.slice(0, -1).map((data) => JSON.parse(data) as Chunk);
    const calls = (chunks: Chunk[]) => chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(calls(sent), calls(recorded));
    assert.deepEqual(sent.map((c) => c.choices[0]?.finish_reason ?? null), [null, ...recorded.map((c) => c.choices[0]?.finish_reason ?? null)]);
    assert.deepEqual(sent.at(-1)!.usage, { prompt_tokens: 80, completion_tokens: 18, total_tokens: 98, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } });
  });

  it('streams a vLLM reasoning answer to clients as reasoning_content, and reads it back the same', () => {
    const upstream = foldEvents(decodePayloads(VLLM_REASONING_STREAM).events);
    const encoder = new OpenAIStreamEncoder({ kind: 'chat', id: 'chatcmpl-th', model: 'qwen3', created: 1 });
    const frames = encoder.opening() + encoder.encodeAll(decodePayloads(VLLM_REASONING_STREAM).events) + encoder.done();
    assert.ok(frames.includes('"delta":{"reasoning_content":"9.11 and 9.8:"}'));
    const again = foldEvents(decodePayloads(payloadsOf(frames)).events);
    assert.deepEqual({ ...again, id: upstream.id, providerModel: upstream.providerModel, usage: upstream.usage }, upstream);
  });
});
