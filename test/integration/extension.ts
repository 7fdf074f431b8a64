// Helpers shared by the in-host tests.
import * as vscode from 'vscode';
import type { TestingHooks, TokenhubApi } from '../../src/vscode/api';

export const extensionId = 'tokenhub.tokenhub';

/** Activates Tokenhub and returns its API; fails when the testing hooks are missing. */
export async function activateTokenhub(): Promise<{ api: TokenhubApi; testing: TestingHooks }> {
  const extension = vscode.extensions.getExtension<TokenhubApi>(extensionId);
  if (!extension) throw new Error(`${extensionId} is not loaded in this host.`);
  const api = await extension.activate();
  if (!api.testing) throw new Error('Tokenhub did not expose its testing hooks: is the host in ExtensionMode.Test?');
  return { api, testing: api.testing };
}
