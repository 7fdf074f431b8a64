// The CLI's KeySource: provider keys from the vault file when a master key is present, else from
// the environment variables named by each provider's `api_key_env`. The vault wins when both exist.
import { resolve, dirname } from 'node:path';
import { loadConfigFile } from '../core/config/file';
import { defaultConfig } from '../core/config/parse';
import type { ConfigWarning, Env, ParsedConfig, TokenhubConfig } from '../core/config/types';
import type { ProviderConfig } from '../core/providers/adapter';
import type { KeySource } from '../core/router/ports';
import { Vault } from '../core/vault/vault';
import { EnvMasterKeyStore } from './masterKey';
import { FileVaultStorage } from '../core/vault/fileStorage';
import { VAULT_FILE_NAME, readVaultConfig } from './vaultFile';
import { own } from '../core/formats/codec';

/** Where the CLI finds its vault: the file, and the master key's variable. */
export interface VaultLocation {
  /** The vault file: `--vault`, else beside the config file, else in the working directory. */
  path: string;
  /** `vault.encryption_key_env` from the config (default `TOKENHUB_ENCRYPTION_KEY`). */
  keyEnv: string;
  /** `vault.stored_keys` from the config, read-only. */
  storedKeys: Readonly<Record<string, string>>;
}

/** Resolves the vault file and master key variable the way `tokenhub vault` does. */
export async function locateVault(configPath: string | undefined, vaultPath: string | undefined, cwd: string): Promise<VaultLocation> {
  const config = await readVaultConfig(configPath);
  const path = resolve(cwd, vaultPath ?? (configPath === undefined ? VAULT_FILE_NAME : resolve(dirname(configPath), VAULT_FILE_NAME)));
  return { path, keyEnv: config.keyEnv, storedKeys: config.storedKeys };
}

/**
 * The opened vault keys by provider name, or none when no master key is set. Every record is
 * opened once at start, so a wrong master key or a tampered record stops `serve` with a message
 * naming the record instead of failing requests later. Keys stay in this process's memory, as
 * keys from environment variables do.
 */
export async function openVaultKeys(location: VaultLocation, env: Env, warn?: (message: string) => void): Promise<Map<string, string>> {
  const keys = new Map<string, string>();
  const master = own(env, location.keyEnv);
  if (master === undefined || master.trim() === '') return keys;
  const vault = await Vault.load(await new EnvMasterKeyStore(env, location.keyEnv).getOrCreate(), new FileVaultStorage(location.path, { warn }), {
    readOnlyRecords: location.storedKeys,
  });
  for (const name of vault.names()) {
    const key = vault.get(name);
    if (key !== undefined) keys.set(name, key);
  }
  return keys;
}

/** A KeySource over the opened vault keys and the environment: the vault wins. */
export class CliKeySource implements KeySource {
  private readonly fromEnv = new Map<string, string>();

  constructor(
    private readonly vaultKeys: ReadonlyMap<string, string>,
    providers: readonly ProviderConfig[],
    env: Env,
  ) {
    for (const provider of providers) {
      const value = provider.apiKeyEnv === undefined ? undefined : own(env, provider.apiKeyEnv);
      if (value !== undefined && value !== '') this.fromEnv.set(provider.name, value);
    }
  }

  async get(provider: string): Promise<string | undefined> {
    return this.vaultKeys.get(provider) ?? this.fromEnv.get(provider);
  }

  /** Where a provider's key comes from, for `tokenhub models` (never the key itself). */
  sourceOf(provider: string): 'vault' | 'env' | 'none' {
    return this.vaultKeys.has(provider) ? 'vault' : this.fromEnv.has(provider) ? 'env' : 'none';
  }
}

/** What `serve` and `models` start from: the validated config, its warnings, and the keys. */
export interface CliSetup {
  config: TokenhubConfig;
  warnings: readonly ConfigWarning[];
  keys: CliKeySource;
  /** The config file used, or undefined for the built-in default. */
  configPath: string | undefined;
}

/**
 * Loads the config (or the built-in default) and the keys. Throws a `ConfigError` listing every
 * problem when the config is invalid; vault errors name the record, never a key.
 */
export async function loadSetup(configFile: string | undefined, vaultFile: string | undefined, env: Env, cwd: string): Promise<CliSetup> {
  const configPath = configFile === undefined ? undefined : resolve(cwd, configFile);
  let location: VaultLocation;
  try {
    location = await locateVault(configPath, vaultFile, cwd);
  } catch (error) {
    // A file that cannot be read or parsed: the config loader says so with line and column.
    if (configPath !== undefined) await loadConfigFile(configPath, env);
    throw error;
  }
  const vaultWarnings: ConfigWarning[] = [];
  const vaultKeys = await openVaultKeys(location, env, (message) => vaultWarnings.push({ path: '', message }));
  const storedKeyNames = [...vaultKeys.keys()];
  const parsed: ParsedConfig =
    configPath === undefined ? { config: defaultConfig(env, storedKeyNames), warnings: [] } : await loadConfigFile(configPath, env, { storedKeyNames });
  return { ...parsed, warnings: [...vaultWarnings, ...parsed.warnings], keys: new CliKeySource(vaultKeys, parsed.config.providers, env), configPath };
}
