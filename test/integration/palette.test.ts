// The palette and the keyboard in the real host: the context keys behind the `when` clauses follow
// the local API and the vault, Ask and the review have keys no VS Code default uses, the
// walkthrough opens, and a tool's connection snippet carries the API's address and token.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestingHooks } from '../../src/vscode/api';
import { activateTokenhub, extensionId } from './extension';
import { ScriptedFeatureUi, setSetting, waitFor } from './featureFixtures';

interface Keybinding {
  key: string;
  command: string;
  when?: string;
}

/** VS Code's default keybindings (extensions' included) as this host resolves them. */
async function defaultKeybindings(): Promise<Keybinding[]> {
  await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
  await waitFor('the default keybindings', () => vscode.window.activeTextEditor?.document.getText().includes('"command"') === true);
  const text = vscode.window.activeTextEditor!.document.getText();
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  // JSON with comments: every comment in this file is a whole line.
  return JSON.parse(text.split('\n').filter((line) => !line.trim().startsWith('//')).join('\n')) as Keybinding[];
}

describe('palette and keyboard', function () {
  this.timeout(60_000);
  let testing: TestingHooks;

  before(async () => {
    ({ testing } = await activateTokenhub());
    await setSetting('server.port', 0);
  });
  after(async () => {
    testing.features.setUi(undefined);
    await setSetting('server.port', undefined);
  });

  it('hides what cannot run: the context keys follow the local API and the vault', async () => {
    const palette = (vscode.extensions.getExtension(extensionId)?.packageJSON as { contributes: { menus: { commandPalette: { command: string; when: string }[] } } }).contributes.menus.commandPalette;
    const when = Object.fromEntries(palette.map((entry) => [entry.command, entry.when]));
    assert.equal(when['tokenhub.stopLocalApi'], 'tokenhub.localApiRunning');
    assert.equal(when['tokenhub.copyLocalApiToken'], 'tokenhub.localApiRunning');
    assert.equal(when['tokenhub.startLocalApi'], '!tokenhub.localApiRunning');
    assert.equal(when['tokenhub.removeApiKey'], 'tokenhub.vaultHasKeys');
    assert.equal(when['tokenhub.exportVault'], 'tokenhub.vaultHasKeys');
    assert.equal(when['tokenhub.adversarialReviewSelection'], 'editorHasSelection');

    testing.features.setUi(new ScriptedFeatureUi());
    await waitFor('the keys set at activation', () => testing.features.contextKeys()['tokenhub.localApiRunning'] === false);
    await vscode.commands.executeCommand('tokenhub.startLocalApi');
    await waitFor('running', () => testing.features.contextKeys()['tokenhub.localApiRunning'] === true);
    await vscode.commands.executeCommand('tokenhub.stopLocalApi');
    await waitFor('stopped', () => testing.features.contextKeys()['tokenhub.localApiRunning'] === false);

    const names = await testing.vault.host.names();
    await testing.vault.host.set('palette-test', 'sk-palette-test-key');
    await waitFor('a key in the vault', () => testing.features.contextKeys()['tokenhub.vaultHasKeys'] === true);
    await testing.vault.host.remove('palette-test');
    if (names.length === 0) await waitFor('an empty vault', () => testing.features.contextKeys()['tokenhub.vaultHasKeys'] === false);
  });

  it('binds Ask and the review to keys that no VS Code default uses', async () => {
    const bindings = await defaultKeybindings();
    const ours = bindings.filter((b) => b.command.startsWith('tokenhub.'));
    assert.deepEqual(ours.map((b) => [b.key, b.command]).sort(), [['ctrl+k a', 'tokenhub.ask'], ['ctrl+k shift+a', 'tokenhub.adversarialReviewSelection']]);
    for (const binding of ours) {
      const others = bindings.filter((b) => b.key === binding.key && !b.command.startsWith('tokenhub.') && !b.command.startsWith('-'));
      assert.deepEqual(others, [], `${binding.key} is VS Code's too`);
    }
    assert.ok(bindings.length > 500, `read ${bindings.length} default keybindings`);
  });

  it('opens the walkthrough', async () => {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
    await vscode.commands.executeCommand('tokenhub.getStarted');
    await waitFor('a walkthrough tab', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).length > tabs);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('copies a tool\'s connection snippet with the API\'s address and token', async () => {
    const ui = new ScriptedFeatureUi(['Continue']);
    testing.features.setUi(ui);
    await setSetting('server.port', 9123);
    try {
      const snippet = await vscode.commands.executeCommand<string>('tokenhub.copyConnectionSnippet');
      const token = await testing.features.service.apiToken();
      assert.equal(await vscode.env.clipboard.readText(), snippet);
      assert.match(snippet, /^ {4}apiBase: http:\/\/127\.0\.0\.1:9123\/v1$/m);
      assert.ok(snippet.includes(`    apiKey: ${token}`));
      assert.deepEqual(ui.offered[0]?.map((i) => i.label), ['An OpenAI-format client (the openai SDKs, curl, most tools)', 'Claude Code', 'Continue']);
      assert.deepEqual(ui.shown[0]?.actions, ['Start Local API'], 'stopped: offers to start it');
      const claude = await vscode.commands.executeCommand<string>('tokenhub.copyConnectionSnippet', 'claude-code');
      assert.match(claude, /^export ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:9123$/m);
      assert.equal(await vscode.commands.executeCommand('tokenhub.copyConnectionSnippet', 'constructor'), undefined, 'an unknown tool name is asked for, not trusted');
    } finally {
      await setSetting('server.port', 0);
    }
  });
});
