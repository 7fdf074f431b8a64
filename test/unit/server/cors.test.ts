// CORS over raw HTTP: preflights answered without a token for allowed origins, every answer to
// them readable by the page, other origins still 403, and VS Code webviews by the wildcard.
import assert from 'node:assert/strict';
import { chatBody, errorOf, raw, startApi, type ApiHarness } from './apiHarness';

const PAGE = 'http://localhost:5173';
const preflight = (origin: string, path = '/v1/chat/completions', extra: Record<string, string> = {}) => ({
  method: 'OPTIONS',
  path,
  auth: false,
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, x-stainless-os', ...extra },
});

describe('server: CORS for allowed origins', () => {
  let api: ApiHarness;
  before(async () => {
    api = await startApi([{ name: 'up', dialect: 'openai', key: 'sk-up' }], [{ id: 'm', provider: 'up', name: 'fake' }], {
      server: { allowedOrigins: [PAGE, 'vscode-webview://*'] },
    });
  });
  after(() => api.close());
  const upstreamCalls = () => api.up.up!.requests.length;

  it('answers a preflight without a token: 204, the origin, methods, headers asked for and the usual ones, max-age', async () => {
    const answer = await raw(api, preflight(PAGE));
    assert.equal(answer.status, 204);
    assert.equal(answer.body, '');
    assert.equal(answer.headers['access-control-allow-origin'], PAGE);
    assert.equal(answer.headers.vary, 'Origin');
    assert.equal(answer.headers['access-control-allow-methods'], 'POST, OPTIONS');
    assert.deepEqual(String(answer.headers['access-control-allow-headers']).split(', '), ['authorization', 'x-api-key', 'content-type', 'anthropic-version', 'anthropic-beta', 'x-stainless-os']);
    assert.equal(answer.headers['access-control-max-age'], '600');
    assert.equal(answer.headers['access-control-allow-credentials'], undefined, 'no cookies: the token goes in a header');
    const models = await raw(api, { ...preflight(PAGE, '/v1/models'), headers: { origin: PAGE, 'access-control-request-method': 'GET' } });
    assert.equal(models.headers['access-control-allow-methods'], 'GET, OPTIONS');
    assert.equal(upstreamCalls(), 0);
  });

  it('leaves out requested names that are not header names, and allows the private network when asked', async () => {
    const answer = await raw(api, preflight(PAGE, '/v1/responses', { 'access-control-request-headers': 'x-ok, bad header, x-Two', 'access-control-request-private-network': 'true' }));
    assert.equal(answer.status, 204);
    assert.match(String(answer.headers['access-control-allow-headers']), /, x-ok, x-two$/);
    assert.equal(answer.headers['access-control-allow-private-network'], 'true');
  });

  it('lets the page read every answer: the origin, Vary, and the x-tokenhub-* headers exposed, errors included', async () => {
    const answer = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { origin: PAGE } });
    assert.equal(answer.status, 200, answer.body);
    assert.equal(answer.headers['access-control-allow-origin'], PAGE);
    assert.equal(answer.headers.vary, 'Origin');
    const exposed = String(answer.headers['access-control-expose-headers']).split(', ');
    for (const name of ['x-tokenhub-model', 'x-tokenhub-provider', 'x-tokenhub-attempts', 'x-tokenhub-escalations', 'x-tokenhub-dropped']) assert.ok(exposed.includes(name), name);
    assert.equal(answer.headers['x-tokenhub-model'], 'm');
    const unauthorized = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { origin: PAGE }, auth: false });
    assert.equal(unauthorized.status, 401, 'only the preflight goes without the token');
    assert.equal(unauthorized.headers['access-control-allow-origin'], PAGE);
    const stream = await raw(api, { path: '/v1/chat/completions', body: chatBody({ stream: true }), headers: { origin: PAGE } });
    assert.equal(stream.headers['access-control-allow-origin'], PAGE);
    assert.match(stream.body, /data: \[DONE\]/);
    const plain = await raw(api, { path: '/v1/chat/completions', body: chatBody() });
    assert.equal(plain.headers['access-control-allow-origin'], undefined, 'no CORS headers without an Origin');
  });

  it('refuses other origins with 403, preflight or not, lookalikes included', async () => {
    const before = upstreamCalls();
    for (const origin of ['https://evil.example', 'http://localhost:5174', 'http://localhost:5173.evil.example', 'null', 'vscode-webview://']) {
      const pre = await raw(api, preflight(origin));
      assert.equal(pre.status, 403, origin);
      assert.equal(pre.headers['access-control-allow-origin'], undefined);
      const post = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { origin } });
      assert.equal(post.status, 403, origin);
      assert.equal(errorOf(post).code, 'forbidden_origin');
    }
    assert.equal(upstreamCalls(), before);
  });

  it('allows any VS Code webview by the wildcard, which still needs the token', async () => {
    const webview = 'vscode-webview://1a2b3c4d5e6f7g8h9i0j';
    const pre = await raw(api, preflight(webview));
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], webview);
    const without = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { origin: webview }, auth: false });
    assert.equal(without.status, 401);
    const withToken = await raw(api, { path: '/v1/chat/completions', body: chatBody(), headers: { origin: webview } });
    assert.equal(withToken.status, 200);
    assert.equal(withToken.headers['access-control-allow-origin'], webview);
  });

  it('answers a preflight for an unknown route 404, and an OPTIONS that is not a preflight as before', async () => {
    assert.equal((await raw(api, preflight(PAGE, '/v1/nothing'))).status, 404);
    const bare = await raw(api, { method: 'OPTIONS', path: '/v1/chat/completions' });
    assert.equal(bare.status, 405);
    assert.equal(bare.headers.allow, 'POST');
  });
});
