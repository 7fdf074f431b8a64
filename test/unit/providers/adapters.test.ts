import assert from 'node:assert/strict';
import type { ProviderAdapter } from '../../../src/core/providers/adapter';
import { answerText } from '../../../src/core/model/answer';
import { textMessage } from '../../../src/core/model/content';
import type { StreamEvent } from '../../../src/core/model/events';
import type { Dialect } from '../../fixtures/fakeUpstream/types';
import { startFakeUpstream } from '../../fixtures/fakeUpstream/server';
import type { FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { SECRET_KEY, adapterFor, useFakeAdapter, attempt, chat, collect, completion, textOf } from './helpers';

const dialects: Dialect[] = ['openai', 'anthropic', 'vllm'];

for (const dialect of dialects) {
  describe(`${dialect} adapter against its fake upstream`, () => {
    // The details each dialect's fake reports (zero cached / reasoning tokens), as the real APIs do.
    const details = dialect === 'anthropic' ? { cacheReadTokens: 0, cacheWriteTokens: 0 } : dialect === 'openai' ? { cacheReadTokens: 0, reasoningTokens: 0 } : {};
    let up: FakeUpstream;
    let adapter: ProviderAdapter;
    useFakeAdapter(dialect, (u, a) => {
      up = u;
      adapter = a;
    });

    it('sends a chat and maps the whole answer, finish reason and usage', async () => {
      up.reply({ text: 'Hello there, friend.', usage: { prompt: 11, completion: 4 } });
      const { context, seen } = attempt();
      const response = await adapter.send('m-1', chat(), context);
      assert.equal(answerText(response), 'Hello there, friend.');
      assert.equal(response.finishReason, 'stop');
      assert.deepEqual(response.usage, { promptTokens: 11, completionTokens: 4, totalTokens: 15, ...details });
      assert.equal(response.providerModel, 'm-1');
      assert.equal(seen.starts, 1);
      assert.ok(seen.activity >= 1);
    });

    it('streams a chat as deltas, then finish, then usage, across oddly split writes', async () => {
      const chunks = ['Hé', 'llo, ', '日本', ' 🎉 world', '!'];
      up.reply({ chunks, usage: { prompt: 7, completion: 5 } });
      const { context, seen } = attempt();
      const out = await collect(adapter.stream('m-1', chat(), context));
      assert.equal(textOf(out), chunks.join(''));
      assert.deepEqual(out.filter((c) => c.type === 'finish'), [{ type: 'finish', reason: 'stop' }]);
      const usage = out.filter((c) => c.type === 'usage').at(-1);
      assert.deepEqual(usage, { type: 'usage', usage: { promptTokens: 7, completionTokens: 5, totalTokens: 12, ...details } });
      assert.equal(out.at(-1)?.type, 'usage');
      assert.equal(seen.starts, 1);
      assert.ok(seen.activity > 3, 'each body chunk counts as activity');
    });

    it('yields the events of one network read as one batch, and later reads as they arrive', async () => {
      const whole = await startFakeUpstream({ dialect, apiKey: SECRET_KEY, splitWrites: false });
      const direct = adapterFor(whole);
      try {
        const words = Array.from({ length: 30 }, (_, i) => `w${i} `);
        whole.reply({ chunks: words, usage: { prompt: 3, completion: 30 } });
        const batches: StreamEvent[][] = [];
        for await (const batch of direct.stream('m-1', chat(), attempt().context)) batches.push([...batch.events]);
        assert.ok(batches.length <= 3, `${batches.length} batches for 30 deltas written in one go`);
        assert.equal(textOf(batches.flat()), words.join(''));
        assert.equal(batches.flat().at(-1)?.type, 'usage');

        whole.reply({ chunks: ['one ', 'two ', 'three'], chunkDelayMs: 30 });
        const withDeltas: string[] = [];
        for await (const batch of direct.stream('m-1', chat(), attempt().context)) {
          const text = textOf(batch.events);
          if (text) withDeltas.push(text);
        }
        assert.deepEqual(withDeltas, ['one ', 'two ', 'three'], 'deltas written apart arrive apart');
      } finally {
        await direct.close();
        await whole.close();
      }
    });

    it('maps a completion, whole and streamed', async () => {
      up.reply({ text: ' there was a fox.', finishReason: dialect === 'anthropic' ? 'max_tokens' : 'length' });
      const whole = await adapter.send('m-1', completion(), attempt().context);
      assert.equal(answerText(whole), ' there was a fox.');
      assert.equal(whole.finishReason, 'length');
      up.reply({ text: ' there was a fox.' });
      const streamed = await collect(adapter.stream('m-1', completion(), attempt().context));
      assert.equal(textOf(streamed), ' there was a fox.');
      assert.ok(streamed.some((c) => c.type === 'usage'));
      const sent = up.requests.map((r) => r.path);
      const expected = dialect === 'anthropic' ? '/v1/messages' : '/v1/completions';
      assert.deepEqual(sent, [expected, expected]);
    });

    it('can answer depending on the request (reply text as a function)', async () => {
      up.setDefault({ text: (request) => `echo:${JSON.stringify(request.body).length > 0}` });
      const response = await adapter.send('m-1', chat(), attempt().context);
      assert.equal(answerText(response), 'echo:true');
    });

    it('reuses one pooled keep-alive connection for successive requests', async () => {
      // undici frees a socket for reuse a moment after its response ends; pause so it can.
      const pause = () => new Promise((resolve) => setTimeout(resolve, 5));
      await adapter.send('m-1', chat(), attempt().context);
      await pause();
      await collect(adapter.stream('m-1', chat(), attempt().context));
      await pause();
      await adapter.send('m-1', chat(), attempt().context);
      assert.equal(up.requests.length, 3);
      assert.equal(new Set(up.requests.map((r) => r.remotePort)).size, 1, 'all requests on one socket');
    });
  });
}

describe('what each adapter puts on the wire', () => {
  it('OpenAI: bearer auth, max_completion_tokens, stream_options.include_usage', async () => {
    const up = await startFakeUpstream({ dialect: 'openai', apiKey: SECRET_KEY });
    const adapter = adapterFor(up);
    try {
      await collect(adapter.stream('gpt-x', { ...chat(), temperature: 0.5, stop: ['\n'] }, attempt().context));
      const { headers, body } = up.last;
      assert.equal(headers.authorization, `Bearer ${SECRET_KEY}`);
      assert.deepEqual(body, {
        model: 'gpt-x',
        temperature: 0.5,
        stop: ['\n'],
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'Say hello' }],
        max_completion_tokens: 50,
      });
    } finally {
      await adapter.close();
      await up.close();
    }
  });

  it('vLLM: max_tokens, no auth header without a key, usage chunk with choices: null', async () => {
    const up = await startFakeUpstream({ dialect: 'vllm' });
    const adapter = adapterFor(up);
    try {
      const out = await collect(adapter.stream('qwen', chat(), attempt(undefined, null).context));
      assert.equal(up.last.headers.authorization, undefined);
      assert.equal((up.last.body as { max_tokens?: number }).max_tokens, 50);
      assert.ok(out.some((c) => c.type === 'usage'));
    } finally {
      await adapter.close();
      await up.close();
    }
  });

  it('Anthropic: x-api-key and version headers, system lifted, turns merged, user first, max_tokens default', async () => {
    const up = await startFakeUpstream({ dialect: 'anthropic', apiKey: SECRET_KEY });
    const adapter = adapterFor(up);
    try {
      await adapter.send(
        'claude-x',
        {
          kind: 'chat',
          messages: [
            textMessage('system', 'Be brief.'),
            textMessage('assistant', 'Hi.'),
            textMessage('user', 'One.'),
            textMessage('user', 'Two.'),
            textMessage('system', 'Be kind.'),
          ],
        },
        attempt().context,
      );
      const { headers, body, path } = up.last;
      assert.equal(path, '/v1/messages');
      assert.equal(headers['x-api-key'], SECRET_KEY);
      assert.equal(headers['anthropic-version'], '2023-06-01');
      assert.deepEqual(body, {
        model: 'claude-x',
        system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Be kind.' }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: '.' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'Hi.' }] },
          { role: 'user', content: [{ type: 'text', text: 'One.' }, { type: 'text', text: 'Two.' }] },
        ],
        max_tokens: 4096,
      });
    } finally {
      await adapter.close();
      await up.close();
    }
  });
});
