// Every refused input: the right status, an OpenAI-shaped error, and no upstream call.
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { chatBody, errorOf, raw, startApi, type ApiHarness } from './apiHarness';
import { rawRequest } from './rawSocket';

const LIMIT = 4096;

describe('server: refused requests', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi([{ name: 'up', dialect: 'openai', key: 'sk-up' }], [{ id: 'm', provider: 'up', name: 'fake' }], {
      server: { maxBodyBytes: LIMIT, allowedOrigins: ['http://localhost:3000'] },
    });
  });
  after(() => api.close());
  const upstreamCalls = () => api.up.up!.requests.length;

  it('401 without a token and with a wrong one (SDK: AuthenticationError)', async () => {
    for (const apiKey of ['wrong-token', `${api.token}x`, api.token.slice(0, -1)]) {
      const client = new OpenAI({ baseURL: `${api.url}/v1`, apiKey, maxRetries: 0 });
      await assert.rejects(client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.AuthenticationError);
        assert.equal(error.status, 401);
        assert.equal(error.code, 'invalid_api_key');
        return true;
      });
    }
    const none = await raw(api, { path: '/v1/chat/completions', body: chatBody(), auth: false });
    assert.equal(none.status, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    assert.equal(errorOf(none).type, 'authentication_error');
    const models = await raw(api, { method: 'GET', path: '/v1/models', auth: false });
    assert.equal(models.status, 401);
    assert.equal(upstreamCalls(), 0);
  });

  it('403 for a Host that is not loopback (DNS rebinding), even with the right token', async () => {
    for (const host of ['evil.example', 'localhost.evil.example:8080', '127.0.0.1.nip.io']) {
      const answer = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { host } });
      assert.equal(answer.status, 403, host);
      assert.equal(errorOf(answer).code, 'forbidden_host');
    }
    const health = await raw(api, { method: 'GET', path: '/health', headers: { host: 'evil.example' } });
    assert.equal(health.status, 403);
    const ok = await raw(api, { method: 'GET', path: '/v1/models', headers: { host: `localhost:${new URL(api.url).port}` } });
    assert.equal(ok.status, 200);
    assert.equal(upstreamCalls(), 0);
  });

  it('403 for IPv6 look-alikes of [::1] sent on a raw socket; [::1] with a port works', async () => {
    const port = Number(new URL(api.url).port);
    const ask = (host: string) => rawRequest(port, `GET /v1/models HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${api.token}\r\nConnection: close\r\n\r\n`);
    for (const host of ['[::1].evil.com', '[::1]evil.com', '[::1]:x', '[::1]:8080.evil.com']) {
      const answer = await ask(host);
      assert.equal(answer.status, 403, `${host}: ${answer.text}`);
      assert.match(answer.text, /"code":"forbidden_host"/);
    }
    for (const host of ['[::1]:8080', '[::1]', `[::1]:${port}`]) assert.equal((await ask(host)).status, 200, host);
    assert.equal(upstreamCalls(), 0);
  });

  it('403 for a browser Origin not in the allow-list; an allowed Origin works', async () => {
    const foreign = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    assert.equal(errorOf(foreign).code, 'forbidden_origin');
    assert.equal(errorOf(foreign).type, 'permission_error');
    const lookalike = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { origin: 'http://localhost:3001' } });
    assert.equal(lookalike.status, 403);
    assert.equal(upstreamCalls(), 0);
    const allowed = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { origin: 'http://localhost:3000' } });
    assert.equal(allowed.status, 200, allowed.body);
  });

  it('413 from Content-Length before reading, and while reading a chunked body', async () => {
    const big = chatBody({ messages: [{ role: 'user', content: 'x'.repeat(LIMIT) }] });
    const before = upstreamCalls();
    const declared = await raw(api, { path: '/v1/chat/completions', body: big });
    assert.equal(declared.status, 413);
    assert.equal(errorOf(declared).code, 'body_too_large');
    assert.equal(declared.headers.connection, 'close');
    const pieces = Array.from({ length: 8 }, (_, i) => big.slice((i * big.length) / 8, ((i + 1) * big.length) / 8));
    const chunked = await raw(api, { path: '/v1/chat/completions', chunks: pieces });
    assert.equal(chunked.status, 413);
    assert.equal(upstreamCalls(), before);
    const fits = await raw(api, { path: '/v1/chat/completions', chunks: [chatBody().slice(0, 10), chatBody().slice(10)] });
    assert.equal(fits.status, 200);
  });

  it('400 for invalid JSON and for bodies that are not OpenAI requests, with no upstream call', async () => {
    const before = upstreamCalls();
    const cases: [string, string, string | null][] = [
      ['/v1/chat/completions', '{"model": "auto", "messages": [', ''],
      ['/v1/chat/completions', '', ''],
      ['/v1/chat/completions', '[1, 2]', ''],
      ['/v1/chat/completions', JSON.stringify({ model: 'auto' }), 'messages'],
      ['/v1/chat/completions', JSON.stringify({ messages: [] }), 'messages'],
      ['/v1/chat/completions', JSON.stringify({ messages: [{ role: 'wizard', content: 'x' }] }), 'messages[0].role'],
      ['/v1/chat/completions', JSON.stringify({ messages: [{ role: 'toString', content: 'x' }] }), 'messages[0].role'],
      ['/v1/chat/completions', '{"messages": [{"role": "__proto__", "content": "x"}]}', 'messages[0].role'],
      ['/v1/chat/completions', JSON.stringify({ messages: [{ role: 'user', content: 42 }] }), 'messages[0].content'],
      ['/v1/chat/completions', chatBody({ stream: 'yes' }), 'stream'],
      ['/v1/chat/completions', chatBody({ max_tokens: -1 }), 'max_tokens'],
      ['/v1/chat/completions', chatBody({ temperature: 3 }), 'temperature'],
      ['/v1/chat/completions', chatBody({ model: 7 }), 'model'],
      ['/v1/chat/completions', chatBody({ n: 0 }), 'n'],
      ['/v1/completions', JSON.stringify({ prompt: 5 }), 'prompt'],
    ];
    for (const [path, body, param] of cases) {
      const answer = await raw(api, { path, body });
      assert.equal(answer.status, 400, `${body} → ${answer.body}`);
      const error = errorOf(answer);
      assert.equal(error.type, 'invalid_request_error');
      if (param) assert.equal(error.param, param, body);
    }
    const secret = await raw(api, { path: '/v1/chat/completions', body: '{"api_key": "sk-do-not-echo-me", oops}' });
    assert.equal(secret.status, 400);
    assert.ok(!secret.body.includes('sk-do-not-echo-me'));
    const sdk = api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'robot', content: 'x' }] } as never);
    await assert.rejects(sdk, (error: unknown) => error instanceof OpenAI.BadRequestError && error.param === 'messages[0].role');
    const mediaType = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { 'content-type': 'text/plain' } });
    assert.equal(mediaType.status, 415);
    assert.equal(upstreamCalls(), before);
  });

  it('404 for unknown routes and unknown models', async () => {
    const route = await raw(api, { method: 'GET', path: '/v1/engines' });
    assert.equal(route.status, 404);
    assert.equal(errorOf(route).type, 'not_found_error');
    assert.equal((await raw(api, { method: 'GET', path: '/', auth: false })).status, 404);
    const before = upstreamCalls();
    await assert.rejects(api.client.chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'Hi' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.equal(error.code, 'model_not_found');
      assert.match(error.message, /gpt-nope/);
      return true;
    });
    assert.equal(upstreamCalls(), before);
  });

  it('405 for a wrong method, naming the allowed one', async () => {
    const get = await raw(api, { method: 'GET', path: '/v1/chat/completions' });
    assert.equal(get.status, 405);
    assert.equal(get.headers.allow, 'POST');
    assert.equal(errorOf(get).code, 'method_not_allowed');
    const post = await raw(api, { method: 'POST', path: '/v1/models', body: '{}' });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET');
    assert.equal((await raw(api, { method: 'DELETE', path: '/health' })).status, 405);
  });

  it('keeps serving on the same connection after refusals', async () => {
    const answer = await api.client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Still there?' }] });
    assert.equal(answer.choices[0]!.message.content, 'Hello from fake openai.');
  });
});
