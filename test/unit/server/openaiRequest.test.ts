import assert from 'node:assert/strict';
import { parseApiRequest } from '../../../src/core/server/openaiRequest';

describe('server: OpenAI request validation', () => {
  it('translates a chat request, mapping developer to system and text parts to text', () => {
    const parsed = parseApiRequest(
      {
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
      },
      'chat',
    );
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value, {
      request: {
        kind: 'chat',
        messages: [
          { role: 'system', content: 'be brief' },
          { role: 'user', content: 'hello' },
        ],
        maxTokens: 50,
        temperature: 0.5,
        stop: ['END'],
      },
      model: 'auto',
      stream: true,
      includeUsage: true,
      escalate: true,
    });
  });

  it('translates a completion request with a one-element prompt array', () => {
    const parsed = parseApiRequest({ prompt: ['once upon'], max_tokens: 7, x_tokenhub: { escalate: false } }, 'completion');
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.request, { kind: 'completion', prompt: 'once upon', maxTokens: 7 });
    assert.equal(parsed.value.escalate, false);
    assert.equal(parsed.value.stream, false);
  });

  const bad: Array<[string, unknown, 'chat' | 'completion', string]> = [
    ['not an object', [1, 2], 'chat', ''],
    ['no messages', { model: 'auto' }, 'chat', 'messages'],
    ['empty messages', { messages: [] }, 'chat', 'messages'],
    ['unknown role', { messages: [{ role: 'wizard', content: 'x' }] }, 'chat', 'messages'],
    ...['toString', '__proto__', 'constructor', 'hasOwnProperty'].map((role): [string, unknown, 'chat', string] => [`the role "${role}" (a prototype's name)`, { messages: [{ role, content: 'x' }] }, 'chat', 'messages']),
    ['content of the wrong type', { messages: [{ role: 'user', content: 42 }] }, 'chat', 'messages'],
    ['image part', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }] }, 'chat', 'messages'],
    ['empty model', { model: '', messages: [{ role: 'user', content: 'x' }] }, 'chat', 'model'],
    ['stream as string', { stream: 'yes', messages: [{ role: 'user', content: 'x' }] }, 'chat', 'stream'],
    ['negative max_tokens', { max_tokens: -1, messages: [{ role: 'user', content: 'x' }] }, 'chat', 'max_tokens'],
    ['fractional max_completion_tokens', { max_completion_tokens: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'chat', 'max_completion_tokens'],
    ['temperature out of range', { temperature: 3, messages: [{ role: 'user', content: 'x' }] }, 'chat', 'temperature'],
    ['top_p out of range', { top_p: 1.5, messages: [{ role: 'user', content: 'x' }] }, 'chat', 'top_p'],
    ['too many stops', { stop: ['a', 'b', 'c', 'd', 'e'], messages: [{ role: 'user', content: 'x' }] }, 'chat', 'stop'],
    ['n greater than one', { n: 2, messages: [{ role: 'user', content: 'x' }] }, 'chat', 'n'],
    ['prompt missing', { max_tokens: 3 }, 'completion', 'prompt'],
    ['several prompts', { prompt: ['a', 'b'] }, 'completion', 'prompt'],
  ];
  for (const [name, body, kind, param] of bad) {
    it(`refuses ${name} with a 400 naming "${param}"`, () => {
      const parsed = parseApiRequest(body, kind);
      assert.equal(parsed.ok, false);
      if (parsed.ok) return;
      assert.equal(parsed.error.status, 400);
      assert.equal(parsed.error.param, param);
      assert.ok(parsed.error.message.length > 10);
    });
  }
});
