import assert from 'node:assert/strict';
import type { Answer } from '../../../../src/core/model/answer';
import { answerEvents, foldEvents } from '../../../../src/core/model/answer';
import type { StreamEvent } from '../../../../src/core/model/events';
import type { ChatRequest } from '../../../../src/core/model/request';
import { encodeChatRequest } from '../../../../src/core/formats/openai/chatEncoding';
import { decodeChatRequest } from '../../../../src/core/formats/openai/chatRequest';
import { decodeChatResponse } from '../../../../src/core/formats/openai/response';
import { OpenAIStreamEncoder } from '../../../../src/core/formats/openai/streamEncoder';
import { chunk, decodePayloads, payloadsOf } from './streams';

/**
 * WIRE.md's list of what translating gateways got wrong, each case as it concerns the OpenAI
 * format, through Tokenhub's decoder (provider → model) and encoder (model → client).
 */

const call = (index: number, fields: object) => ({ tool_calls: [{ index, ...fields }] });
const named = (index: number, id: string, name: string, args = '') => call(index, { id, type: 'function', function: { name, arguments: args } });
const args = (index: number, fragment: string) => call(index, { function: { arguments: fragment } });
const toolCalls = (events: StreamEvent[]) => foldEvents(events).content.filter((part) => part.type === 'tool_call');

function streamed(events: StreamEvent[]): { frames: string; payloads: string[]; parsed: { choices: { index: number; delta: { tool_calls?: { index: number; function?: { arguments?: string } }[] }; finish_reason: string | null }[] }[] } {
  const encoder = new OpenAIStreamEncoder({ kind: 'chat', id: 'chatcmpl-th', model: 'gpt-4o', created: 1 });
  const frames = encoder.opening() + encoder.encodeAll(events) + encoder.done();
  const payloads = payloadsOf(frames);
  return { frames, payloads, parsed: payloads.slice(0, -1).map((data) => JSON.parse(data)) };
}

describe('formats/openai: what translating gateways got wrong (WIRE.md)', () => {
  it('tool-call indexes shifted when text or reasoning came first', () => {
    // Provider → model: blocks count text, reasoning and calls together.
    const { events } = decodePayloads([
      chunk({ reasoning_content: 'think' }),
      chunk({ content: 'Let me check.' }),
      chunk(named(0, 'call_a', 'first', '{}')),
      chunk(named(1, 'call_b', 'second', '{"x":1}')),
      chunk({}, 'tool_calls'),
    ]);
    assert.deepEqual(events.filter((event) => event.type === 'tool_call').map((event) => event.index), [2, 3]);
    // Model → client: OpenAI indexes count calls only, whatever came first.
    const answer: Answer = { id: 'm', providerModel: 'm', finishReason: 'tool_calls', content: foldEvents(events).content };
    const indexes = streamed(answerEvents(answer)).parsed.flatMap((c) => c.choices[0]!.delta.tool_calls ?? []).map((fragment) => fragment.index);
    assert.deepEqual([...new Set(indexes)], [0, 1]);
  });

  it('a stray leading {} in streamed arguments', () => {
    const { events } = decodePayloads([chunk(named(0, 'call_a', 'edit', '{}')), chunk(args(0, '{"path":')), chunk(args(0, '"a.ts"}')), chunk({}, 'tool_calls')]);
    assert.deepEqual(toolCalls(events), [{ type: 'tool_call', id: 'call_a', name: 'edit', arguments: '{"path":"a.ts"}' }]);
    // A `{}` that is all the arguments stays.
    const alone = decodePayloads([chunk(named(0, 'call_b', 'now', '{}')), chunk({}, 'tool_calls')]);
    assert.deepEqual(toolCalls(alone.events), [{ type: 'tool_call', id: 'call_b', name: 'now', arguments: '{}' }]);
  });

  it('empty arguments for parameterless tools', () => {
    // Streamed: "" and absent arguments fold to "{}".
    const { events } = decodePayloads([chunk(named(0, 'call_a', 'now')), chunk(call(1, { id: 'call_b', type: 'function', function: { name: 'today' } })), chunk({}, 'tool_calls')]);
    assert.deepEqual(toolCalls(events).map((part) => part.arguments), ['{}', '{}']);
    // Whole answers and requests: "" becomes "{}".
    const answer = decodeChatResponse({ choices: [{ index: 0, message: { content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'now', arguments: '' } }] }, finish_reason: 'tool_calls' }] })!;
    assert.equal((answer.content[0] as { arguments: string }).arguments, '{}');
    // To clients: a call that got no argument fragments is sent "{}".
    const frames = streamed([{ type: 'tool_call', index: 0, id: 'toolu_1', name: 'now' }, { type: 'block_end', index: 0 }, { type: 'finish', reason: 'tool_calls' }]);
    assert.deepEqual(frames.parsed.flatMap((c) => c.choices[0]!.delta.tool_calls ?? []), [
      { index: 0, id: 'toolu_1', type: 'function', function: { name: 'now', arguments: '' } },
      { index: 0, function: { arguments: '{}' } },
    ]);
  });

  it('the tool name lost when text and a tool call share a chunk', () => {
    const { events } = decodePayloads([chunk({ content: 'Reading it.', ...named(0, 'call_a', 'read_file', '{"path":"x"}') }), chunk({}, 'tool_calls')]);
    assert.deepEqual(foldEvents(events).content, [
      { type: 'text', text: 'Reading it.' },
      { type: 'tool_call', id: 'call_a', name: 'read_file', arguments: '{"path":"x"}' },
    ]);
  });

  it('parallel calls turned into empty objects, extra choices, or only the first call kept', () => {
    // Interleaved by index.
    const { events } = decodePayloads([
      chunk(named(0, 'call_a', 'weather')),
      chunk(named(1, 'call_b', 'weather')),
      chunk(args(0, '{"city":')),
      chunk(args(1, '{"city":')),
      chunk(args(1, '"Bogotá"}')),
      chunk(args(0, '"Paris"}')),
      chunk({}, 'tool_calls'),
    ]);
    assert.deepEqual(toolCalls(events).map((part) => [part.id, part.arguments]), [['call_a', '{"city":"Paris"}'], ['call_b', '{"city":"Bogotá"}']]);
    // Servers that send every call under index 0, each with its own id.
    const same = decodePayloads([chunk(named(0, 'call_a', 'f', '{"n":1}')), chunk(named(0, 'call_b', 'f', '{"n":2}')), chunk({}, 'tool_calls')]);
    assert.deepEqual(toolCalls(same.events).map((part) => [part.id, part.arguments]), [['call_a', '{"n":1}'], ['call_b', '{"n":2}']]);
    // To clients: one choice per chunk, both calls with their arguments.
    const answer: Answer = { id: '', providerModel: '', finishReason: 'tool_calls', content: toolCalls(events) };
    const out = streamed(answerEvents(answer));
    assert.ok(out.parsed.every((c) => c.choices.length === 1 && c.choices[0]!.index === 0));
    assert.deepEqual(toolCalls(decodePayloads(out.payloads).events), answer.content);
  });

  it('streamed arguments never emitted for translated streams', () => {
    // An Anthropic stream in the model: the call starts, then input_json_delta fragments.
    const events: StreamEvent[] = [
      { type: 'start', id: 'msg_01', model: 'claude-sonnet-4-5' },
      { type: 'text', index: 0, text: 'Sure.' },
      { type: 'block_end', index: 0 },
      { type: 'tool_call', index: 1, id: 'toolu_01', name: 'write_file' },
      { type: 'tool_arguments', index: 1, fragment: '{"file_path":' },
      { type: 'tool_arguments', index: 1, fragment: '"a.txt","content":' },
      { type: 'tool_arguments', index: 1, fragment: '"hi"}' },
      { type: 'block_end', index: 1 },
      { type: 'finish', reason: 'tool_calls' },
    ];
    const out = streamed(events);
    const fragments = out.parsed.flatMap((c) => c.choices[0]!.delta.tool_calls ?? []).map((fragment) => fragment.function?.arguments);
    assert.deepEqual(fragments, ['', '{"file_path":', '"a.txt","content":', '"hi"}']);
  });

  it('wrong stop reasons', () => {
    // A server that ends a turn of calls with "stop".
    const { events } = decodePayloads([chunk(named(0, 'call_a', 'f', '{}')), chunk({}, 'stop')]);
    assert.equal(foldEvents(events).finishReason, 'tool_calls');
    const whole = decodeChatResponse({ choices: [{ index: 0, message: { tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'stop' }] })!;
    assert.equal(whole.finishReason, 'tool_calls');
    // To clients: calls end as tool_calls; a cut-off answer stays length.
    const finish = (reason: 'stop' | 'length', withCall: boolean) =>
      streamed([...(withCall ? [{ type: 'tool_call', index: 0, id: 'c', name: 'f' } as const] : []), { type: 'finish', reason }]).parsed.at(-1)!.choices[0]!.finish_reason;
    assert.equal(finish('stop', true), 'tool_calls');
    assert.equal(finish('length', true), 'length');
    assert.equal(finish('stop', false), 'stop');
  });

  it('no zeroed usage before the real one (the OpenAI side of a message_start with zeroed usage)', () => {
    // Chunks with `usage: null` report nothing; only the usage chunk does.
    const { events } = decodePayloads([chunk({ content: 'a' }, null, { usage: null }), chunk({}, 'stop', { usage: null })]);
    assert.ok(!events.some((event) => event.type === 'usage'));
    // The encoder writes usage only when the caller asks, never from a usage event.
    const out = streamed([{ type: 'usage', usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 } }, { type: 'text', index: 0, text: 'a' }]);
    assert.ok(!out.frames.includes('usage'));
  });

  it('replayed thinking blocks breaking multi-turn tool use', () => {
    // An Anthropic turn with signed thinking and a call, continued on OpenAI: the thinking stays
    // behind, the call and its result go as OpenAI wants them, adjacent.
    const request: ChatRequest = {
      kind: 'chat',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'List files' }] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'I should call ls.', signature: 'EqQBCkYIARgCIkD' },
            { type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy' },
            { type: 'tool_call', id: 'toolu_01', name: 'ls', arguments: '{"dir":"."}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool_result', callId: 'toolu_01', content: [{ type: 'text', text: 'a.ts' }] }] },
      ],
    };
    const { body, issues } = encodeChatRequest(request, { model: 'gpt-4.1', stream: false, dialect: 'openai' });
    assert.deepEqual(issues, []);
    assert.ok(!JSON.stringify(body).includes('EqQB') && !JSON.stringify(body).includes('I should call ls'));
    const back = decodeChatRequest(body);
    assert.ok(back.ok);
    assert.deepEqual(back.value.messages.slice(1), [
      { role: 'assistant', content: [{ type: 'tool_call', id: 'toolu_01', name: 'ls', arguments: '{"dir":"."}' }] },
      request.messages[2],
    ]);
  });

  it('requests with more than 128 tools', () => {
    const tools = Array.from({ length: 130 }, (_, i) => ({ type: 'function', function: { name: `tool_${i}`, parameters: { type: 'object' } } }));
    // Clients may send them (vLLM takes any number), so the surface accepts them.
    const decoded = decodeChatRequest({ messages: [{ role: 'user', content: 'x' }], tools });
    assert.ok(decoded.ok);
    const { origin: _origin, ...request } = decoded.value;
    assert.deepEqual(encodeChatRequest(request, { model: 'gpt-4.1', stream: false, dialect: 'openai' }).issues, [{ field: 'tools', action: 'refuse', reason: 'OpenAI takes at most 128 tools' }]);
    assert.deepEqual(encodeChatRequest(request, { model: 'q', stream: false, dialect: 'vllm' }).issues, []);
  });
});
