// Which VS Code the suite runs in, checked from inside its extension host: the launcher says which
// host it started (TOKENHUB_EXPECT_VSCODE, TOKENHUB_EXPECT_NODE), and the titles print what was found,
// so the output of each run shows where it ran. Also the anchor of the Language Model provider work:
// `vscode.lm.registerLanguageModelChatProvider` is there from VS Code 1.104 on and absent before.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** VS Code finalized `registerLanguageModelChatProvider` (and `languageModelChatProviders`) in 1.104. */
const lmProviderApiSince = [1, 104] as const;

function atLeast(version: string, [major, minor]: readonly [number, number]): boolean {
  const [gotMajor = 0, gotMinor = 0] = version.split('.').map(Number);
  return gotMajor > major || (gotMajor === major && gotMinor >= minor);
}

describe('host', () => {
  it(`is VS Code ${vscode.version} (${vscode.env.appHost}, ${vscode.UIKind[vscode.env.uiKind]}), the version the launcher started`, () => {
    const expected = process.env.TOKENHUB_EXPECT_VSCODE;
    assert.ok(expected, 'TOKENHUB_EXPECT_VSCODE is not set: run the suite through scripts/host/run-tests.js or scripts/electron/run-tests.js');
    assert.equal(vscode.version, expected);
  });

  it(`runs its extension host on Node ${process.version}, the one the launcher gave it`, function () {
    const expected = process.env.TOKENHUB_EXPECT_NODE;
    if (!expected) this.skip(); // desktop VS Code runs on its own Electron's Node
    assert.equal(process.version, expected);
  });

  const hasProviderApi = atLeast(vscode.version, lmProviderApiSince);
  it(`${hasProviderApi ? 'offers' : 'has no'} vscode.lm.registerLanguageModelChatProvider (VS Code ${vscode.version} ${hasProviderApi ? '≥' : '<'} ${lmProviderApiSince.join('.')})`, () => {
    // @types/vscode follows engines.vscode (1.100), which has no such function: look it up untyped.
    const lm = vscode.lm as unknown as Record<string, unknown> | undefined;
    assert.equal(typeof lm?.selectChatModels, 'function', 'vscode.lm.selectChatModels is there since 1.90');
    assert.equal(typeof lm?.registerLanguageModelChatProvider, hasProviderApi ? 'function' : 'undefined');
  });
});
