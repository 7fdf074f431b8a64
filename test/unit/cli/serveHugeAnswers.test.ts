// `tokenhub serve` against an upstream that answers 200 with gigabytes (issue #10, item 1): the
// attempt fails as a `server` error saying the answer was too large, the server's memory stays
// bounded (read from outside, in /proc), other clients are served meanwhile, and the router
// escalates to a healthy upstream. The bodies are made on the fly by the fake: nothing here
// allocates more than 64 KiB of them.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeUpstream, type FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { startHugeUpstream, type HugeUpstream } from '../../fixtures/hugeUpstream';
import { buildCli, residentBytes, tokenhub, waitFor, type Child } from './cliProcess';

const KEY = 'sk-HUGECANARY-0a1b2c3d4e5f6a7b';
const TOKEN = 'tok-huge-answers';
/** "A few hundred MB": the server idles near 70 MB and may hold one 64 MiB answer at a time. */
const RSS_CEILING = 300 * 1024 * 1024;

interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

describe('tokenhub serve: upstream answers of gigabytes', function () {
  this.timeout(60_000);
  let dir: string;
  let huge: HugeUpstream;
  let up: FakeUpstream;
  let serve: Child;
  let url: string;
  let peak = 0;
  let sampler: NodeJS.Timeout;

  const chat = async (model: string, extra: Record<string, unknown> = {}): Promise<Answer> => {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], ...extra }),
    });
    return { status: response.status, headers: response.headers, body: await response.text() };
  };
  const only = { x_tokenhub: { escalate: false } };
  const alive = () => assert.equal(serve.child.exitCode, null, `tokenhub serve died:\n${serve.stderr()}`);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-huge-'));
    buildCli();
    huge = await startHugeUpstream();
    up = await startFakeUpstream({ dialect: 'openai', apiKey: KEY, splitWrites: false });
    const config = join(dir, 'config.json');
    const hostile = (id: string, name: string, weight: number) => ({ id, provider: 'huge', name, weight, context_size: 16000, capabilities: ['chat'] });
    await writeFile(
      config,
      JSON.stringify({
        // A rest of 0 keeps the hostile provider in play for every test; 20 s ends any attempt
        // that would otherwise read forever (the unbounded code read a line at ~5 MB/s).
        routing: { cooldown_ms: 0, request_timeout_ms: 20_000 },
        providers: [
          { name: 'huge', type: 'vllm', base_url: huge.url },
          { name: 'fake', type: 'openai', base_url: up.url, api_key_env: 'FAKE_KEY' },
        ],
        models: [
          hostile('declared', 'declared-2200000000', 90),
          hostile('chunked', 'chunked-600000000', 80),
          hostile('sseline', 'sseline-600000000', 70),
          { id: 'healthy', provider: 'fake', name: 'gpt-fake', weight: 10, context_size: 16000, capabilities: ['chat'] },
        ],
      }),
    );
    serve = tokenhub(['serve', '--config', config, '--port', '0'], { FAKE_KEY: KEY, TOKENHUB_API_TOKEN: TOKEN });
    [, url] = (await waitFor(serve, /listening on (http:\/\/127\.0\.0\.1:\d+)/)) as [string, string];
    sampler = setInterval(() => (peak = Math.max(peak, residentBytes(serve.child.pid!) ?? 0)), 10);
  });

  after(async () => {
    clearInterval(sampler);
    serve.child.kill('SIGKILL');
    await serve.exited;
    await huge.close();
    await up.close();
    await rm(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    assert.ok(peak < RSS_CEILING, `tokenhub serve reached ${Math.round(peak / 2 ** 20)} MB of resident memory`);
  });

  it('answers 502 "too large" for a declared Content-Length of 2.2 GB, without reading it', async () => {
    const answer = await chat('declared', only);
    alive();
    assert.equal(answer.status, 502, answer.body);
    assert.match(answer.body, /upstream answer from huge was too large \(2200000000 bytes declared, more than the limit of 67108864 bytes\)/);
    assert.match(answer.body, /routing\.max_response_bytes/);
    assert.equal(answer.headers.get('x-tokenhub-escalations'), null);
    const record = await huge.ended('declared-2200000000');
    assert.ok(record.cut, 'the connection to the upstream was closed');
    assert.ok(record.written < 200 * 1024 * 1024, `the upstream could write ${record.written} bytes`);
  });

  it('stops reading a chunked 600 MB answer at the limit, and serves another client meanwhile', async () => {
    const release = huge.holdNext();
    const pending = chat('chunked', only);
    // The hostile answer is now held open after its first MiB: the server must still answer others.
    const other = await chat('healthy');
    assert.equal(other.status, 200, other.body);
    assert.match(other.body, /Hello from fake openai/);
    release();
    const answer = await pending;
    alive();
    assert.equal(answer.status, 502, answer.body);
    assert.match(answer.body, /upstream answer from huge was too large \(more than the limit of 67108864 bytes\)/);
    assert.doesNotMatch(answer.body, /could not be reached/);
    const record = await huge.ended('chunked-600000000');
    assert.ok(record.cut && record.written < 200 * 1024 * 1024, `the upstream could write ${record.written} bytes`);
  });

  it('bounds a JSON answer of 2.2 GB and of 600 MB to "stream": true the same way', async () => {
    for (const model of ['declared', 'chunked']) {
      const answer = await chat(model, { ...only, stream: true });
      alive();
      assert.equal(answer.status, 502, `${model}: ${answer.body}`);
      assert.match(answer.body, /upstream answer from huge was too large/, model);
    }
  });

  it('bounds one endless stream line of 600 MB without a line end', async () => {
    const answer = await chat('sseline', { ...only, stream: true });
    alive();
    assert.equal(answer.status, 502, answer.body);
    assert.match(answer.body, /upstream answer from huge was too large \(one stream event longer than the limit of 16777216 characters\)/);
    assert.match(answer.body, /routing\.max_event_bytes/);
    const record = await huge.ended('sseline-600000000');
    assert.ok(record.cut && record.written < 200 * 1024 * 1024, `the upstream could write ${record.written} bytes`);
  });

  it('escalates past every too-large answer to the healthy upstream, whole and streamed', async () => {
    const whole = await chat('auto');
    alive();
    assert.equal(whole.status, 200, whole.body);
    assert.equal(whole.headers.get('x-tokenhub-model'), 'healthy');
    assert.match(whole.headers.get('x-tokenhub-escalations') ?? '', /declared:server.*chunked:server.*sseline:server/);
    const streamed = await chat('auto', { stream: true });
    assert.equal(streamed.status, 200, streamed.body);
    assert.equal(streamed.headers.get('x-tokenhub-model'), 'healthy');
    assert.match(streamed.headers.get('x-tokenhub-escalations') ?? '', /declared:server.*chunked:server.*sseline:server/);
    assert.match(streamed.body, /data: \[DONE\]/);
  });
});
