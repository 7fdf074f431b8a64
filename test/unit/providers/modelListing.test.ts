// `GET …/models` per provider type, against the fake upstreams (which check the key and page as
// the real servers do), and the key check built on it.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isTokenhubError } from '../../../src/core/base/errors';
import type { ProviderConfig } from '../../../src/core/providers/adapter';
import { checkKey, discoverModels } from '../../../src/core/providers/keyCheck';
import { isMissingRoute, listModels } from '../../../src/core/providers/modelListing';
import type { FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { startFakeUpstream } from '../../fixtures/fakeUpstream/server';
import type { Dialect, FakeModel } from '../../fixtures/fakeUpstream/types';
import { SECRET_KEY } from './helpers';

const signal = () => new AbortController().signal;
const ups: FakeUpstream[] = [];

async function fake(dialect: Dialect, models?: FakeModel[] | false): Promise<{ up: FakeUpstream; provider: ProviderConfig }> {
  const up = await startFakeUpstream({ dialect, apiKey: SECRET_KEY, ...(models !== undefined ? { models } : {}) });
  ups.push(up);
  return { up, provider: { name: `my-${dialect}`, type: dialect, baseUrl: up.url } };
}

/** A port where nothing listens (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterEach(async () => {
  await Promise.all(ups.splice(0).map((up) => up.close()));
});

describe('model listing (GET …/models)', () => {
  it('lists an OpenAI provider\'s models with the bearer key', async () => {
    const { up, provider } = await fake('openai', [{ id: 'gpt-5.5' }, { id: 'text-embedding-3-small' }]);
    const models = await listModels(provider, { apiKey: SECRET_KEY, signal: signal() });
    assert.deepEqual(models, [{ id: 'gpt-5.5' }, { id: 'text-embedding-3-small' }]);
    assert.equal(up.last.method, 'GET');
    assert.equal(up.last.path, '/v1/models');
    assert.equal(up.last.headers.authorization, `Bearer ${SECRET_KEY}`);
  });

  it('reads vLLM\'s max_model_len as the context size, and sends no key when there is none', async () => {
    const up = await startFakeUpstream({ dialect: 'vllm', models: [{ id: 'Qwen/Qwen3-8B', maxModelLen: 32768 }] });
    ups.push(up);
    const models = await listModels({ name: 'local', type: 'vllm', baseUrl: up.url }, { apiKey: undefined, signal: signal() });
    assert.deepEqual(models, [{ id: 'Qwen/Qwen3-8B', contextSize: 32768 }]);
    assert.equal(up.last.headers.authorization, undefined);
  });

  it('pages through Anthropic\'s list with x-api-key and anthropic-version', async () => {
    const many = Array.from({ length: 1203 }, (_, i) => ({ id: `claude-${i}`, displayName: `Claude ${i}` }));
    const { up, provider } = await fake('anthropic', many);
    const models = await listModels(provider, { apiKey: SECRET_KEY, signal: signal() });
    assert.equal(models.length, 1203);
    assert.deepEqual(models[1202], { id: 'claude-1202', displayName: 'Claude 1202' });
    assert.deepEqual(up.requests.map((r) => r.path), ['/v1/models?limit=1000', '/v1/models?limit=1000&after_id=claude-999']);
    assert.equal(up.last.headers['x-api-key'], SECRET_KEY);
    assert.equal(up.last.headers['anthropic-version'], '2023-06-01');
  });

  it('takes an Anthropic base URL written with /v1 (the OpenAI habit) without doubling it', async () => {
    const { up, provider } = await fake('anthropic');
    await listModels({ ...provider, baseUrl: `${up.url}/v1` }, { apiKey: SECRET_KEY, signal: signal() });
    assert.equal(up.last.path, '/v1/models?limit=1000');
  });

  for (const dialect of ['openai', 'anthropic', 'vllm'] as const) {
    it(`classifies a refused key from ${dialect} as unauthorized, never repeating the key`, async () => {
      const { provider } = await fake(dialect);
      const wrong = 'sk-wrong-0123456789abcdef-LEAK';
      await assert.rejects(listModels(provider, { apiKey: wrong, signal: signal() }), (error: unknown) => {
        assert.ok(isTokenhubError(error, 'unauthorized'), String(error));
        assert.equal(error.status, 401);
        assert.ok(!error.message.includes(wrong), error.message);
        return true;
      });
    });
  }

  it('says when a server has no model list (404), which is not a failure of the key', async () => {
    const { provider } = await fake('openai', false);
    await assert.rejects(listModels(provider, { apiKey: SECRET_KEY, signal: signal() }), (error: unknown) => isMissingRoute(error));
  });

  it('classifies a closed port as a network failure', async () => {
    const port = await closedPort();
    await assert.rejects(listModels({ name: 'gone', type: 'vllm', baseUrl: `http://127.0.0.1:${port}/v1` }, { apiKey: undefined, signal: signal() }), (error: unknown) =>
      isTokenhubError(error, 'network'),
    );
  });
});

describe('key check (the cheapest real call)', () => {
  it('reports works with the listed models when the key lists them', async () => {
    const { up, provider } = await fake('openai', [{ id: 'gpt-5.5' }]);
    const check = await checkKey(provider, { apiKey: SECRET_KEY });
    assert.deepEqual(check, { verdict: 'works', via: 'models', models: [{ id: 'gpt-5.5' }], baseUrl: up.url });
    assert.equal(up.requests.length, 1, 'one free GET, no chat request');
  });

  it('reports wrong_key for a refused key, and not_reachable for a closed port', async () => {
    const { provider } = await fake('anthropic');
    const wrong = await checkKey(provider, { apiKey: 'sk-ant-wrong-key-123456' });
    assert.equal(wrong.verdict, 'wrong_key');
    assert.ok(wrong.verdict === 'wrong_key' && !wrong.message.includes('sk-ant-wrong-key-123456'));
    const port = await closedPort();
    const gone = await checkKey({ name: 'gone', type: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` }, { apiKey: SECRET_KEY });
    assert.equal(gone.verdict, 'not_reachable');
  });

  it('falls back to a one-token chat request on a server without a model list', async () => {
    const { up, provider } = await fake('vllm', false);
    const check = await checkKey(provider, { apiKey: SECRET_KEY, model: 'my-model' });
    assert.deepEqual(check, { verdict: 'works', via: 'chat', baseUrl: up.url });
    const chat = up.last.body as { model: string; max_tokens: number; messages: unknown[] };
    assert.equal(up.last.path, '/v1/chat/completions');
    assert.equal(chat.model, 'my-model');
    assert.equal(chat.max_tokens, 1);
  });

  it('reports a refused key from that chat request too', async () => {
    const { provider } = await fake('openai', false);
    const check = await checkKey(provider, { apiKey: 'sk-nope-nope-nope-nope', model: 'gpt-5.5' });
    assert.equal(check.verdict, 'wrong_key');
  });

  it('gives up on a server that never answers, as not reachable', async () => {
    const sockets = new Set<Socket>();
    const server = createServer(() => undefined); // accepts, never answers
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const check = await checkKey({ name: 'slow', type: 'vllm', baseUrl: `http://127.0.0.1:${port}/v1` }, { apiKey: undefined, timeoutMs: 300 });
      assert.equal(check.verdict, 'not_reachable');
      assert.match(check.verdict === 'not_reachable' ? check.message : '', /did not answer within/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('stops at once when the caller cancels', async () => {
    const { provider } = await fake('openai');
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(checkKey(provider, { apiKey: SECRET_KEY, signal: controller.signal }), (error: unknown) => isTokenhubError(error, 'cancelled'));
  });
});

describe('model discovery (the base URL convention, checked by the server)', () => {
  it('adds /v1 when the server answers only there, and says which URL worked', async () => {
    const up = await startFakeUpstream({ dialect: 'vllm', models: [{ id: 'llama', maxModelLen: 4096 }] });
    ups.push(up);
    const found = await discoverModels({ name: 'local', type: 'vllm', baseUrl: up.origin }, { apiKey: undefined });
    assert.equal(found.baseUrl, up.url);
    assert.deepEqual(found.check.verdict === 'works' ? found.check.models : undefined, [{ id: 'llama', contextSize: 4096 }]);
    assert.deepEqual(up.requests.map((r) => r.path), ['/models', '/v1/models']);
  });

  it('keeps the typed URL when it answers, and its failure when neither form does', async () => {
    const { up, provider } = await fake('openai', false);
    const found = await discoverModels({ ...provider, baseUrl: up.origin }, { apiKey: SECRET_KEY });
    assert.equal(found.baseUrl, up.origin);
    assert.equal(found.check.verdict, 'failed');
    const typed = await discoverModels({ name: 'x', type: 'openai', baseUrl: 'ftp://example.com' }, { apiKey: SECRET_KEY });
    assert.deepEqual(typed.check, { verdict: 'failed', code: 'invalid_input', message: 'The URL must start with http:// or https:// (it starts with ftp://).' });
  });

  it('never tries another URL after a refused key', async () => {
    const { up } = await fake('openai');
    const found = await discoverModels({ name: 'o', type: 'openai', baseUrl: up.url }, { apiKey: 'sk-wrong-wrong-wrong' });
    assert.equal(found.check.verdict, 'wrong_key');
    assert.equal(up.requests.length, 1);
  });
});
