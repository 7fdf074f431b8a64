import assert from 'node:assert/strict';
import type { Message } from '../../../src/core/model/content';
import { ReasoningMemory } from '../../../src/core/surfaces/reasoningMemory';

const thought = (n: number) => ({ type: 'reasoning' as const, text: `step ${n}`, signature: `sig-${n}` });
const call = (id: string) => ({ type: 'tool_call' as const, id, name: 'get_weather', arguments: '{"city":"Paris"}' });
const echoed = (id: string): Message => ({ role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }, call(id)] });

describe('reasoning memory', () => {
  it('puts signed reasoning back in front of the tool calls it led to', () => {
    const memory = new ReasoningMemory();
    memory.remember({ content: [thought(1), { type: 'text', text: 'Let me check.' }, call('toolu_1'), call('toolu_2')] });
    const conversation: Message[] = [{ role: 'user', content: [{ type: 'text', text: 'Weather?' }] }, echoed('toolu_1')];
    const restored = memory.restore(conversation);
    assert.deepEqual(restored[1]!.content.map((p) => p.type), ['reasoning', 'text', 'tool_call']);
    assert.deepEqual(restored[1]!.content[0], thought(1));
    assert.deepEqual(conversation[1], echoed('toolu_1'), 'the given messages are not changed');
    assert.equal(restored[0], conversation[0]);
  });

  it('keeps nothing for answers without tool calls or without signed reasoning, and leaves turns that carry their own', () => {
    const memory = new ReasoningMemory();
    memory.remember({ content: [thought(1), { type: 'text', text: 'Sunny.' }] });
    memory.remember({ content: [{ type: 'reasoning', text: 'unsigned' }, call('call_1')] });
    assert.equal(memory.size, 0);
    memory.remember({ content: [thought(2), call('toolu_2')] });
    const own: Message = { role: 'assistant', content: [thought(9), call('toolu_2')] };
    assert.deepEqual(memory.restore([own])[0], own);
    const redacted = new ReasoningMemory();
    redacted.remember({ content: [{ type: 'reasoning', text: '', redactedData: 'opaque' }, call('toolu_3')] });
    assert.equal(redacted.restore([echoed('toolu_3')])[0]!.content[0]!.type, 'reasoning');
  });

  it('is bounded in turns and bytes, the oldest forgotten first', () => {
    const memory = new ReasoningMemory({ turns: 2, bytes: 10_000 });
    for (const n of [1, 2, 3]) memory.remember({ content: [thought(n), call(`toolu_${n}`)] });
    assert.equal(memory.size, 2);
    assert.equal(memory.restore([echoed('toolu_1')])[0]!.content[0]!.type, 'text', 'the oldest turn is gone');
    assert.equal(memory.restore([echoed('toolu_3')])[0]!.content[0]!.type, 'reasoning');
    const small = new ReasoningMemory({ turns: 100, bytes: 400 });
    for (const n of [1, 2, 3, 4]) small.remember({ content: [{ ...thought(n), signature: 'x'.repeat(150) }, call(`toolu_${n}`)] });
    assert.equal(small.size, 1, 'only what fits in the byte bound stays');
    small.remember({ content: [{ ...thought(5), signature: 'x'.repeat(1000) }, call('toolu_5')] });
    assert.equal(small.restore([echoed('toolu_5')])[0]!.content[0]!.type, 'text', 'a turn larger than the bound is not kept');
  });
});
