import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/core/model/content';
import { ResponseStore } from '../../../src/core/surfaces/responseStore';
import { inputItems, replayable } from '../../../src/core/surfaces/responsesInput';
import { ResponsesSurface } from '../../../src/core/surfaces/responses';
import { ReasoningMemory } from '../../../src/core/surfaces/reasoningMemory';

const message = (text: string): JsonObject => ({ type: 'message', role: 'user', content: text });

describe('response store', () => {
  it('keeps conversations by response id and forgets the oldest past the count', () => {
    const store = new ResponseStore({ responses: 2, bytes: 1 << 20 });
    store.remember('resp_1', [message('one')]);
    store.remember('resp_2', [message('two')]);
    store.remember('resp_3', [message('three')]);
    assert.equal(store.size, 2);
    assert.equal(store.conversation('resp_1'), undefined);
    assert.deepEqual(store.conversation('resp_3'), [message('three')]);
  });

  it('forgets the oldest past the byte bound, and never keeps a conversation larger than it', () => {
    const item = message('x'.repeat(100));
    const size = JSON.stringify(item).length;
    const store = new ResponseStore({ responses: 100, bytes: size * 2 });
    store.remember('resp_a', [item]);
    store.remember('resp_b', [message('y'.repeat(100))]);
    store.remember('resp_c', [message('z'.repeat(100))]);
    assert.deepEqual([store.conversation('resp_a'), store.conversation('resp_b') !== undefined, store.conversation('resp_c') !== undefined], [undefined, true, true]);
    store.remember('resp_big', [item, item, item]);
    assert.equal(store.conversation('resp_big'), undefined);
    assert.equal(store.size, 2, 'a refused conversation evicts nothing');
  });

  it('counts a response again under the same id only once', () => {
    const store = new ResponseStore({ responses: 1, bytes: 1 << 20 });
    store.remember('resp_1', [message('one')]);
    store.remember('resp_1', [message('uno')]);
    assert.deepEqual(store.conversation('resp_1'), [message('uno')]);
  });
});

describe('responses input as it is sent on', () => {
  const reasoning = { type: 'reasoning', id: 'rs_0e172b76542a9100016964f7e6c200819190235d871bc889a0', summary: [], encrypted_content: 'gAAAAABxyz' };
  const items: JsonObject[] = [
    { type: 'message', id: 'msg_th_0', role: 'assistant', content: [{ type: 'output_text', text: 'Hi' }] },
    { type: 'function_call', id: 'fc_0e17', call_id: 'call_1', name: 'f', arguments: '{}' },
    { type: 'function_call_output', id: 'fco_1', call_id: 'call_1', output: 'ok' },
    reasoning,
    { type: 'reasoning', id: 'rs_AbC-d_e12_3', summary: [{ type: 'summary_text', text: "another vendor's" }] },
    { type: 'reasoning', id: 'rs_0e172b76542a9100016964f7e6c2008191', summary: [] },
    { type: 'web_search_call', id: 'ws_1', status: 'completed' },
  ];

  it('strips message and call ids, keeps encrypted reasoning, keeps OpenAI references only while stored', () => {
    const stored = replayable(items, true);
    assert.equal(stored.changed, true);
    assert.deepEqual(stored.items.map((item) => (item as JsonObject).id), [undefined, undefined, undefined, reasoning.id, 'rs_0e172b76542a9100016964f7e6c2008191', 'ws_1']);
    const stateless = replayable(items, false);
    assert.deepEqual(stateless.items.map((item) => [(item as JsonObject).type, (item as JsonObject).id]), [
      ['message', undefined],
      ['function_call', undefined],
      ['function_call_output', undefined],
      ['reasoning', undefined],
      ['web_search_call', 'ws_1'],
    ]);
    assert.equal((stateless.items[3] as JsonObject).encrypted_content, 'gAAAAABxyz');
    assert.equal(items[0]!.id, 'msg_th_0', 'the given items are not changed');
  });

  it('reports no change for what needs none (Codex: no ids), and reads a string input as a user message', () => {
    const codex = [message('Hi'), { type: 'reasoning', summary: [], encrypted_content: 'gAAAAAB' }];
    const result = replayable(codex, false);
    assert.equal(result.changed, false);
    assert.deepEqual(result.items, codex);
    assert.deepEqual(inputItems('Hi'), [message('Hi')]);
    assert.deepEqual(inputItems(undefined), []);
    assert.equal(inputItems(42), undefined);
  });
});

describe('responses surface: requests', () => {
  const surface = new ResponsesSurface(new ReasoningMemory(), new ResponseStore());

  it('keeps the client body for pass-through, without Tokenhub’s own field', () => {
    const body = { model: 'auto', input: 'Hi', stream: true, x_tokenhub: { escalate: false } };
    const parsed = surface.parse(body, {});
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.request.origin?.body, { model: 'auto', input: 'Hi', stream: true });
    assert.deepEqual([parsed.value.stream, parsed.value.escalate, parsed.value.store], [true, false, true]);
    assert.deepEqual(parsed.value.request.origin?.untranslated, []);
  });

  const bad: [string, unknown, string][] = [
    ['a body that is not an object', [1], ''],
    ['an input of the wrong type', { input: 7 }, 'input'],
    ['a malformed item, at its own index', { input: [message('a'), { type: 'function_call', name: 'f' }] }, 'input[1].call_id'],
    ['a stream flag that is not a boolean', { input: 'x', stream: 'yes' }, 'stream'],
    ['a model that is not a string', { input: 'x', model: 5 }, 'model'],
    ['an empty previous_response_id', { input: 'x', previous_response_id: '' }, 'previous_response_id'],
  ];
  for (const [name, body, param] of bad) {
    it(`refuses ${name}, naming the field`, () => {
      const parsed = surface.parse(body, {});
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.equal(parsed.problem.param, param);
    });
  }
});
