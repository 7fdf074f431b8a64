// Issue #11 "Tests", as users run it: a real `tokenhub serve` process (the bundle esbuild makes for
// package.json's `bin`) over an OpenAI and an Anthropic fake, and the openai SDK's runTools
// completing tool loops through it, signed thinking across turns included.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import OpenAI from 'openai';
import { lastToolResults } from '../../fixtures/fakeUpstream/inspect';
import { startFakeUpstream, type FakeUpstream } from '../../fixtures/fakeUpstream/server';
import { callThenAnswer } from '../../fixtures/fakeUpstream/toolScripts';
import { messagesOf, weatherTool } from './helpers';

const ROOT = resolve(__dirname, '../../..');
const KEYS = { OPENAI_FAKE_KEY: 'sk-serve-openai-7f6e5d', ANTHROPIC_FAKE_KEY: 'sk-serve-anthropic-4c3b2a' };
const TOKEN = 'tok-fidelity-serve-0123456789';

describe('fidelity: tool loops through a real `tokenhub serve`', function () {
  this.timeout(60_000);
  let dir: string;
  let openai: FakeUpstream;
  let anthropic: FakeUpstream;
  let child: ChildProcessWithoutNullStreams;
  let output = '';
  let client: OpenAI;

  before(async () => {
    execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT });
    openai = await startFakeUpstream({ dialect: 'openai', apiKey: KEYS.OPENAI_FAKE_KEY });
    anthropic = await startFakeUpstream({ dialect: 'anthropic', apiKey: KEYS.ANTHROPIC_FAKE_KEY });
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-fidelity-'));
    const config = join(dir, 'config.json');
    const capabilities = ['chat', 'tools', 'vision', 'json', 'reasoning'];
    await writeFile(
      config,
      JSON.stringify({
        providers: [
          { name: 'oa', type: 'openai', base_url: openai.url, api_key_env: 'OPENAI_FAKE_KEY' },
          { name: 'an', type: 'anthropic', base_url: anthropic.url, api_key_env: 'ANTHROPIC_FAKE_KEY' },
        ],
        models: [
          { id: 'gpt', provider: 'oa', name: 'gpt-4o', weight: 80, cost_per_1k: 0.005, context_size: 128000, capabilities },
          { id: 'claude', provider: 'an', name: 'claude-sonnet-4-5', weight: 70, cost_per_1k: 0.006, context_size: 200000, capabilities },
        ],
        model_aliases: { 'claude-*': 'claude' },
      }),
    );
    child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'serve', '--config', config, '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', TOKENHUB_API_TOKEN: TOKEN, ...KEYS },
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const until = Date.now() + 20_000;
    let url: string | undefined;
    while (!(url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1])) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`tokenhub serve did not start:\n${output}`);
      await new Promise((done) => setTimeout(done, 25));
    }
    client = new OpenAI({ baseURL: `${url}/v1`, apiKey: TOKEN, maxRetries: 0 });
  });

  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((done) => child.once('close', done));
      child.kill('SIGTERM');
      await exited;
    }
    await Promise.all([openai?.close(), anthropic?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const ASK = [{ role: 'user' as const, content: 'What is the weather in Paris?' }];

  for (const [model, fake] of [['gpt', () => openai], ['claude', () => anthropic]] as const) {
    for (const stream of [false, true]) {
      it(`runTools to the ${model === 'gpt' ? 'openai' : 'anthropic'} provider completes its loop (${stream ? 'streamed' : 'whole'})`, async () => {
        fake().setDefault(callThenAnswer());
        const before = fake().requests.length;
        const calls: unknown[] = [];
        const params = { model, messages: ASK, tools: [weatherTool(calls)] };
        const runner = stream ? client.chat.completions.runTools({ ...params, stream: true }) : client.chat.completions.runTools(params);
        assert.equal(await runner.finalContent(), 'The tool said: sunny in Paris.');
        assert.deepEqual(calls, [{ city: 'Paris' }]);
        assert.equal(fake().requests.length - before, 2);
        assert.equal(lastToolResults(fake().last)[0]!.text, 'sunny in Paris');
      });
    }
  }

  it('a Claude name (aliased) with thinking: the signed thinking goes back on the next turn', async () => {
    anthropic.setDefault(callThenAnswer({ onCall: { reasoning: { text: 'The weather needs a tool.' } } }));
    const runner = client.chat.completions.runTools({ model: 'claude-opus-4-1', messages: ASK, tools: [weatherTool()], stream: true, reasoning_effort: 'low' });
    assert.equal(await runner.finalContent(), 'The tool said: sunny in Paris.');
    const assistant = messagesOf(anthropic.last).find((m) => m.role === 'assistant')!;
    const [thinking] = assistant.content as { type: string; thinking: string; signature: string }[];
    assert.equal(thinking!.type, 'thinking');
    assert.ok(anthropic.signatures.verifies(thinking!.signature, thinking!.thinking));
    assert.ok(!output.includes(KEYS.OPENAI_FAKE_KEY) && !output.includes(KEYS.ANTHROPIC_FAKE_KEY));
  });
});
