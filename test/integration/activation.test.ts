import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { version } from '../../package.json';
import type { TokenhubApi } from '../../src/vscode/api';
import { extensionId } from './extension';

describe('activation', () => {
  it('finds, activates and keeps Tokenhub active', async () => {
    const extension = vscode.extensions.getExtension<TokenhubApi>(extensionId);
    assert.ok(extension, `${extensionId} is not installed in the host`);
    const api = await extension.activate();
    assert.equal(extension.isActive, true);
    assert.equal(api.version, version);
    assert.equal(extension.packageJSON.main, './dist/extension.js');
  });

  // Part of the smoke run, so it runs on 1.100.3 (no provider API: Tokenhub activates without it) and on 1.139.1.
  const hasProviderApi = typeof (vscode.lm as unknown as Record<string, unknown> | undefined)?.registerLanguageModelChatProvider === 'function';
  it(`${hasProviderApi ? 'registers' : 'activates without'} the Language Model provider (VS Code ${vscode.version})`, async () => {
    const api = await vscode.extensions.getExtension<TokenhubApi>(extensionId)?.activate();
    assert.equal(api?.testing?.languageModels.registered, hasProviderApi);
    assert.ok(api?.testing?.languageModels, 'testing hooks');
  });

  it('exposes testing hooks only because this host runs tests', async () => {
    const extension = vscode.extensions.getExtension<TokenhubApi>(extensionId);
    const api = await extension?.activate();
    assert.ok(api?.testing, 'ExtensionMode.Test should expose the testing hooks');
  });
});
