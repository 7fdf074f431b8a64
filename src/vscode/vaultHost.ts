import * as vscode from 'vscode';
import { TokenhubError } from '../core/base/errors';
import type { Env } from '../core/config/types';
import type { Logger, MasterKeyStore } from '../core/ports';
import { silentLogger } from '../core/ports';
import type { KeySource } from '../core/router/ports';
import { openExport } from '../core/vault/envelope';
import { FileVaultStorage } from '../core/vault/fileStorage';
import { Vault } from '../core/vault/vault';
import type { ImportConflict, ImportResult } from '../core/vault/vault';
import type { VaultUi } from './vaultUi';
import { windowUi } from './vaultUi';
import { SettingsProviders } from './vaultProviders';
import { own } from '../core/formats/codec';

/** The vault file's name in the extension's global storage (same format as the CLI's file). */
export const VAULT_STORAGE_FILE = 'vault.json';

/** What a {@link VaultHost} is built from. */
export interface VaultHostOptions {
  /** The master key in SecretStorage. */
  masterKeyStore: MasterKeyStore;
  /** The vault file, usually `globalStorageUri/vault.json`. */
  file: string;
  /** The variable named by a provider's `api_key_env`, the fallback when the vault has no key. */
  providerEnv: (provider: string) => string | undefined;
  /** The configured provider names, offered by "Set API Key…". */
  providerNames: () => readonly string[];
  env?: Env;
  logger?: Logger;
}

/** Where a provider's key comes from; never the key itself. */
export type KeyOrigin = 'vault' | 'env' | 'none';

/** An export file, decrypted and checked, waiting for the user's choice about existing names. */
export interface PendingImport {
  /** Every name in the file, sorted. */
  readonly names: readonly string[];
  /** The names the vault holds already, sorted. */
  readonly existing: readonly string[];
  /** Applies the import all at once; 'fail' refuses when any name exists. */
  apply(onExisting: ImportConflict): Promise<ImportResult>;
}

/**
 * The vault in VS Code: sealed records in a file in global storage, the master key in SecretStorage.
 * Each operation reads the file afresh, so two windows never act on stale records. Crypto, names
 * and conflicts are the core's; this class only connects them to VS Code.
 */
export class VaultHost implements vscode.Disposable {
  /** Provider keys: the vault first, then the variable named by the provider's `api_key_env`. */
  readonly keys: KeySource;
  /** Fires after a key is set, removed or imported here. */
  readonly onDidChange: vscode.Event<void>;
  /** Where the vault commands ask the user; the in-host tests swap it. */
  ui: VaultUi = windowUi;
  readonly storage: FileVaultStorage;
  readonly #changed = new vscode.EventEmitter<void>();
  readonly #env: Env;
  readonly #logger: Logger;
  #masterKey: Buffer | undefined;

  constructor(private readonly options: VaultHostOptions) {
    this.#env = options.env ?? process.env;
    this.#logger = options.logger ?? silentLogger;
    // Shared with every window and with the CLI: each change is made under the file's lock.
    this.storage = new FileVaultStorage(options.file, { createDirectory: true, warn: (message) => this.#logger.log('warn', `vault: ${message}`) });
    this.onDidChange = this.#changed.event;
    this.keys = { get: (provider) => this.#key(provider) };
  }

  /** The stored key names, sorted. Names are in clear in the file, so no master key is needed. */
  async names(): Promise<string[]> {
    return Object.keys(await this.storage.load()).sort();
  }

  /** The configured provider names (see {@link VaultHostOptions.providerNames}). */
  providerNames(): readonly string[] {
    return this.options.providerNames();
  }

  /** Where the key for `provider` would come from. */
  async originOf(provider: string): Promise<KeyOrigin> {
    if ((await this.names()).includes(provider)) return 'vault';
    return this.#fromEnv(provider) === undefined ? 'none' : 'env';
  }

  async set(name: string, key: string): Promise<void> {
    await (await this.#open()).set(name, key);
    this.#changed.fire();
  }

  /** Removes `name`; false when it was not there. */
  async remove(name: string): Promise<boolean> {
    const removed = await (await this.#open()).remove(name);
    if (removed) this.#changed.fire();
    return removed;
  }

  /** Every key sealed under `passphrase` in the export envelope (DESIGN.md "Vault"). */
  async export(passphrase: string, includeNames: boolean): Promise<{ text: string; count: number }> {
    const vault = await this.#open();
    return { text: await vault.export(passphrase, { includeNames }), count: vault.names().length };
  }

  /** Decrypts and checks an export file; nothing changes until `apply`. */
  async openImport(text: string, passphrase: string): Promise<PendingImport> {
    const keys = await openExport(text, passphrase);
    const stored = new Set(await this.names());
    const names = [...keys.keys()].sort();
    return {
      names,
      existing: names.filter((name) => stored.has(name)),
      apply: async (onExisting) => {
        const result = await (await this.#open()).importKeys(keys, { onExisting });
        if (result.added.length + result.overwritten.length > 0) this.#changed.fire();
        return result;
      },
    };
  }

  dispose(): void {
    this.#changed.dispose();
  }

  async #key(provider: string): Promise<string | undefined> {
    let stored: boolean;
    try {
      stored = (await this.names()).includes(provider);
    } catch (error) {
      this.#logger.log('warn', 'vault: the vault file cannot be read; using the environment', { reason: messageOf(error) });
      stored = false;
    }
    // A stored key that will not open is an error naming the record, never a silent fallback.
    if (stored) return (await this.#open()).get(provider);
    return this.#fromEnv(provider);
  }

  #fromEnv(provider: string): string | undefined {
    const variable = this.options.providerEnv(provider);
    const value = variable === undefined ? undefined : own(this.#env, variable);
    return value === undefined || value === '' ? undefined : value;
  }

  async #open(): Promise<Vault> {
    return Vault.load(await this.#masterKeyOrExplain(), this.storage);
  }

  async #masterKeyOrExplain(): Promise<Buffer> {
    if (this.#masterKey) return this.#masterKey;
    try {
      this.#masterKey = await this.options.masterKeyStore.getOrCreate();
      return this.#masterKey;
    } catch (error) {
      throw new TokenhubError(
        'unavailable',
        `VS Code's secret storage, which holds the vault's master key, is not available (${messageOf(error)}). Nothing was stored or changed: Tokenhub never keeps keys in clear. Keys can still come from environment variables (api_key_env).`,
        { cause: error },
      );
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The extension's VaultHost: the file in global storage, the master key in SecretStorage, and the
 * providers from settings unless `providerEnv` says where each provider's variable is.
 */
export function createVaultHost(
  context: vscode.ExtensionContext,
  masterKeyStore: MasterKeyStore,
  logger: Logger,
  providerEnv?: (provider: string) => string | undefined,
): VaultHost {
  const providers = new SettingsProviders(logger);
  const host = new VaultHost({
    masterKeyStore,
    file: vscode.Uri.joinPath(context.globalStorageUri, VAULT_STORAGE_FILE).fsPath,
    providerEnv: providerEnv ?? ((name) => providers.envOf(name)),
    providerNames: () => providers.list().map((provider) => provider.name),
    logger,
  });
  context.subscriptions.push(providers, host);
  return host;
}
