// Start/Stop Local API and Copy Local API Token end to end, and the first-run messages: no key,
// every provider failed (with the reasons), a config with problems.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/vscode/api';
import type { AskOutcome } from '../../src/vscode/askCommand';
import type { LocalApiState } from '../../src/vscode/tokenhubService';
import { ScriptedFeatureUi, setSetting, startFakesSettings, useFeatureHost, waitFor } from './featureFixtures';
import type { FakeSetup } from './featureFixtures';

describe('local API and first-run messages', function () {
  this.timeout(60_000);
  let testing: TestingHooks;
  let fakes: FakeSetup;

  useFeatureHost(
    (t, f) => {
      testing = t;
      fakes = f;
    },
    { setUp: () => setSetting('server.port', 0), tearDown: () => vscode.commands.executeCommand('tokenhub.stopLocalApi') },
  );

  it('Start Local API serves the models to a client holding the token from Copy Local API Token; Stop ends it', async () => {
    const ui = new ScriptedFeatureUi();
    testing.features.setUi(ui);
    const state = await vscode.commands.executeCommand<LocalApiState>('tokenhub.startLocalApi');
    assert.ok(state.port > 0);
    assert.match(ui.shown[0]?.message ?? '', new RegExp(`listens on http://127\\.0\\.0\\.1:${state.port}/v1`));
    assert.equal(testing.features.statusText().startsWith(`$(radio-tower) Tokenhub :${state.port} · $`), true, testing.features.statusText());

    await vscode.commands.executeCommand('tokenhub.copyLocalApiToken');
    const token = await vscode.env.clipboard.readText();
    assert.match(token, /^thk-[\w-]{43}$/);
    const refused = await fetch(`${state.url}/v1/models`);
    assert.equal(refused.status, 401);
    const models = await fetch(`${state.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(models.status, 200);
    const ids = ((await models.json()) as { data: { id: string }[] }).data.map((m) => m.id);
    assert.ok(ids.includes('fake-gpt') && ids.includes('fake-claude'), ids.join(', '));

    const chat = await fetch(`${state.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hi' }] }),
    });
    assert.equal(chat.status, 200);
    assert.equal(chat.headers.get('x-tokenhub-model'), 'fake-gpt');

    // The same token again: made once, kept in SecretStorage.
    await vscode.commands.executeCommand('tokenhub.copyLocalApiToken');
    assert.equal(await vscode.env.clipboard.readText(), token);

    assert.equal(await vscode.commands.executeCommand('tokenhub.stopLocalApi'), true);
    await assert.rejects(fetch(`${state.url}/health`));
    assert.ok(testing.features.statusText().startsWith('$(hubot) Tokenhub · $'));
    assert.equal(await vscode.commands.executeCommand('tokenhub.stopLocalApi'), false);
  });

  it('tokenhub.server.enabled starts and stops the local API on the configured port', async () => {
    testing.features.setUi(new ScriptedFeatureUi());
    await setSetting('server.enabled', true);
    await waitFor('the local API', () => testing.features.service.localApi !== undefined);
    const api = testing.features.service.localApi;
    assert.ok(api && api.port !== 8080, 'port 0 picked a free port');
    const health = await fetch(`${api.url}/health`);
    assert.equal(health.status, 200);
    await setSetting('server.enabled', false);
    await waitFor('the local API to stop', () => testing.features.service.localApi === undefined);
  });

  it('tokenhub.configFile is the base and the tokenhub.models setting overrides its models', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tokenhub-config-'));
    const file = join(dir, 'tokenhub.json');
    await writeFile(file, JSON.stringify({
      providers: [{ name: 'from-file', type: 'openai', base_url: fakes.openai.url, api_key_env: 'TOKENHUB_TEST_OPENAI_KEY' }],
      models: [{ id: 'file-model', provider: 'from-file', name: 'gpt-fake', context_size: 16000, capabilities: ['chat'] }],
    }));
    try {
      await setSetting('providers', undefined);
      await setSetting('models', undefined);
      await setSetting('configFile', file);
      const ui = new ScriptedFeatureUi([undefined, undefined]);
      testing.features.setUi(ui);
      await vscode.commands.executeCommand('tokenhub.showModels');
      assert.deepEqual(ui.offered[0]?.map((i) => i.label), ['file-model']);
      await setSetting('models', [{ id: 'setting-model', provider: 'from-file', name: 'gpt-fake', context_size: 16000, capabilities: ['chat'] }]);
      await vscode.commands.executeCommand('tokenhub.showModels');
      assert.deepEqual(ui.offered[1]?.map((i) => i.label), ['setting-model']);
      await writeFile(file, '{ "providers": [ }');
      await setSetting('models', undefined);
      await vscode.commands.executeCommand('tokenhub.showModels');
      assert.match(ui.errors()[0]?.message ?? '', /tokenhub\.json has 1 problem/);
    } finally {
      await setSetting('configFile', undefined);
      await rm(dir, { recursive: true, force: true });
      await startFakesSettings(fakes);
    }
  });

  it('every provider failed: the message lists each model with its reason', async () => {
    const ui = new ScriptedFeatureUi(['hello']);
    testing.features.setUi(ui);
    fakes.openai.fail('server_error').fail('server_error');
    fakes.anthropic.fail('overloaded').fail('overloaded');
    const outcome = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    assert.equal(outcome.status, 'failed');
    const [error] = ui.errors();
    assert.ok(error, 'an error was shown');
    assert.match(error.message, /Every candidate failed/);
    assert.match(error.message, /fake-gpt \(fake-openai\): server/);
    assert.match(error.message, /fake-claude \(fake-anthropic\): overloaded/);
    assert.ok(error.actions.includes('Show Log'));
  });

  it('no provider has a key: says so and offers Set API Key…', async () => {
    const ui = new ScriptedFeatureUi(['hello', 'Review this']);
    testing.features.setUi(ui);
    await setSetting('providers', [{ name: 'fake-openai', type: 'openai', base_url: fakes.openai.url, api_key_env: 'TOKENHUB_TEST_UNSET_KEY' }]);
    await setSetting('models', [{ id: 'fake-gpt', provider: 'fake-openai', name: 'gpt-fake', context_size: 16000, capabilities: ['chat'] }]);
    delete process.env.TOKENHUB_TEST_UNSET_KEY;
    const requests = fakes.openai.requests.length;
    assert.equal((await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask')).status, 'failed');
    await vscode.commands.executeCommand('tokenhub.runAdversarial');
    assert.equal(fakes.openai.requests.length, requests, 'nothing was sent');
    const errors = ui.errors();
    assert.equal(errors.length, 2);
    for (const error of errors) {
      assert.match(error.message, /No provider has an API key \(fake-openai\)/);
      assert.ok(error.actions.includes('Set API Key…'), error.actions.join());
    }
  });

  it('no model fits: the prompt is larger than every context', async () => {
    const ui = new ScriptedFeatureUi(['x '.repeat(40_000)]);
    testing.features.setUi(ui);
    await setSetting('models', [{ id: 'fake-tiny', provider: 'fake-openai', name: 'gpt-fake', context_size: 1000, capabilities: ['chat'] }]);
    await setSetting('providers', [{ name: 'fake-openai', type: 'openai', base_url: fakes.openai.url, api_key_env: 'TOKENHUB_TEST_OPENAI_KEY' }]);
    assert.equal((await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask')).status, 'failed');
    assert.match(ui.errors()[0]?.message ?? '', /does not fit any configured model's context.*fake-tiny/s);
  });

  it('a config with problems is refused with every problem listed', async () => {
    const ui = new ScriptedFeatureUi(['hello']);
    testing.features.setUi(ui);
    await setSetting('models', [{ id: 'broken', provider: 'nowhere', name: 'x', context_size: -1 }]);
    assert.equal((await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask')).status, 'failed');
    const [error] = ui.errors();
    assert.match(error?.message ?? '', /settings has \d+ problems? and was not applied/);
    assert.match(error?.message ?? '', /models\[0\]/);
    assert.ok(error?.actions.includes('Open Settings'));
  });
});
