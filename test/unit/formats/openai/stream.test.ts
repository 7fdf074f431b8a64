import assert from 'node:assert/strict';
import { foldEvents } from '../../../../src/core/model/answer';
import type { StreamEvent } from '../../../../src/core/model/events';
import { OpenAIStreamEncoder } from '../../../../src/core/formats/openai/streamEncoder';
import { OpenAIStreamDecoder } from '../../../../src/core/formats/openai/streamDecoder';
import { TOOL_CALL_STREAM, VLLM_REASONING_STREAM, VLLM_TOOL_STREAM } from './recorded';
import { chunk, decodePayloads, payloadsOf } from './streams';

describe('formats/openai: streams from providers', () => {
  it('reads OpenAI\'s streamed call chunk by chunk, and its include_usage chunk as usage only', () => {
    const { events, outcomes } = decodePayloads(TOOL_CALL_STREAM);
    const fragments = ['{"', 'location', '":"', 'Boston', ',', ' MA', '"}'];
    assert.deepEqual(events, [
      { type: 'start', id: 'chatcmpl-xyz', model: 'gpt-4o-mini-2024-07-18' },
      { type: 'tool_call', index: 0, id: 'call_xZtWnTjjc0jhgtsMMpq6kC0w', name: 'get_current_weather' },
      ...fragments.map((fragment) => ({ type: 'tool_arguments', index: 0, fragment })),
      { type: 'block_end', index: 0 },
      { type: 'finish', reason: 'tool_calls' },
      { type: 'usage', usage: { promptTokens: 80, completionTokens: 18, totalTokens: 98, cacheReadTokens: 0, reasoningTokens: 0 } },
    ]);
    assert.deepEqual(outcomes.map((outcome) => outcome.kind === 'ok' && outcome.usageOnly), [...Array(9).fill(false), true]);
    assert.deepEqual(foldEvents(events).content, [{ type: 'tool_call', id: 'call_xZtWnTjjc0jhgtsMMpq6kC0w', name: 'get_current_weather', arguments: '{"location":"Boston, MA"}' }]);
  });

  it('reads a vLLM reasoning stream: reasoning is a block before the text; usage with choices null', () => {
    const { events, outcomes } = decodePayloads(VLLM_REASONING_STREAM);
    assert.deepEqual(events.slice(1), [
      { type: 'reasoning', index: 0, text: '9.11 and 9.8:' },
      { type: 'reasoning', index: 0, text: ' compare the tenths.' },
      { type: 'block_end', index: 0 },
      { type: 'text', index: 1, text: '9.8' },
      { type: 'text', index: 1, text: ' is greater.' },
      { type: 'block_end', index: 1 },
      { type: 'finish', reason: 'stop' },
      { type: 'usage', usage: { promptTokens: 21, completionTokens: 56, totalTokens: 77 } },
    ]);
    assert.deepEqual(outcomes.at(-1), { kind: 'ok', usageOnly: true });
    // The plain text chunks took the fast path; reading every chunk in full gives the same events.
    assert.deepEqual(decodePayloads(VLLM_REASONING_STREAM, { fastPath: false }).events, events);
  });

  it('reads newer vLLM: `reasoning`, then a call whose first fragment has no arguments', () => {
    const answer = foldEvents(decodePayloads(VLLM_TOOL_STREAM).events);
    assert.deepEqual(answer.content, [
      { type: 'reasoning', text: 'The user wants the weather.' },
      { type: 'tool_call', id: 'chatcmpl-tool-4c1f2e', name: 'get_weather', arguments: '{"city": "Paris"}' },
    ]);
    assert.equal(answer.finishReason, 'tool_calls');
    assert.equal(answer.providerModel, 'Qwen/Qwen3-8B');
  });

  it('says what a payload was: an upstream error, malformed JSON, not an object', () => {
    const decoder = new OpenAIStreamDecoder();
    const out: StreamEvent[] = [];
    const error = { error: { message: 'Overloaded', type: 'server_error', param: null, code: null } };
    assert.deepEqual(decoder.push(JSON.stringify(error), out), { kind: 'error', body: error });
    const legacy = { object: 'error', message: 'boom', type: 'BadRequestError', param: null, code: 400 };
    assert.deepEqual(decoder.push(JSON.stringify(legacy), out), { kind: 'error', body: legacy });
    assert.deepEqual(decoder.push('{"choices":[', out), { kind: 'malformed' });
    assert.deepEqual(decoder.push('[1]', out), { kind: 'not_object' });
    assert.deepEqual(decoder.push('null', out), { kind: 'not_object' });
    assert.deepEqual(out, []);
  });

  it('reads legacy completion streams', () => {
    const text = (value: string, finish: string | null = null) => JSON.stringify({ id: 'cmpl-1', object: 'text_completion', created: 1, model: 'gpt-3.5-turbo-instruct', choices: [{ text: value, index: 0, logprobs: null, finish_reason: finish }] });
    const { events } = decodePayloads([text('Once'), text(' upon'), text('', 'length')], { kind: 'completion' });
    assert.deepEqual(foldEvents(events), { id: 'cmpl-1', providerModel: 'gpt-3.5-turbo-instruct', content: [{ type: 'text', text: 'Once upon' }], finishReason: 'length' });
  });

  it('ignores other choices of an n > 1 stream and ends open blocks when the stream ends without a finish', () => {
    const other = JSON.stringify({ id: 'c', choices: [{ index: 1, delta: { content: 'other' }, finish_reason: null }] });
    const { events } = decodePayloads([chunk({ content: 'mine' }), other, chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{"a"' } }] })]);
    assert.deepEqual(events.slice(1), [
      { type: 'text', index: 0, text: 'mine' },
      { type: 'block_end', index: 0 },
      { type: 'tool_call', index: 1, id: 'call_1', name: 'f' },
      { type: 'tool_arguments', index: 1, fragment: '{"a"' },
      { type: 'block_end', index: 1 },
    ]);
  });
});

describe('formats/openai: streams for clients', () => {
  const encoder = () => new OpenAIStreamEncoder({ kind: 'chat', id: 'chatcmpl-th1', model: 'gpt-4o', created: 1764300000 });
  const head = { id: 'chatcmpl-th1', object: 'chat.completion.chunk', created: 1764300000, model: 'gpt-4o' };

  it('writes the reference shapes: role chunk, text, reasoning_content, calls by tool index, finish, usage, [DONE]', () => {
    const frames = encoder();
    const text =
      frames.opening() +
      frames.encodeAll([
        { type: 'start', id: 'msg_1', model: 'claude' },
        { type: 'reasoning', index: 0, text: 'hm' },
        { type: 'reasoning_state', index: 0, state: { signature: 'sig' } },
        { type: 'block_end', index: 0 },
        { type: 'text', index: 1, text: 'Hi "you"' },
        { type: 'block_end', index: 1 },
        { type: 'tool_call', index: 2, id: 'toolu_1', name: 'f' },
        { type: 'tool_arguments', index: 2, fragment: '{"a":' },
        { type: 'tool_arguments', index: 2, fragment: '1}' },
        { type: 'block_end', index: 2 },
        { type: 'finish', reason: 'stop' },
        { type: 'usage', usage: { promptTokens: 1, completionTokens: 2, totalTokens: 3 } },
      ]) +
      frames.usage({ promptTokens: 5, completionTokens: 7, totalTokens: 12, cacheReadTokens: 4, reasoningTokens: 3 }) +
      frames.done();
    const payloads = payloadsOf(text);
    assert.equal(payloads.at(-1), '[DONE]');
    const choice = (delta: object, finish: string | null = null) => ({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    assert.deepEqual(payloads.slice(0, -1).map((data) => JSON.parse(data)), [
      choice({ role: 'assistant', content: '' }),
      choice({ reasoning_content: 'hm' }),
      choice({ content: 'Hi "you"' }),
      choice({ tool_calls: [{ index: 0, id: 'toolu_1', type: 'function', function: { name: 'f', arguments: '' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '{"a":' } }] }),
      choice({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      choice({}, 'tool_calls'),
      { ...head, choices: [], usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 3 } } },
    ]);
  });

  it('writes a text delta as cheaply as before: one fixed head and the text', () => {
    const frame = encoder().encode({ type: 'text', index: 0, text: 'x' });
    assert.equal(frame, `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta: { content: 'x' }, logprobs: null, finish_reason: null }] })}\n\n`);
    assert.equal(encoder().encode({ type: 'text', index: 0, text: '' }), '');
  });

  it('writes legacy completion streams as text only, and the error frame of a failed stream', () => {
    const frames = new OpenAIStreamEncoder({ kind: 'completion', id: 'cmpl-th1', model: 'm', created: 2 });
    assert.equal(frames.opening(), '');
    const text = frames.encodeAll([
      { type: 'reasoning', index: 0, text: 'hidden' },
      { type: 'text', index: 1, text: 'Once' },
      { type: 'finish', reason: 'length' },
    ]);
    assert.deepEqual(payloadsOf(text).map((data) => JSON.parse(data)), [
      { id: 'cmpl-th1', object: 'text_completion', created: 2, model: 'm', choices: [{ index: 0, text: 'Once', logprobs: null, finish_reason: null }] },
      { id: 'cmpl-th1', object: 'text_completion', created: 2, model: 'm', choices: [{ index: 0, text: '', logprobs: null, finish_reason: 'length' }] },
    ]);
    assert.equal(frames.error({ error: { message: 'm', type: 't' } }), 'data: {"error":{"message":"m","type":"t"}}\n\n');
  });
});
