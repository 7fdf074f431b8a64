import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startFakeUpstream } from '../../fixtures/fakeUpstream/server';
import { SECRET_KEY } from './helpers';

/** The official clients talking to the fakes: proof that the fakes speak the real formats. */
describe('official SDKs against the fake upstreams', () => {
  it('openai: chat, streamed chat with usage, completion, models, and a typed 429', async () => {
    const up = await startFakeUpstream({ dialect: 'openai', apiKey: SECRET_KEY });
    const client = new OpenAI({ apiKey: SECRET_KEY, baseURL: up.url, maxRetries: 0 });
    try {
      up.reply({ text: 'Hi from the fake.' });
      const whole = await client.chat.completions.create({ model: 'gpt-fake', messages: [{ role: 'user', content: 'hi' }] });
      assert.equal(whole.choices[0].message.content, 'Hi from the fake.');
      assert.ok(whole.usage && whole.usage.total_tokens > 0);

      up.reply({ chunks: ['Str', 'eam', 'ed 日本'] });
      const stream = await client.chat.completions.create({
        model: 'gpt-fake',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      let usage: unknown;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta?.content ?? '';
        if (chunk.usage) usage = chunk.usage;
      }
      assert.equal(text, 'Streamed 日本');
      assert.ok(usage);

      up.reply({ text: ' done' });
      const legacy = await client.completions.create({ model: 'gpt-fake', prompt: 'p' });
      assert.equal(legacy.choices[0].text, ' done');

      const models = await client.models.list();
      assert.equal(models.data[0].id, 'fake-model');

      up.fail('rate_limit', { retryAfter: 1 });
      await assert.rejects(client.chat.completions.create({ model: 'gpt-fake', messages: [{ role: 'user', content: 'hi' }] }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.APIError);
        assert.equal(error.status, 429);
        assert.equal(error.code, 'rate_limit_exceeded');
        return true;
      });
    } finally {
      await up.close();
    }
  });

  it('anthropic: message, streamed message with usage, and event: error mid-stream', async () => {
    const up = await startFakeUpstream({ dialect: 'anthropic', apiKey: SECRET_KEY });
    const client = new Anthropic({ apiKey: SECRET_KEY, baseURL: up.url, maxRetries: 0 });
    try {
      up.reply({ text: 'Hello, Claude fake.', usage: { prompt: 9, completion: 4 } });
      const message = await client.messages.create({ model: 'claude-fake', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
      assert.deepEqual(message.content, [{ type: 'text', text: 'Hello, Claude fake.' }]);
      assert.equal(message.stop_reason, 'end_turn');
      assert.equal(message.usage.input_tokens, 9);

      up.reply({ chunks: ['Hel', 'lo ', '🎉'], usage: { prompt: 3, completion: 3 } });
      const stream = client.messages.stream({ model: 'claude-fake', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
      const final = await stream.finalMessage();
      assert.deepEqual(final.content, [{ type: 'text', text: 'Hello 🎉' }]);
      assert.equal(final.usage.output_tokens, 3);

      up.fail('stream_error', { afterChunks: 1 });
      const failing = await client.messages.create({ model: 'claude-fake', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }], stream: true });
      await assert.rejects(async () => {
        for await (const event of failing) void event;
      }, /Overloaded|overloaded/);
    } finally {
      await up.close();
    }
  });
});
