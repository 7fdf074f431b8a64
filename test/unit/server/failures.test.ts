// When upstreams fail: exhausted candidates, rate limits, mid-stream failures, client aborts,
// shutdown, and no key ever in a response or a log line.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { chatBody, errorOf, raw, startApi, type ApiHarness } from './apiHarness';

const within = <T>(promise: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms).unref())]);

const TWO = [
  { name: 'first', dialect: 'openai' as const, key: 'sk-first' },
  { name: 'second', dialect: 'vllm' as const },
];
const MODELS = [
  { id: 'best', provider: 'first', name: 'gpt-fake', weight: 90 },
  { id: 'local', provider: 'second', name: 'llama-fake', weight: 40 },
];

describe('server: failures', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await startApi(TWO, MODELS);
  });
  afterEach(() => api.close());

  it('502 when every candidate failed, listing each attempt and its reason', async () => {
    api.up.first!.fail('server_error');
    api.up.second!.fail('reset');
    await assert.rejects(api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.InternalServerError);
      assert.equal(error.status, 502);
      assert.match(error.message, /best \(first\): server/);
      assert.match(error.message, /local \(second\): network/);
      return true;
    });
  });

  it('429 with retry-after when every candidate is rate limited', async () => {
    api.up.first!.fail('rate_limit', { retryAfter: 7 });
    api.up.second!.fail('rate_limit', { retryAfter: 9 });
    const answer = await raw(api, { path: '/v1/chat/completions', body: chatBody() });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers['retry-after'], '7');
    const error = errorOf(answer);
    assert.equal(error.type, 'rate_limit_error');
    assert.match(error.message, /best \(first\): rate_limited/);
    assert.match(error.message, /local \(second\): rate_limited/);
  });

  it('ends a stream that fails after its first token with an error event and no [DONE]', async () => {
    api.up.first!.fail('stream_error', { afterChunks: 2, text: 'one two three four' });
    const answer = await raw(api, { path: '/v1/chat/completions', body: chatBody({ stream: true }) });
    assert.equal(answer.status, 200);
    assert.ok(answer.body.includes('"content":"one "'), answer.body);
    assert.ok(!answer.body.includes('[DONE]'));
    const events = answer.body.trim().split('\n\n');
    const last = JSON.parse(events[events.length - 1]!.replace(/^data: /, '')) as { error?: { message: string; type: string; code: string } };
    assert.ok(last.error, answer.body);
    assert.equal(last.error.code, 'server');
    assert.equal(api.up.second!.requests.length, 0, 'no escalation after the first token');

    api.up.first!.fail('cut', { afterChunks: 1 });
    const stream = await api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
      (error: unknown) => error instanceof OpenAI.APIError,
    );
  });

  it('cancels the upstream request at once when the client disconnects mid-stream', async () => {
    api.up.first!.reply({ chunks: Array.from({ length: 200 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
    const stream = await api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let seen = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) seen++;
      if (seen === 3) break; // the SDK aborts its request
    }
    await within(api.up.first!.last.aborted, 1000, 'upstream abort');
    assert.equal(api.up.first!.last.clientAborted, true);
  });

  it('cancels a non-streamed upstream request when the client goes away', async () => {
    api.up.first!.fail('hang');
    const controller = new AbortController();
    const call = api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }, { signal: controller.signal });
    await api.up.first!.waitForRequests(1);
    controller.abort();
    await assert.rejects(call);
    await within(api.up.first!.last.aborted, 1000, 'upstream abort');
    assert.equal(api.up.second!.requests.length, 0, 'a cancelled request does not escalate');
  });

  it('ends in-flight streams with an error event when the server shuts down', async () => {
    api.up.first!.reply({ chunks: Array.from({ length: 100 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
    const stream = await api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const closing = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await api.server.close();
    })();
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
      (error: unknown) => error instanceof OpenAI.APIError && /shutting down/.test(error.message),
    );
    await within(closing, 3000, 'server close');
    await within(api.up.first!.last.aborted, 1000, 'upstream abort');
  });
});

describe('server: keys never leave', () => {
  const KEYS = { first: 'sk-LEAKCANARY-7f3a9c1e5b2d4f6a8c0e', second: 'sk-ant-LEAKCANARY-0d9e8f7a6b5c' };
  it('keeps refused keys out of every body, header and log line', async () => {
    // The fakes echo a refused key in their 401 bodies; Tokenhub must not pass it on.
    const api = await startApi(
      [
        { name: 'first', dialect: 'openai', key: 'sk-accepted' },
        { name: 'second', dialect: 'anthropic', key: 'sk-accepted-too' },
        { name: 'third', dialect: 'vllm' },
      ],
      [
        { id: 'best', provider: 'first', name: 'gpt-fake', weight: 90 },
        { id: 'claude', provider: 'second', name: 'claude-fake', weight: 80 },
        { id: 'local', provider: 'third', name: 'llama-fake', weight: 40 },
      ],
      { keys: KEYS },
    );
    try {
      const seen: string[] = [];
      const record = async (spec: Parameters<typeof raw>[1]) => {
        const answer = await raw(api, spec);
        seen.push(JSON.stringify(answer));
        return answer;
      };
      const first = await record({ path: '/v1/chat/completions', body: chatBody() });
      assert.equal(first.status, 200);
      assert.equal(first.headers['x-tokenhub-escalations'], 'best:unauthorized, claude:unauthorized');
      assert.equal((await record({ path: '/v1/chat/completions', body: chatBody({ stream: true }) })).status, 200);
      api.up.third!.fail('server_error');
      const failed = await record({ path: '/v1/completions', body: JSON.stringify({ prompt: 'x' }) });
      assert.equal(failed.status, 502, failed.body);
      assert.match(errorOf(failed).message, /refused its key/);
      await record({ method: 'GET', path: '/health' });
      await record({ method: 'GET', path: '/v1/models' });
      assert.equal(api.up.first!.requests[0]!.headers.authorization, `Bearer ${KEYS.first}`, 'the key was sent and refused');
      assert.equal(api.up.second!.requests[0]!.headers['x-api-key'], KEYS.second);
      assert.ok(api.logs.length > 0);
      for (const text of [...seen, ...api.logs]) assert.ok(!text.includes('LEAKCANARY'), text);
    } finally {
      await api.close();
    }
  });
});
