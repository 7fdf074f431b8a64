// `tokenhub serve` and `tokenhub models` as a user runs them: the bundled entry of package.json's
// `bin` in a child process (see cliProcess.ts).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { version } from '../../../package.json';
import { startFakeUpstream, type FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { buildCli, tokenhub, waitFor } from './cliProcess';

const KEY = 'sk-CLICANARY-5e4d3c2b1a0f9e8d';

describe('tokenhub serve (subprocess)', function () {
  this.timeout(60_000);
  let dir: string;
  let up: FakeUpstream;
  let config: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-serve-'));
    buildCli();
    up = await startFakeUpstream({ dialect: 'openai', apiKey: KEY, splitWrites: false });
    config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        providers: [{ name: 'fake', type: 'openai', base_url: up.url, api_key_env: 'FAKE_KEY' }],
        models: [
          { id: 'fast', provider: 'fake', name: 'gpt-fake', weight: 70, cost_per_1k: 0.002, context_size: 16000, capabilities: ['chat', 'completion'] },
          { id: 'tight', provider: 'fake', name: 'gpt-4o', weight: 10, cost_per_1k: 0.002, context_size: 2000, capabilities: ['chat'] },
        ],
      }),
    );
  });
  after(async () => {
    await up.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves on the port it prints with the token it prints, and stops on SIGTERM with an error event mid-stream', async () => {
    const serve = tokenhub(['serve', '--config', config, '--port', '0', '--log-level', 'info'], { FAKE_KEY: KEY });
    try {
      const [, url] = await waitFor(serve, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const [, token] = /API token \(generated[^)]*\): (\S+)/.exec(serve.stdout()) ?? [];
      assert.match(token ?? '', /^[A-Za-z0-9_-]{43}$/);
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: token!, maxRetries: 0 });
      const answer = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }] });
      assert.equal(answer.choices[0]!.message.content, 'Hello from fake openai.');
      await assert.rejects(new OpenAI({ baseURL: `${url}/v1`, apiKey: 'nope', maxRetries: 0 }).models.list(), OpenAI.AuthenticationError);

      up.reply({ chunks: Array.from({ length: 100 }, (_, i) => `w${i} `), chunkDelayMs: 20 });
      const stream = await client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'Hi' }], stream: true });
      let seen = 0;
      await assert.rejects(
        (async () => {
          for await (const chunk of stream) {
            if (chunk.choices[0]?.delta.content && ++seen === 2) serve.child.kill('SIGTERM');
          }
        })(),
        (error: unknown) => error instanceof OpenAI.APIError && /shutting down/.test(error.message),
      );
      assert.equal(await serve.exited, 0, serve.stderr());
      assert.match(serve.stderr(), /SIGTERM: stopping/);
      assert.match(serve.stderr(), /info request method="POST" path="\/v1\/chat\/completions" status=200/);
      assert.equal(serve.stdout().split(token!).length, 2, 'the token is printed once');
      assert.ok(!serve.stdout().includes(KEY) && !serve.stderr().includes(KEY));
      assert.ok(!JSON.stringify(answer).includes(KEY));
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  it('counts a prompt near a limit with the real tokenizer, loaded from the bundle\'s own encoding files', async () => {
    const serve = tokenhub(['serve', '--config', config, '--port', '0'], { FAKE_KEY: KEY, TOKENHUB_API_TOKEN: 'tok-near-limit' });
    try {
      const [, url] = await waitFor(serve, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'tok-near-limit', maxRetries: 0 });
      // About 1,500 real tokens: the cheap bounds straddle the 2,000-token context, so only an
      // exact count decides, and it needs dist/encodings/o200k_base.js at run time.
      const prompt = 'The quick brown fox jumps over the lazy dog near the river bank. '.repeat(110);
      const { data, response } = await client.chat.completions
        .create({ model: 'tight', messages: [{ role: 'user', content: prompt }], max_tokens: 100, x_tokenhub: { escalate: false } } as never)
        .withResponse();
      assert.equal(response.headers.get('x-tokenhub-model'), 'tight');
      assert.equal(data.choices[0]!.message.content, 'Hello from fake openai.');
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });

  it('takes the token from TOKENHUB_API_TOKEN and prints none', async () => {
    const token = randomBytes(16).toString('hex');
    const serve = tokenhub(['serve', `--config=${config}`, '--port=0'], { FAKE_KEY: KEY, TOKENHUB_API_TOKEN: token });
    try {
      const [, url] = await waitFor(serve, /listening on (\S+) /);
      assert.ok(!serve.stdout().includes('API token'));
      const models = await new OpenAI({ baseURL: `${url}/v1`, apiKey: token, maxRetries: 0 }).models.list();
      assert.deepEqual(models.data.map((m) => m.id), ['auto', 'fast', 'tight']);
      serve.child.kill('SIGINT');
      assert.equal(await serve.exited, 0);
    } finally {
      serve.child.kill('SIGKILL');
    }
  });

  it('refuses a config with several problems, printing every one, and exits non-zero', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({
        server: { port: 'eighty' },
        routing: { max_attempts: 0 },
        providers: [{ name: 'x', type: 'gemini' }],
        models: [{ id: 'm', provider: 'nobody', name: 'm', context_size: -5 }],
      }),
    );
    const run = tokenhub(['serve', '--config', bad, '--port', '0']);
    assert.equal(await run.exited, 1);
    const text = run.stderr();
    for (const path of ['server.port', 'routing.max_attempts', 'providers[0].type', 'models[0].provider', 'models[0].context_size']) assert.ok(text.includes(path), `${path} in\n${text}`);
    assert.match(text, /5 problems/);
    assert.ok(!run.stdout().includes('listening'));

    // A value from the environment is named by its variable, never shown: it may be a key.
    const leaky = join(dir, 'leaky.json');
    await writeFile(leaky, JSON.stringify({ server: { port: '${K}' }, routing: { cooldown_ms: '${K}' } }));
    const refused = tokenhub(['serve', '--config', leaky, '--port', '0'], { K: KEY });
    assert.equal(await refused.exited, 1);
    assert.match(refused.stderr(), /server\.port: expected an integer from 0 to 65535, found the value of \$\{K\}/);
    assert.match(refused.stderr(), /routing\.cooldown_ms: expected an integer of at least 0, found the value of \$\{K\}/);
    assert.ok(!refused.stderr().includes(KEY) && !refused.stdout().includes(KEY), refused.stderr());

    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{\n  "providers": [\n}');
    const syntax = tokenhub(['models', '--config', broken]);
    assert.equal(await syntax.exited, 1);
    assert.match(syntax.stderr(), /line 3/);
  });

  it('lists the models with scores, contexts, costs and provider state', async () => {
    const run = tokenhub(['models', '--config', config], { FAKE_KEY: KEY });
    assert.equal(await run.exited, 0, run.stderr());
    const lines = run.stdout().split('\n');
    assert.match(lines[0]!, /^ID\s+PROVIDER\s+NAME\s+SCORE\s+CONTEXT\s+\$\/1K\s+CAPABILITIES\s+STATE$/);
    assert.match(lines[1]!, /^fast\s+fake\s+gpt-fake\s+69\.98\s+16000\s+0\.002\s+chat,completion\s+ready$/);
    assert.match(run.stdout(), /fake\s+openai\s+ready\s+key: env/);
    assert.match(run.stdout(), /\nBuilt-in catalogue \(used when the config lists no models\): @pydantic\/genai-prices@0\.1\.8, prices as of 2026-09-23\.\n$/);
    assert.ok(!run.stdout().includes(KEY));
    const noKey = tokenhub(['models', '--config', config, '--json']);
    assert.equal(await noKey.exited, 0);
    const parsed = JSON.parse(noKey.stdout()) as { providers: { state: string; key: string }[]; models: { id: string; score: number }[] };
    assert.deepEqual(parsed.providers[0], { name: 'fake', type: 'openai', state: 'no_key', key: 'none' });
    assert.equal(parsed.models[0]!.id, 'fast');
  });

  it('without a config, lists the catalogue\'s models with their capabilities, its source and its date', async () => {
    const run = tokenhub(['models', '--vault', join(dir, 'no-vault.json')], { ANTHROPIC_API_KEY: 'sk-ant-CLICANARY' });
    assert.equal(await run.exited, 0, run.stderr());
    const out = run.stdout();
    assert.match(out, /^claude-fable-5-1\s+anthropic\s+claude-fable-5-1\s+96\.8\s+1000000\s+0\.02\s+chat,completion,code,tools,vision,json,reasoning\s+ready$/m);
    assert.match(out, /^claude-haiku-4-5\s+anthropic\s+claude-haiku-4-5\s+75\.98\s+200000\s+0\.002\s+chat,completion,code,tools,vision,json,reasoning\s+ready$/m);
    assert.ok(!/gpt-|text-embedding/.test(out), 'no OpenAI models without an OpenAI key');
    assert.match(out, /Providers \(built-in default\):\n\s+anthropic\s+anthropic\s+ready\s+key: env/);
    assert.match(out, /@pydantic\/genai-prices@0\.1\.8, prices as of 2026-09-23/);
    assert.ok(!out.includes('CLICANARY'));
    const json = tokenhub(['models', '--json', '--vault', join(dir, 'no-vault.json')], { ANTHROPIC_API_KEY: 'sk-ant-CLICANARY' });
    assert.equal(await json.exited, 0, json.stderr());
    const parsed = JSON.parse(json.stdout()) as { catalogue: unknown; models: { id: string; cacheReadCostPer1k?: number }[] };
    assert.deepEqual(parsed.catalogue, { source: '@pydantic/genai-prices@0.1.8', as_of: '2026-09-23' });
    assert.equal(parsed.models.find((m) => m.id === 'claude-sonnet-5')?.cacheReadCostPer1k, 0.0002);
  });

  it('prints help and version', async () => {
    const help = tokenhub(['--help']);
    assert.equal(await help.exited, 0);
    assert.match(help.stdout(), /tokenhub serve \[--config FILE\] \[--host H\] \[--port N\]/);
    const serveHelp = tokenhub(['serve', '--help']);
    assert.equal(await serveHelp.exited, 0);
    assert.match(serveHelp.stdout(), /--log-level/);
    const ver = tokenhub(['--version']);
    assert.equal(await ver.exited, 0);
    assert.equal(ver.stdout(), `${version}\n`);
    const usage = tokenhub(['serve', '--port', 'abc']);
    assert.equal(await usage.exited, 2);
    assert.match(usage.stderr(), /--port must be a number/);
  });
});
