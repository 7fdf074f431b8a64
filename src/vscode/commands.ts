import * as vscode from 'vscode';
import type { Logger, MasterKeyStore } from '../core/ports';
import type { KeySource } from '../core/router/ports';
import type { CommandId } from './commandIds';
import { featureHandlers } from './featureCommands';
import type { FeatureHost } from './featureCommands';
import type { VaultHost } from './vaultHost';
import { vaultHandlers } from './vaultCommands';

/** What a command needs from the extension; built once in `activate`. */
export interface CommandContext {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly logger: Logger;
  readonly masterKeyStore: MasterKeyStore;
  /** Provider keys: the vault first, then the variables named by `api_key_env`. */
  readonly keys: KeySource;
  /** Fires when a key is set, removed or imported. */
  readonly onDidChangeKeys: vscode.Event<void>;
  /** The vault: SecretStorage master key, sealed records in global storage; used by the vault commands. */
  readonly vault: VaultHost;
  /** The Tokenhub service, the feature commands' UI and their panels. */
  readonly features: FeatureHost;
}

export type Handler = (...args: unknown[]) => unknown;

/** One handler per contributed command; the record type makes a missing one a compile error. */
function handlers(context: CommandContext): Record<CommandId, Handler> {
  return {
    ...vaultHandlers(context),
    ...featureHandlers(context),
    'tokenhub.showLog': () => context.log.show(true),
  };
}

/** Registers every Tokenhub command; the caller puts the result into `context.subscriptions`. */
export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return Object.entries(handlers(context)).map(([id, handler]) => vscode.commands.registerCommand(id, handler));
}
