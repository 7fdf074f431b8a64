import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributes } from '../../package.json';
import { activateTokenhub } from './extension';
import { ScriptedFeatureUi } from './featureFixtures';

describe('commands', () => {
  before(async () => {
    await activateTokenhub();
  });

  it('registers every command that package.json declares', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const declared = contributes.commands.map((command) => command.command);
    assert.ok(declared.length >= 12, 'DESIGN.md lists twelve commands');
    const missing = declared.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('registers no tokenhub.* command that package.json does not declare', async () => {
    const declared = new Set(contributes.commands.map((command) => command.command));
    const extra = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('tokenhub.') && !declared.has(id));
    assert.deepEqual(extra, []);
  });

  it('Ask… dismissed without a prompt does nothing', async () => {
    const { testing } = await activateTokenhub();
    testing.features.setUi(new ScriptedFeatureUi([undefined]));
    try {
      assert.deepEqual(await vscode.commands.executeCommand('tokenhub.ask'), { status: 'dismissed' });
    } finally {
      testing.features.setUi(undefined);
    }
  });

  it('shows the log', async () => {
    await vscode.commands.executeCommand('tokenhub.showLog');
  });
});
