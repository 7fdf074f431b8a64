// CORS in a real browser: headless chromium loads a page from an allowed origin (a node:http server
// on another loopback port) whose script calls the API with the token, the preflight included, and
// reads the answers and the exposed x-tokenhub-* headers; a page from an origin not allowed cannot.
// Needs Debian's chromium and the playwright-core the VS Code host brings (scripts/host/paths.js;
// TOKENHUB_CHROMIUM and TOKENHUB_PLAYWRIGHT_CORE override where they are); skipped without them.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { startApi, type ApiHarness } from './apiHarness';

const load = createRequire(__filename);

interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface Page {
  goto(url: string): Promise<unknown>;
  waitForFunction(expression: string, arg?: unknown, options?: { timeout: number }): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
}

/**
 * The page's own script (plain browser JavaScript, served as /app.js): it reads the API's URL
 * and token from the page's query, calls a chat completion, a streamed Responses request (read
 * as it comes) and the model list with the token, and leaves what it saw in `window.results`.
 */
const APP = `
const query = new URLSearchParams(location.search);
const url = query.get('api');
const headers = { authorization: 'Bearer ' + query.get('token'), 'content-type': 'application/json' };
async function attempt(path, init, read) {
  try {
    const response = await fetch(url + path, init);
    return { status: response.status, model: response.headers.get('x-tokenhub-model'), text: await read(response) };
  } catch (error) {
    return { error: String(error) };
  }
}
async function readStream(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
  return text;
}
(async () => {
  const chat = await attempt('/v1/chat/completions', { method: 'POST', headers, body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] }) },
    async (response) => (await response.json()).choices[0].message.content);
  const stream = await attempt('/v1/responses', { method: 'POST', headers, body: JSON.stringify({ model: 'auto', input: 'Hi', stream: true }) }, readStream);
  const models = await attempt('/v1/models', { headers: { authorization: headers.authorization } }, async (response) => String((await response.json()).data.length));
  window.results = JSON.stringify({ chat, stream, models });
})();
`;

/** Chromium through playwright-core, or why it is not available here. */
function browserDriver(): { launch: (options: object) => Promise<Browser>; chromium: string } | string {
  const paths = load(join(__dirname, '..', '..', '..', 'scripts', 'host', 'paths.js')) as { chromium: string; resolveHost: (name?: string) => { installDir: string } };
  const driver = process.env.TOKENHUB_PLAYWRIGHT_CORE ?? join(paths.resolveHost().installDir, 'node_modules', 'playwright-core');
  if (!existsSync(paths.chromium)) return `no chromium at ${paths.chromium}`;
  try {
    const { chromium } = load(driver) as { chromium: { launch: (options: object) => Promise<Browser> } };
    return { launch: (options) => chromium.launch(options), chromium: paths.chromium };
  } catch {
    return `no playwright-core at ${driver} (node scripts/host/install.js, or set TOKENHUB_PLAYWRIGHT_CORE)`;
  }
}

async function pageServer(): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/app.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      return void res.end(APP);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><meta charset="utf-8"><title>A page that calls Tokenhub</title><script src="/app.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What the page's script saw. */
interface Seen {
  status?: number;
  model?: string | null;
  text?: string;
  error?: string;
}

describe('server: CORS from a real browser page', function () {
  this.timeout(60_000);
  let browser: Browser | undefined;
  let api: ApiHarness;
  let allowed: { origin: string; server: Server };
  let refused: { origin: string; server: Server };

  before(async function () {
    const driver = browserDriver();
    if (typeof driver === 'string') {
      console.warn(`      (skipped: ${driver})`);
      this.skip();
    }
    allowed = await pageServer();
    refused = await pageServer();
    api = await startApi([{ name: 'up', dialect: 'openai', key: 'sk-up' }], [{ id: 'm', provider: 'up', name: 'gpt-4.1' }], { server: { allowedOrigins: [allowed.origin] } });
    browser = await driver.launch({ executablePath: driver.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  });
  after(async () => {
    await browser?.close();
    await api?.close();
    for (const page of [allowed, refused]) if (page) await new Promise((resolve) => page.server.close(resolve));
  });

  /** Loads the page from `origin` and waits for what its script saw. */
  async function callFrom(origin: string): Promise<{ chat: Seen; stream: Seen; models: Seen }> {
    const page = await browser!.newPage();
    await page.goto(`${origin}/?${new URLSearchParams({ api: api.url, token: api.token }).toString()}`);
    await page.waitForFunction('window.results !== undefined', undefined, { timeout: 30_000 });
    return JSON.parse(String(await page.evaluate('window.results'))) as { chat: Seen; stream: Seen; models: Seen };
  }

  // Every call sends `authorization` (and the POSTs `content-type: application/json`), so none is a
  // simple request: each succeeds only when its preflight passed.
  it('calls the API from an allowed origin: preflights pass, answers and exposed headers are readable', async () => {
    api.up.up!.setDefault({ text: 'Hello, page.' });
    const { chat, stream, models } = await callFrom(allowed.origin);
    assert.deepEqual(chat, { status: 200, model: 'm', text: 'Hello, page.' });
    assert.equal(stream.status, 200, stream.error);
    assert.equal(stream.model, 'm');
    assert.match(stream.text!, /event: response\.completed/);
    assert.match(stream.text!, /"delta":"Hello, "/);
    // A GET with a token is not a simple request either: it too went through a preflight.
    assert.deepEqual(models, { status: 200, model: null, text: '2' });
  });

  it('cannot call it from an origin that is not allowed: the browser refuses, nothing reaches a provider', async () => {
    const before = api.up.up!.requests.length;
    const { chat, stream, models } = await callFrom(refused.origin);
    for (const seen of [chat, stream, models]) assert.match(seen.error ?? '', /TypeError: Failed to fetch/, JSON.stringify(seen));
    assert.equal(api.up.up!.requests.length, before);
  });
});
