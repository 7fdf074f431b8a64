import assert from 'node:assert/strict';
import { OpenAISurface } from '../../../src/core/surfaces/openaiChat';
import { ReasoningMemory } from '../../../src/core/surfaces/reasoningMemory';

const chat = new OpenAISurface('chat', new ReasoningMemory());
const completion = new OpenAISurface('completion', new ReasoningMemory());
const parse = (body: unknown, kind: 'chat' | 'completion' = 'chat') => (kind === 'chat' ? chat : completion).parse(body, {});

describe('surface: OpenAI chat and completions requests', () => {
  it('translates a chat request, mapping developer to system and text parts to text', () => {
    const body = {
      model: 'auto',
      messages: [
        { role: 'developer', content: 'be brief' },
        { role: 'user', content: [{ type: 'text', text: 'hel' }, { type: 'text', text: 'lo' }] },
      ],
      max_completion_tokens: 50,
      temperature: 0.5,
      stop: 'END',
      stream: true,
      stream_options: { include_usage: true },
    };
    const parsed = parse(body);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const { origin, ...request } = parsed.value.request;
    assert.deepEqual(request, {
      kind: 'chat',
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'be brief' }] },
        { role: 'user', content: [{ type: 'text', text: 'hel' }, { type: 'text', text: 'lo' }] },
      ],
      maxTokens: 50,
      temperature: 0.5,
      stop: ['END'],
    });
    assert.equal(origin?.format, 'openai-chat');
    assert.deepEqual(origin?.body, body, 'the client body is kept whole for pass-through');
    assert.deepEqual({ ...parsed.value, request: undefined }, { request: undefined, model: 'auto', stream: true, includeUsage: true, escalate: true });
  });

  it('translates a completion request with a one-element prompt array, and keeps x_tokenhub out of what is forwarded', () => {
    const parsed = parse({ prompt: ['once upon'], max_tokens: 7, x_tokenhub: { escalate: false } }, 'completion');
    assert.ok(parsed.ok, JSON.stringify(parsed));
    const { origin, ...request } = parsed.value.request;
    assert.deepEqual(request, { kind: 'completion', prompt: 'once upon', maxTokens: 7 });
    assert.deepEqual(origin?.body, { prompt: ['once upon'], max_tokens: 7 });
    assert.equal(parsed.value.escalate, false);
    assert.equal(parsed.value.stream, false);
  });

  const bad: Array<[string, unknown, 'chat' | 'completion', RegExp]> = [
    ['not an object', [1, 2], 'chat', /^$/],
    ['no messages', { model: 'auto' }, 'chat', /^messages$/],
    ['empty messages', { messages: [] }, 'chat', /^messages$/],
    ['unknown role', { messages: [{ role: 'wizard', content: 'x' }] }, 'chat', /^messages\[0\]/],
    ['a role named after an Object method', { messages: [{ role: 'toString', content: 'x' }] }, 'chat', /^messages\[0\]/],
    ['content of the wrong type', { messages: [{ role: 'user', content: 42 }] }, 'chat', /^messages\[0\]/],
    ['an image part without a URL', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, 'chat', /^messages\[0\]\.content\[0\]/],
    ['empty model', { model: '', messages: [{ role: 'user', content: 'x' }] }, 'chat', /^model$/],
    ['stream as string', { stream: 'yes', messages: [{ role: 'user', content: 'x' }] }, 'chat', /^stream$/],
    ['negative max_tokens', { max_tokens: -1, messages: [{ role: 'user', content: 'x' }] }, 'chat', /^max_tokens$/],
    ['fractional max_completion_tokens', { max_completion_tokens: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'chat', /^max_completion_tokens$/],
    ['temperature out of range', { temperature: 3, messages: [{ role: 'user', content: 'x' }] }, 'chat', /^temperature$/],
    ['top_p out of range', { top_p: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'chat', /^top_p$/],
    ['too many stops', { stop: ['a', 'b', 'c', 'd', 'e'], messages: [{ role: 'user', content: 'x' }] }, 'chat', /^stop$/],
    ['a tool result for no call', { messages: [{ role: 'user', content: 'x' }, { role: 'tool', tool_call_id: 'call_9', content: 'r' }] }, 'chat', /^messages\[1\]/],
    ['prompt missing', { max_tokens: 3 }, 'completion', /^prompt$/],
    ['several prompts', { prompt: ['a', 'b'] }, 'completion', /^prompt$/],
  ];
  for (const [name, body, kind, param] of bad) {
    it(`refuses ${name}, naming the field`, () => {
      const parsed = parse(body, kind);
      assert.equal(parsed.ok, false);
      if (parsed.ok) return;
      assert.match(parsed.problem.param, param);
      assert.ok(parsed.problem.message.length > 10);
    });
  }
});
