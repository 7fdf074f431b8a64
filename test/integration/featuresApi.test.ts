// Start/Stop Local API and Copy Local API Token end to end (a port in use offers a free one), and
// the first-run messages: no key, every provider failed (one short line each, the trail in the
// details), a config with problems.
import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/vscode/api';
import { createServer } from 'node:net';
import type { AskOutcome } from '../../src/vscode/askHost';
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
    assert.deepEqual(ui.shown[0]?.actions, ['Copy Token', 'Connect a Tool…']);
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

  it('every provider failed: one short line per provider, the whole trail in the details view', async () => {
    const ui = new ScriptedFeatureUi(['hello']);
    testing.features.setUi(ui);
    fakes.openai.fail('server_error').fail('server_error');
    fakes.anthropic.fail('overloaded').fail('overloaded');
    const outcome = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    assert.equal(outcome.status, 'failed');
    const [error] = ui.errors();
    assert.ok(error, 'an error was shown');
    assert.match(error.message, /^Tokenhub: no model answered \(2 tried\)\. fake-openai failed \(fake-gpt: HTTP 500: .*\)\. fake-anthropic is overloaded \(fake-claude: HTTP 529: .*\)\.$/);
    assert.ok(error.message.length < 300, error.message);
    assert.deepEqual(error.actions, ['Show Details']);
    assert.equal(outcome.session?.conversation.turns[0]?.error, error.message, 'the panel shows the same words');
    const details = await testing.features.reporter.showDetails();
    assert.equal(details.isUntitled, false);
    assert.equal(details.uri.scheme, 'tokenhub-details');
    assert.match(details.getText(), /\| 1 \| fake-gpt \| fake-openai \| server: fake-openai failed \(HTTP 500/);
    assert.match(details.getText(), /\| 2 \| fake-claude \| fake-anthropic \| overloaded: /);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    outcome.session?.dispose();
  });

  it('a port in use offers a free port, starts there and keeps it in the settings', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const taken = (blocker.address() as { port: number }).port;
    try {
      await setSetting('server.port', taken);
      const ui = new ScriptedFeatureUi([], (_message, actions) => (actions.includes('Use a Free Port') ? 'Use a Free Port' : undefined));
      testing.features.setUi(ui);
      const state = await vscode.commands.executeCommand<LocalApiState>('tokenhub.startLocalApi');
      assert.match(ui.errors()[0]?.message ?? '', new RegExp(`port ${taken} is in use`));
      assert.deepEqual(ui.errors()[0]?.actions, ['Use a Free Port', 'Open Setting']);
      assert.ok(state.port > 0 && state.port !== taken);
      assert.equal(vscode.workspace.getConfiguration('tokenhub').get('server.port'), state.port);
      await waitFor('the local API on the free port', () => testing.features.service.localApi?.port === state.port);
      const health = await fetch(`${state.url}/health`);
      assert.equal(health.status, 200);
      await vscode.commands.executeCommand('tokenhub.stopLocalApi');
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
      await setSetting('server.port', 0);
    }
  });

  it('no provider has a key: says so before sending anything, and offers Set API Key… and Add Provider…', async () => {
    const ui = new ScriptedFeatureUi(['hello', 'Review this']);
    testing.features.setUi(ui);
    await setSetting('providers', [{ name: 'fake-openai', type: 'openai', base_url: fakes.openai.url, api_key_env: 'TOKENHUB_TEST_UNSET_KEY' }]);
    await setSetting('models', [{ id: 'fake-gpt', provider: 'fake-openai', name: 'gpt-fake', context_size: 16000, capabilities: ['chat'] }]);
    delete process.env.TOKENHUB_TEST_UNSET_KEY;
    const requests = fakes.openai.requests.length;
    assert.equal((await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask')).status, 'waiting');
    await vscode.commands.executeCommand('tokenhub.runAdversarial');
    assert.equal(fakes.openai.requests.length, requests, 'nothing was sent');
    const warnings = ui.shown.filter((s) => s.level === 'warning');
    assert.equal(warnings.length, 2);
    for (const warning of warnings) {
      assert.match(warning.message, /No provider has an API key yet \(fake-openai\)/);
      assert.deepEqual(warning.actions, ['Set API Key…', 'Add Provider…']);
    }
    assert.match(warnings[0]!.message, /Your question is kept/);
    assert.equal(testing.features.ask.pending?.question, 'hello');
    assert.equal((await testing.features.statusBar.refresh())?.kind, 'no_key');
    assert.equal(testing.features.statusText(), '$(warning) Tokenhub: set up');
    assert.equal(testing.features.statusBar.item.command, 'tokenhub.addProvider');
    testing.features.ask.discardPending();
  });

  it('no model fits: the prompt is larger than every context', async () => {
    const ui = new ScriptedFeatureUi(['x '.repeat(40_000)]);
    testing.features.setUi(ui);
    await setSetting('models', [{ id: 'fake-tiny', provider: 'fake-openai', name: 'gpt-fake', context_size: 1000, capabilities: ['chat'] }]);
    await setSetting('providers', [{ name: 'fake-openai', type: 'openai', base_url: fakes.openai.url, api_key_env: 'TOKENHUB_TEST_OPENAI_KEY' }]);
    const outcome = await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask');
    assert.equal(outcome.status, 'failed');
    assert.match(ui.errors()[0]?.message ?? '', /does not fit any configured model's context; shorten it or add a larger model\. fake-openai has no model large enough for the prompt \(fake-tiny: ~\d+ prompt/);
    outcome.session?.dispose();
  });

  it('a config with problems is refused with every problem listed', async () => {
    const ui = new ScriptedFeatureUi(['hello']);
    testing.features.setUi(ui);
    await setSetting('models', [{ id: 'broken', provider: 'nowhere', name: 'x', context_size: -1 }]);
    assert.equal((await vscode.commands.executeCommand<AskOutcome>('tokenhub.ask')).status, 'waiting');
    const [warning] = ui.shown.filter((s) => s.level === 'warning');
    assert.match(warning?.message ?? '', /settings has \d+ problems? and was not applied/);
    assert.match(warning?.message ?? '', /models\[0\]/);
    assert.ok(warning?.actions.includes('Open Settings'));
    const setup = await testing.features.statusBar.refresh();
    assert.equal(setup?.kind, 'invalid_config');
    assert.equal(testing.features.statusBar.item.command, 'tokenhub.showFailureDetails');
    testing.features.ask.discardPending();
  });
});
