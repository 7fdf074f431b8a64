import assert from 'node:assert/strict';
import { EmptyArgumentsFiller, fillEmptyArguments } from '../../../src/core/surfaces/emptyArguments';

describe('surface: "{}" for calls that came without arguments', () => {
  it('fills a whole body\'s empty and missing arguments and leaves the rest as it came', () => {
    const body = {
      id: 'x',
      choices: [{ index: 0, message: { role: 'assistant', content: null, tool_calls: [
        { id: 'a', type: 'function', function: { name: 'now', arguments: '' } },
        { id: 'b', type: 'function', function: { name: 'ls' } },
        { id: 'c', type: 'function', function: { name: 'cat', arguments: '{"p":1}' } },
      ] } }],
      x_vendor: 1,
    };
    const filled = fillEmptyArguments(body) as typeof body;
    assert.deepEqual(filled.choices[0]!.message.tool_calls.map((call) => (call.function as { arguments?: string }).arguments), ['{}', '{}', '{"p":1}']);
    assert.equal(filled.x_vendor, 1);
    assert.equal(body.choices[0]!.message.tool_calls[0]!.function.arguments, '', 'the upstream body is not changed');
    const full = { choices: [{ message: { tool_calls: [{ function: { arguments: '{}' } }] } }] };
    assert.equal(fillEmptyArguments(full), full);
  });

  it('puts one chunk with "{}" for each empty call just before the finishing chunk, once', () => {
    const filler = new EmptyArgumentsFiller();
    const first = filler.fill({
      events: [{ type: 'tool_call', index: 0, id: 'a', name: 'now' }, { type: 'tool_call', index: 1, id: 'b', name: 'cat' }, { type: 'tool_arguments', index: 1, fragment: '{"p":1}' }],
      raw: [{ data: '{"id":"s","choices":[{"delta":{"tool_calls":[{"index":0}]},"finish_reason":null}]}' }],
    });
    assert.equal(first.length, 1);
    const finishing = '{"id":"s","object":"chat.completion.chunk","created":5,"model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}';
    const last = filler.fill({ events: [{ type: 'block_end', index: 0 }, { type: 'finish', reason: 'tool_calls' }], raw: [{ data: '{"choices":[{"delta":{"content":"\\"finish_reason\\":\\"x"}}]}' }, { data: finishing }, { data: '{"choices":[],"usage":{}}', usageOnly: true }] });
    assert.equal(last.length, 4);
    assert.equal(last[2]!.data, finishing);
    const chunk = JSON.parse(last[1]!.data) as { id: string; created: number; model: string; choices: { delta: { tool_calls: unknown[] } }[] };
    assert.deepEqual([chunk.id, chunk.created, chunk.model], ['s', 5, 'm']);
    assert.deepEqual(chunk.choices[0]!.delta.tool_calls, [{ index: 0, function: { arguments: '{}' } }]);
    assert.equal(filler.fill({ events: [{ type: 'finish', reason: 'tool_calls' }], raw: [{ data: finishing }] }).length, 1);
  });
});
