// "Add Provider…" end to end in the real host, scripted as a person answers it: the type, a name,
// the base URL (the convention checked by what the server answers), the key into the vault, the
// models from the provider's own list (else the catalogue's), the settings written, and the key
// checked by the cheapest real call, reported as works / wrong key / not reachable.
import * as assert from 'node:assert/strict';
import { createServer } from 'node:net';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/vscode/api';
import type { AddProviderOutcome } from '../../src/vscode/addProvider';
import type { AskOutcome } from '../../src/vscode/askHost';
import type { FakeUpstream } from '../fixtures/fakeUpstream/server';
import { startFakeUpstream } from '../fixtures/fakeUpstream/server';
import { contentText, ScriptedFeatureUi, setSetting, startFakesSettings, useFeatureHost, waitFor } from './featureFixtures';
import type { FakeSetup } from './featureFixtures';

const TYPE_LABELS = ['OpenAI', 'Anthropic', 'OpenAI-compatible server'];

interface ProviderSetting {
  name: string;
  type: string;
  base_url?: string;
  api_key_env?: string;
}
interface ModelSetting {
  id: string;
  provider: string;
  name: string;
  context_size: number;
}

const providersSetting = () => vscode.workspace.getConfiguration('tokenhub').get<ProviderSetting[]>('providers') ?? [];
const modelsSetting = () => vscode.workspace.getConfiguration('tokenhub').get<ModelSetting[]>('models') ?? [];

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('Add Provider', function () {
  this.timeout(60_000);
  let testing: TestingHooks;
  let fakes: FakeSetup;
  const extra: FakeUpstream[] = [];

  useFeatureHost(
    (t, f) => {
      testing = t;
      fakes = f;
    },
    {
      tearDown: async () => {
        await Promise.all(extra.map((up) => up.close()));
      },
    },
  );
  afterEach(async () => {
    for (const session of [...testing.features.askSessions()]) session.dispose();
    for (const name of ['local', 'work', 'lab']) await testing.vault.host.remove(name);
    await startFakesSettings(fakes);
  });

  async function run(ui: ScriptedFeatureUi, command = 'tokenhub.addProvider'): Promise<AddProviderOutcome | undefined> {
    testing.features.setUi(ui);
    const outcome = await vscode.commands.executeCommand<AddProviderOutcome | undefined>(command);
    ui.assertDone();
    return outcome;
  }

  it('finds an OpenAI-compatible server\'s models under /v1 when typed without it, writes the settings, and says it works', async () => {
    const up = await startFakeUpstream({ dialect: 'vllm', models: [{ id: 'Qwen/Qwen3-8B', maxModelLen: 32768 }, { id: 'llama-3.1-8b', maxModelLen: 8192 }] });
    extra.push(up);
    const ui = new ScriptedFeatureUi(['OpenAI-compatible server', 'local', up.origin, '', ['Qwen/Qwen3-8B']]);
    const outcome = await run(ui);
    assert.deepEqual(ui.offered[0]?.map((i) => i.label), TYPE_LABELS);
    assert.match(ui.validations.join('\n'), /warning: OpenAI-compatible servers usually serve under \/v1/);
    assert.deepEqual(ui.preselected[0], ['Qwen/Qwen3-8B', 'llama-3.1-8b'], 'a local server\'s few models start checked');
    assert.equal(outcome?.check.verdict, 'works');
    assert.deepEqual(up.requests.map((r) => `${r.method} ${r.path}`), ['GET /models', 'GET /v1/models', 'GET /v1/models']);

    assert.deepEqual(providersSetting().at(-1), { name: 'local', type: 'vllm', base_url: up.url });
    assert.deepEqual(providersSetting().map((p) => p.name), ['fake-openai', 'fake-anthropic', 'local'], 'the others are kept');
    const qwen = modelsSetting().find((m) => m.provider === 'local');
    assert.deepEqual([qwen?.id, qwen?.name, qwen?.context_size], ['Qwen/Qwen3-8B', 'Qwen/Qwen3-8B', 32768]);
    assert.ok(modelsSetting().some((m) => m.id === 'fake-gpt'), 'the other models are kept');
    const info = ui.shown.find((s) => s.level === 'info');
    assert.equal(info?.message, `Tokenhub: local works (at ${up.url}: ${up.origin} answered nothing): it lists 2 models. local is saved with 1 model.`);
    assert.deepEqual(ui.errors(), []);

    // The router now serves the new provider's model.
    up.setDefault({ text: 'From the local server.' });
    testing.features.setUi(new ScriptedFeatureUi(['Hello?']));
    const session = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    assert.equal(session.status, 'done');
    session.session?.pickModel('Qwen/Qwen3-8B');
    assert.equal(await session.session?.followUp('Again?'), 'done');
    assert.equal((up.last.body as { model: string }).model, 'Qwen/Qwen3-8B');
  });

  it('offers the catalogue when the key is refused, saves it, says so with Set API Key…, and works once the right key is given', async () => {
    const up = await startFakeUpstream({ dialect: 'openai', apiKey: 'sk-right-key-4567', models: [{ id: 'gpt-5.5' }, { id: 'gpt-5.4-mini-2026-01-10' }, { id: 'whisper-1' }] });
    extra.push(up);
    const wrong = 'sk-wrong-key-1234567';
    const first = new ScriptedFeatureUi(['OpenAI', 'work', up.url, wrong, ['gpt-5.5']]);
    const refused = await run(first);
    assert.equal(refused?.check.verdict, 'wrong_key');
    assert.ok((first.offered[1]?.length ?? 0) > 5, 'the catalogue\'s OpenAI models were offered');
    assert.ok(first.offered[1]?.every((i) => i.description?.includes('tokens')));
    const [error] = first.errors();
    assert.equal(error?.message, 'Tokenhub: work refused the key. work is saved with 1 model; set the right key.');
    assert.deepEqual(error?.actions, ['Set API Key…', 'Show Details']);
    assert.match(testing.features.reporter.details, /refused the API key \(HTTP 401/);
    for (const text of [...first.shown.map((s) => s.message), testing.features.reporter.details]) assert.ok(!text.includes(wrong), 'no message shows the key');
    assert.equal(await testing.vault.host.keys.get('work'), wrong, 'the key typed is in the vault');

    const second = new ScriptedFeatureUi(['OpenAI', 'work', up.url, 'sk-right-key-4567', ['gpt-5.5', 'gpt-5.4-mini-2026-01-10']]);
    const works = await run(second);
    assert.equal(works?.check.verdict, 'works');
    assert.match(second.validations.join('\n'), /warning: Replaces the provider "work" and its models/);
    assert.deepEqual(second.preselected[0], ['gpt-5.5', 'gpt-5.4-mini-2026-01-10'], 'the catalogue\'s chat models start checked; whisper does not');
    assert.equal(second.offered[1]?.find((i) => i.label === 'whisper-1')?.detail?.startsWith("Not in Tokenhub's catalogue: context 8,192 tokens assumed"), true);
    assert.equal(second.shown.find((s) => s.level === 'info')?.message, 'Tokenhub: work works: the key was accepted and 3 models are listed. work is saved with 2 models.');
    assert.deepEqual(providersSetting().filter((p) => p.name === 'work'), [{ name: 'work', type: 'openai', base_url: up.url }]);
    assert.deepEqual(modelsSetting().filter((m) => m.provider === 'work').map((m) => [m.id, m.context_size]), [['gpt-5.5', 1_000_000], ['gpt-5.4-mini-2026-01-10', 400_000]]);
  });

  it('refuses a malformed URL as it is typed, and reports a server that is not running as not reachable, with Add Provider…', async () => {
    const port = await closedPort();
    const ui = new ScriptedFeatureUi(['OpenAI-compatible server', 'lab', 'not a url', `http://127.0.0.1:${port}/v1`, '', 'my-model, other-model']);
    const outcome = await run(ui);
    assert.match(ui.validations[0] ?? '', /^error: "not a url" is not a URL; type one such as http:\/\/127\.0\.0\.1:8000\/v1\.$/);
    assert.equal(outcome?.check.verdict, 'not_reachable');
    assert.match(ui.inputs.at(-1)?.prompt ?? '', /lab listed no models/);
    const [error] = ui.errors();
    assert.equal(error?.message, `Tokenhub: nothing answered at http://127.0.0.1:${port}/v1. Is the server running, and is the URL right? lab is saved with 2 models.`);
    assert.deepEqual(error?.actions, ['Add Provider…', 'Show Details']);
    assert.deepEqual(modelsSetting().filter((m) => m.provider === 'lab').map((m) => [m.id, m.context_size]), [['my-model', 8192], ['other-model', 8192]]);
  });

  it('asks the question typed before setup once Add Provider made a provider work', async () => {
    assert.deepEqual(await testing.vault.host.names(), [], 'no key in the vault: nothing else can answer');
    await setSetting('providers', undefined);
    await setSetting('models', undefined);
    const ask = new ScriptedFeatureUi(['What is 6 × 7?']);
    testing.features.setUi(ask);
    assert.equal((await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask')).status, 'waiting');
    assert.match(ask.shown[0]?.message ?? '', /No provider is set up yet/);
    assert.deepEqual(ask.shown[0]?.actions, ['Add Provider…']);
    assert.equal((await testing.features.statusBar.refresh())?.kind, 'no_provider');
    assert.equal(testing.features.statusBar.item.command, 'tokenhub.addProvider');

    const up = await startFakeUpstream({ dialect: 'vllm', models: [{ id: 'answerer', maxModelLen: 4096 }] });
    extra.push(up);
    up.setDefault({ text: '42.' });
    const ui = new ScriptedFeatureUi(['OpenAI-compatible server', 'local', up.url, '', ['answerer']], (_message, actions) => (actions.includes('Ask Now') ? 'Ask Now' : undefined));
    await run(ui, 'tokenhub.manageProviders');
    await waitFor('the kept question asked', () => testing.features.askSessions().length > 0);
    const session = testing.features.askSessions().at(-1)!;
    assert.equal(await session.turn, 'done');
    assert.equal(session.conversation.turns[0]?.text, '42.');
    const body = up.last.body as { messages: { content: unknown }[] };
    assert.equal(contentText(body.messages.at(-1)?.content), 'What is 6 × 7?');
    assert.equal((await testing.features.statusBar.refresh())?.kind, 'ready');
    assert.match(testing.features.statusText(), /^\$\(hubot\) Tokenhub · \$/);
  });

  it('changes nothing when dismissed', async () => {
    const before = JSON.stringify([providersSetting(), modelsSetting()]);
    await run(new ScriptedFeatureUi(['Anthropic', 'anthropic', undefined]));
    assert.equal(JSON.stringify([providersSetting(), modelsSetting()]), before);
  });
});
