// Activation: builds the host ports and registers commands. This layer translates; it never decides.
import * as vscode from 'vscode';
import { version } from '../../package.json';
import type { TestingHooks, TokenhubApi } from './api';
import { registerCommands } from './commands';
import { activateFeatures } from './features';
import { registerLanguageModelProvider } from './languageModelProvider';
import { channelLogger } from './logger';
import { SecretStorageMasterKeyStore } from './masterKeyStore';
import { readSettings } from './settings';
import { createVaultHost } from './vaultHost';
import { vaultTestingHooks } from './vaultTesting';

export function activate(context: vscode.ExtensionContext): TokenhubApi {
  const log = vscode.window.createOutputChannel('Tokenhub', { log: true });
  context.subscriptions.push(log);
  const logger = channelLogger(log);
  const masterKeyStore = new SecretStorageMasterKeyStore(context.secrets);

  // Keys: the vault (SecretStorage master key, sealed records in global storage), then api_key_env.
  const vault = createVaultHost(context, masterKeyStore, logger);
  const keys = vault.keys;
  // The Tokenhub service (rebuilt when settings or keys change), status bar, panel serializer.
  const features = activateFeatures(context, { keys, onDidChangeKeys: vault.onDidChange, storedKeyNames: () => vault.names(), logger });
  context.subscriptions.push(
    ...registerCommands({ extension: context, log, logger, masterKeyStore, keys, onDidChangeKeys: vault.onDidChange, vault, features: features.host }),
  );
  // Tokenhub's models in VS Code's Language Model API (Copilot Chat's picker, `vscode.lm`), where VS Code has it.
  const languageModels = registerLanguageModelProvider({ service: features.host.service, logger });
  if (languageModels) context.subscriptions.push(languageModels);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('tokenhub')) logger.log('info', 'settings changed');
    }),
  );

  // The extension activates on startup only so that an enabled local API can start with VS Code.
  const settings = readSettings();
  logger.log('info', 'activated', { version, localApi: settings.server.enabled });

  if (context.extensionMode !== vscode.ExtensionMode.Test) return { version };
  const testing: TestingHooks = {
    readSettings: () => readSettings(),
    secrets: {
      store: async (key, value) => context.secrets.store(testKey(key), value),
      get: async (key) => context.secrets.get(testKey(key)),
      delete: async (key) => context.secrets.delete(testKey(key)),
    },
    masterKeyStore,
    vault: vaultTestingHooks(context, vault, logger),
    features: features.testing,
    languageModels: { registered: languageModels !== undefined },
  };
  return { version, testing };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}

function testKey(key: string): string {
  if (!key.startsWith('tokenhub.test.')) throw new Error('Testing hooks may only touch SecretStorage keys under "tokenhub.test.".');
  return key;
}
