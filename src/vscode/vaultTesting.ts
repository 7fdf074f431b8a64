import type * as vscode from 'vscode';
import type { Logger, MasterKeyStore } from '../core/ports';
import { SecretStorageMasterKeyStore } from './masterKeyStore';
import { vaultHandlers } from './vaultCommands';
import type { VaultCommandId } from './vaultCommands';
import { VaultHost } from './vaultHost';
import type { VaultHostOptions } from './vaultHost';
import type { VaultUi } from './vaultUi';
import { windowUi } from './vaultUi';

/** The in-host tests' view of the vault (ExtensionMode.Test only). */
export interface VaultTestingHooks {
  /** The host behind the registered commands and the extension's KeySource. */
  readonly host: VaultHost;
  /** Answers the vault commands' prompts; undefined puts `vscode.window` back. */
  setUi(ui: VaultUi | undefined): void;
  /** A new master-key store over the same SecretStorage, as a reloaded window makes. */
  newMasterKeyStore(): MasterKeyStore;
  /** A new host over the same file and a new master-key store, as after a reload; `options` override. */
  reopen(options?: Partial<VaultHostOptions>): VaultHost;
  /** Runs a vault command's handler over another host (say, one whose SecretStorage fails). */
  run(id: VaultCommandId, host: VaultHost): Promise<void>;
}

/** Builds the vault's testing hooks over the extension's host. */
export function vaultTestingHooks(context: vscode.ExtensionContext, host: VaultHost, logger: Logger): VaultTestingHooks {
  const newMasterKeyStore = (): MasterKeyStore => new SecretStorageMasterKeyStore(context.secrets);
  return {
    host,
    setUi: (ui) => {
      host.ui = ui ?? windowUi;
    },
    newMasterKeyStore,
    reopen: (options = {}) =>
      new VaultHost({
        masterKeyStore: newMasterKeyStore(),
        file: host.storage.path,
        providerEnv: () => undefined,
        providerNames: () => host.providerNames(),
        logger,
        ...options,
      }),
    run: async (id, other) => {
      await vaultHandlers({ vault: other, logger })[id]();
    },
  };
}
