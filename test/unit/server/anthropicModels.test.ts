// `GET /v1/models` and `GET /v1/models/{id}`: Anthropic's list shape and pages for the
// Anthropic SDK (it sends `anthropic-version`), OpenAI's for everyone else.
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { errorOf, raw, startApi, type ApiHarness } from './apiHarness';
import { anthropicClient } from './anthropicHarness';

const IDS = Array.from({ length: 24 }, (_, i) => `m${String(i).padStart(2, '0')}`);

describe('server: the model list in both formats', () => {
  let api: ApiHarness;
  let client: Anthropic;
  before(async () => {
    api = await startApi(
      [{ name: 'up', dialect: 'openai', key: 'sk-up' }],
      [
        // Weights in id order, so the registry (best first) lists m00, m01, …
        ...IDS.map((id, i) => ({ id, provider: 'up', name: `model-${id}`, weight: 90 - i, contextSize: 100_000 + i, maxOutputTokens: 8192 })),
        { id: 'meta-llama/Llama-3.1-8B', provider: 'up', weight: 1 },
      ],
      { modelAliases: { 'claude-*': 'auto', 'claude-haiku-4-5': 'm03' } },
    );
    client = anthropicClient(api);
  });
  after(() => api.close());

  const all = ['auto', ...IDS, 'meta-llama/Llama-3.1-8B'];

  it('lists auto and the registry in Anthropic pages of 20, which the SDK follows to the end', async () => {
    const first = await client.models.list();
    assert.equal(first.data.length, 20);
    assert.equal(first.has_more, true);
    assert.equal(first.first_id, 'auto');
    assert.equal(first.last_id, IDS[18]);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    assert.deepEqual(ids, all);
    const m05 = first.data.find((m) => m.id === 'm05')!;
    assert.equal(m05.type, 'model');
    assert.equal(m05.max_input_tokens, 100_005);
    assert.equal(m05.max_tokens, 8192);
    assert.match(m05.display_name, /m05/);
    assert.ok(!Number.isNaN(Date.parse(m05.created_at)));
  });

  it('pages by limit, after_id and before_id', async () => {
    const after = await client.models.list({ limit: 3, after_id: 'm01' });
    assert.deepEqual(after.data.map((m) => m.id), ['m02', 'm03', 'm04']);
    assert.equal(after.has_more, true);
    const before = await client.models.list({ limit: 3, before_id: 'm01' });
    assert.deepEqual(before.data.map((m) => m.id), ['auto', 'm00']);
    assert.equal(before.has_more, false);
    const back = await client.models.list({ limit: 2, before_id: 'm05' });
    assert.deepEqual(back.data.map((m) => m.id), ['m03', 'm04']);
    assert.equal(back.has_more, true);
    const last = await client.models.list({ limit: 10, after_id: IDS[22] });
    assert.deepEqual(last.data.map((m) => m.id), [IDS[23], 'meta-llama/Llama-3.1-8B']);
    assert.equal(last.has_more, false);
    for (const query of ['limit=0', 'limit=1001', 'limit=two', 'after_id=nope']) {
      const answer = await raw(api, { method: 'GET', path: `/v1/models?${query}`, headers: { 'anthropic-version': '2023-06-01' } });
      assert.equal(answer.status, 400, query);
      assert.equal((JSON.parse(answer.body) as { error: { type: string } }).error.type, 'invalid_request_error', query);
    }
  });

  it('retrieves any name a client may send, under that name: a registry id, a provider model name, an alias', async () => {
    const byId = await client.models.retrieve('m07');
    assert.equal(byId.id, 'm07');
    assert.equal(byId.max_input_tokens, 100_007);
    const byName = await client.models.retrieve('model-m07');
    assert.equal(byName.id, 'model-m07');
    assert.match(byName.display_name, /m07/);
    const aliased = await client.models.retrieve('claude-haiku-4-5');
    assert.equal(aliased.max_input_tokens, 100_003, 'the alias names m03');
    const routed = await client.models.retrieve('claude-sonnet-4-6');
    assert.equal(routed.id, 'claude-sonnet-4-6');
    assert.equal(routed.max_input_tokens, null, 'routed: the model is chosen per request');
    assert.equal((await client.models.retrieve('meta-llama/Llama-3.1-8B')).id, 'meta-llama/Llama-3.1-8B');
    await assert.rejects(client.models.retrieve('gpt-unknown'), (error: unknown) => {
      assert.ok(error instanceof Anthropic.NotFoundError);
      assert.equal((error.error as { error: { type: string } }).error.type, 'not_found_error');
      return true;
    });
  });

  it("answers in OpenAI's shapes without anthropic-version", async () => {
    const openai = new OpenAI({ baseURL: `${api.url}/v1`, apiKey: api.token, maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of openai.models.list()) ids.push(model.id);
    assert.deepEqual(ids, all);
    const m07 = await openai.models.retrieve('m07');
    assert.deepEqual(m07, { id: 'm07', object: 'model', created: 0, owned_by: 'up', context_window: 100_007 });
    assert.equal((await openai.models.retrieve('auto')).owned_by, 'tokenhub');
    const missing = await raw(api, { method: 'GET', path: '/v1/models/gpt-unknown' });
    assert.equal(missing.status, 404);
    assert.equal(errorOf(missing).code, 'model_not_found');
    assert.equal((await raw(api, { method: 'GET', path: '/v1/models/%E0%A4%A' })).status, 404, 'a broken escape is no model');
    assert.equal((await raw(api, { method: 'GET', path: '/v1/models/m07', auth: false })).status, 401);
  });
});
