// The API as other tools use it: the official `openai` SDK against Tokenhub over fake upstreams.
import assert from 'node:assert/strict';
import { startApi, raw, type ApiHarness } from './apiHarness';

describe('server: OpenAI-compatible API through the official SDK', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await startApi(
      [
        { name: 'first', dialect: 'openai', key: 'sk-first' },
        { name: 'second', dialect: 'anthropic', key: 'sk-second' },
      ],
      [
        { id: 'best', provider: 'first', name: 'gpt-fake', weight: 90 },
        { id: 'claude', provider: 'second', name: 'claude-fake', weight: 60 },
      ],
    );
  });
  afterEach(() => api.close());

  it('answers a chat with the router\'s choice and says who answered in headers', async () => {
    api.up.first!.reply({ text: 'Hello there.', usage: { prompt: 7, completion: 3 } });
    const { data, response } = await api.client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'Say hello' }] })
      .withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.choices[0]!.message.content, 'Hello there.');
    assert.equal(data.choices[0]!.finish_reason, 'stop');
    // Passed through from OpenAI as it came, its details included.
    assert.deepEqual(data.usage, {
      prompt_tokens: 7,
      completion_tokens: 3,
      total_tokens: 10,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
    assert.equal(data.model, 'best');
    assert.equal(response.headers.get('x-tokenhub-model'), 'best');
    assert.equal(response.headers.get('x-tokenhub-provider'), 'first');
    assert.equal(response.headers.get('x-tokenhub-attempts'), '1');
    assert.equal(response.headers.get('x-tokenhub-escalations'), '');
    assert.equal((api.up.first!.last.body as { model: string }).model, 'gpt-fake');
  });

  it('uses the router\'s choice when model is absent', async () => {
    const { response } = await api.client.completions.create({ prompt: 'Once', model: undefined as unknown as string }).withResponse();
    assert.equal(response.headers.get('x-tokenhub-model'), 'best');
  });

  it('prefers a named model by registry id and by provider model name', async () => {
    const byId = await api.client.chat.completions.create({ model: 'claude', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    assert.equal(byId.response.headers.get('x-tokenhub-model'), 'claude');
    assert.equal(byId.response.headers.get('x-tokenhub-provider'), 'second');
    const byName = await api.client.chat.completions.create({ model: 'claude-fake', messages: [{ role: 'user', content: 'Hi' }] }).withResponse();
    assert.equal(byName.response.headers.get('x-tokenhub-model'), 'claude');
    assert.equal(api.up.first!.requests.length, 0);
  });

  it('shows an escalation in the headers when the first upstream fails', async () => {
    api.up.first!.fail('server_error');
    api.up.second!.reply({ text: 'From the second.' });
    const { data, response } = await api.client.chat.completions.create({ messages: [{ role: 'user', content: 'Hi' }], model: 'auto' }).withResponse();
    assert.equal(data.choices[0]!.message.content, 'From the second.');
    assert.equal(response.headers.get('x-tokenhub-model'), 'claude');
    assert.equal(response.headers.get('x-tokenhub-provider'), 'second');
    assert.equal(response.headers.get('x-tokenhub-attempts'), '2');
    assert.equal(response.headers.get('x-tokenhub-escalations'), 'best:server');
  });

  it('streams a chat with SSE, usage last when include_usage is asked, escalation in the headers', async () => {
    api.up.first!.fail('rate_limit', { retryAfter: 1 });
    api.up.second!.reply({ chunks: ['Hel', 'lo, ', 'world', '.'], usage: { prompt: 5, completion: 4 } });
    const { data: stream, response } = await api.client.chat.completions
      .create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }], stream: true, stream_options: { include_usage: true } })
      .withResponse();
    assert.equal(response.headers.get('content-type'), 'text/event-stream');
    assert.equal(response.headers.get('x-tokenhub-escalations'), 'best:rate_limited');
    assert.equal(response.headers.get('x-tokenhub-attempts'), '2');
    let text = '';
    let role: string | undefined;
    let finish: string | null = null;
    const usages: unknown[] = [];
    for await (const chunk of stream) {
      assert.equal(chunk.object, 'chat.completion.chunk');
      if (chunk.usage) usages.push(chunk.usage);
      const choice = chunk.choices[0];
      if (!choice) continue;
      role ??= choice.delta.role;
      text += choice.delta.content ?? '';
      finish = choice.finish_reason ?? finish;
    }
    assert.equal(text, 'Hello, world.');
    assert.equal(role, 'assistant');
    assert.equal(finish, 'stop');
    assert.deepEqual(usages, [{ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 } }]);
  });

  it('sends no usage chunk unless include_usage is asked', async () => {
    const stream = await api.client.chat.completions.create({ model: 'best', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.ok(chunks.length > 1);
    assert.ok(chunks.every((c) => !c.usage));
  });

  it('answers legacy completions, whole and streamed', async () => {
    api.up.first!.reply({ text: 'upon a time' }).reply({ chunks: ['upon', ' a', ' time'] });
    const whole = await api.client.completions.create({ model: 'auto', prompt: 'Once', max_tokens: 5 });
    assert.equal(whole.object, 'text_completion');
    assert.equal(whole.choices[0]!.text, 'upon a time');
    assert.equal((api.up.first!.last.body as { prompt: string }).prompt, 'Once');
    const stream = await api.client.completions.create({ model: 'auto', prompt: 'Once', stream: true, stream_options: { include_usage: true } });
    let text = '';
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.text ?? '';
      if (chunk.usage) usage++;
    }
    assert.equal(text, 'upon a time');
    assert.equal(usage, 1);
  });

  it('maps a completion for Anthropic to a one-message chat', async () => {
    const answer = await api.client.completions.create({ model: 'claude', prompt: 'Once' });
    assert.equal(answer.choices[0]!.text, 'Hello from fake anthropic.');
    assert.deepEqual((api.up.second!.last.body as { messages: unknown }).messages, [{ role: 'user', content: [{ type: 'text', text: 'Once' }] }]);
  });

  it('lists the registry plus auto', async () => {
    const ids: string[] = [];
    for await (const entry of api.client.models.list()) ids.push(entry.id);
    assert.deepEqual(ids, ['auto', 'best', 'claude']);
    const listed = await api.client.models.list();
    assert.equal(listed.data.find((m) => m.id === 'claude')?.owned_by, 'second');
  });

  it('reports health in the documented shape, without auth and without secrets', async () => {
    const answer = await raw(api, { method: 'GET', path: '/health', auth: false });
    assert.equal(answer.status, 200);
    const health = JSON.parse(answer.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(health).sort(), ['models', 'providers', 'status', 'uptime_s']);
    assert.equal(health.status, 'ok');
    assert.equal(health.models, 2);
    assert.deepEqual(health.providers, [
      { name: 'first', type: 'openai', state: 'ready' },
      { name: 'second', type: 'anthropic', state: 'ready' },
    ]);
    assert.ok(!answer.body.includes('sk-'));
  });
});
