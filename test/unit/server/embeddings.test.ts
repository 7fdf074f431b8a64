// POST /v1/embeddings through `tokenhub serve` with the official openai SDK: inputs, dimensions,
// base64, escalation only among models that make the same vectors, and what is refused.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { fakeVector, shortened } from '../../fixtures/fakeUpstream/embeddings';
import { errorOf, raw, startApi, type ApiHarness } from './apiHarness';

const SMALL = { name: 'text-embedding-3-small', contextSize: 8192, embeddingDimensions: 1536, capabilities: ['embedding' as const] };
const close = (actual: ArrayLike<number>, expected: readonly number[]) => {
  assert.equal(actual.length, expected.length);
  for (let index = 0; index < expected.length; index++) assert.ok(Math.abs(actual[index]! - expected[index]!) < 1e-6, `value ${index}`);
};

describe('server: POST /v1/embeddings', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi(
      [
        { name: 'primary', dialect: 'openai', key: 'sk-p' },
        { name: 'backup', dialect: 'openai', key: 'sk-b' },
        { name: 'local', dialect: 'vllm' },
      ],
      [
        { id: 'small', provider: 'primary', weight: 90, ...SMALL },
        { id: 'small-backup', provider: 'backup', weight: 80, ...SMALL },
        { id: 'ada', provider: 'primary', name: 'text-embedding-ada-002', weight: 70, contextSize: 8192, embeddingDimensions: 1536, capabilities: ['embedding'] },
        { id: 'bge', provider: 'local', name: 'BAAI/bge-small-en-v1.5', weight: 10, contextSize: 512, embeddingDimensions: 384, capabilities: ['embedding'] },
        { id: 'chat', provider: 'primary', name: 'gpt-4.1', weight: 100 },
      ],
    );
  });
  after(() => api.close());

  it('embeds a string with the best embedding model; the SDK asks for base64 and reads the vector', async () => {
    const { data, response } = await api.client.embeddings.create({ model: 'auto', input: 'hello world' }).withResponse();
    assert.equal(response.headers.get('x-tokenhub-model'), 'small');
    assert.equal(response.headers.get('x-tokenhub-provider'), 'primary');
    assert.equal(data.model, 'small');
    close(data.data[0]!.embedding as unknown as ArrayLike<number>, fakeVector('text-embedding-3-small', 'hello world', 1536));
    assert.deepEqual(api.up.primary!.last.body, { model: 'text-embedding-3-small', input: 'hello world', encoding_format: 'base64' });
    assert.equal(api.up.primary!.last.path, '/v1/embeddings');
    assert.ok(data.usage.prompt_tokens > 0);
  });

  it('embeds an array in order, shortened to dimensions, as floats when asked', async () => {
    const inputs = ['first', 'second', 'third'];
    const answer = await api.client.embeddings.create({ model: 'small', input: inputs, dimensions: 256, encoding_format: 'float' });
    assert.deepEqual(answer.data.map((item) => item.index), [0, 1, 2]);
    answer.data.forEach((item, index) => close(item.embedding, shortened(fakeVector('text-embedding-3-small', inputs[index]!, 1536), 256)));
    // OpenAI refuses arguments it does not know: Tokenhub's own x_tokenhub must not reach it.
    const tokens = await raw(api, { path: '/v1/embeddings', body: JSON.stringify({ model: 'small', input: [[1, 2, 3]], encoding_format: 'float', x_tokenhub: { escalate: false } }) });
    assert.equal(tokens.status, 200, tokens.body);
    assert.deepEqual(api.up.primary!.last.body, { model: 'text-embedding-3-small', input: [[1, 2, 3]], encoding_format: 'float' });
    assert.equal(JSON.parse(tokens.body).data[0].embedding.length, 1536);
  });

  it('escalates past a failing provider to the same model elsewhere, never to another model', async () => {
    api.up.primary!.fail('rate_limit');
    const { data, response } = await api.client.embeddings.create({ model: 'auto', input: 'escalate me' }).withResponse();
    assert.equal(response.headers.get('x-tokenhub-model'), 'small-backup');
    assert.equal(response.headers.get('x-tokenhub-escalations'), 'small:rate_limited');
    close(data.data[0]!.embedding as unknown as ArrayLike<number>, fakeVector('text-embedding-3-small', 'escalate me', 1536));
    const adaCalls = () => api.up.primary!.requests.filter((request) => (request.body as { model?: string }).model === 'text-embedding-ada-002').length;
    api.up.primary!.fail('server_error');
    api.up.backup!.fail('server_error');
    await assert.rejects(api.client.embeddings.create({ model: 'small', input: 'both fail' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 502);
      assert.match(error.message, /small \(primary\): server.*small-backup \(backup\): server/);
      return true;
    });
    assert.equal(adaCalls(), 0, 'ada-002 makes other vectors of the same length: never a fallback');
  });

  it('does not escalate a prompt too long for the model to a model of other vectors', async () => {
    api.up.primary!.fail('overflow', { limit: 8192, requested: 9000 });
    const backupCalls = api.up.backup!.requests.length;
    await assert.rejects(api.client.embeddings.create({ model: 'small', input: 'pretend this is long' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.equal(error.code, 'context_length_exceeded');
      return true;
    });
    assert.equal(api.up.local!.requests.length, 0);
    assert.equal(api.up.backup!.requests.length, backupCalls, 'the same model elsewhere is no larger: not tried');
  });

  it('routes to vLLM when named, converting numbers to the base64 the client asked for', async () => {
    const vector = fakeVector('BAAI/bge-small-en-v1.5', 'local text', 384);
    api.up.local!.reply({ rawBody: { id: 'embd-1', object: 'list', created: 0, model: 'BAAI/bge-small-en-v1.5', data: [{ index: 0, object: 'embedding', embedding: vector }], usage: { prompt_tokens: 3, total_tokens: 3, completion_tokens: 0, prompt_tokens_details: null } } });
    const answer = await api.client.embeddings.create({ model: 'bge', input: 'local text' });
    close(answer.data[0]!.embedding as unknown as ArrayLike<number>, vector);
    assert.equal(answer.model, 'bge');
    assert.equal((answer as unknown as { id: string }).id, 'embd-1', "vLLM's own fields come through");
  });

  it('refuses bad input, dimensions no model makes, and models that do not embed, before any upstream call', async () => {
    const calls = () => api.up.primary!.requests.length + api.up.backup!.requests.length + api.up.local!.requests.length;
    const before = calls();
    const cases: [unknown, number, string | null, RegExp][] = [
      [{ model: 'auto', input: '' }, 400, 'input', /must not be empty/],
      [{ model: 'auto', input: [1, 'a'] }, 400, 'input', /array of strings/],
      [{ model: 'auto', input: 'x', encoding_format: 'int8' }, 400, 'encoding_format', /"float" or "base64"/],
      [{ model: 'auto', input: 'x', dimensions: 0 }, 400, 'dimensions', /positive integer/],
      [{ model: 'bge', input: 'x', dimensions: 1024, x_tokenhub: { escalate: false } }, 400, null, /bge makes vectors of at most 384 dimensions/],
      [{ model: 'chat', input: 'x' }, 400, null, /does not offer "embedding"/],
    ];
    for (const [body, status, param, pattern] of cases) {
      const answer = await raw(api, { path: '/v1/embeddings', body: JSON.stringify(body) });
      assert.equal(answer.status, status, answer.body);
      const error = errorOf(answer);
      assert.equal(error.param, param);
      assert.match(error.message, pattern);
    }
    assert.equal(calls(), before);
  });
});

describe('server: embeddings without a provider that embeds', () => {
  it('names Anthropic as having no embeddings API', async () => {
    const api = await startApi([{ name: 'claude', dialect: 'anthropic', key: 'sk-a' }], [{ id: 'claude-embed', provider: 'claude', name: 'claude-sonnet-4-5', capabilities: ['embedding'] }]);
    try {
      const answer = await raw(api, { path: '/v1/embeddings', body: JSON.stringify({ model: 'auto', input: 'x' }) });
      assert.equal(answer.status, 400);
      assert.match(errorOf(answer).message, /anthropic providers have no embeddings API/);
      assert.equal(api.up.claude!.requests.length, 0);
    } finally {
      await api.close();
    }
  });
});
