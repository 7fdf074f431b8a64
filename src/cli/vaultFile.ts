// The CLI's side of the vault: where its file lives and the two `vault` fields it needs from the
// config file. The file itself (FileVaultStorage, atomic writes) is in src/core/vault/fileStorage.ts.
import { TokenhubError } from '../core/base/errors';
import { readIfExists } from '../core/vault/fileStorage';
import type { SealedRecords } from '../core/vault/vault';

/** The default env var holding the base64 master key. */
export const DEFAULT_KEY_ENV = 'TOKENHUB_ENCRYPTION_KEY';
/** The vault file's name beside the config file, or in the working directory. */
export const VAULT_FILE_NAME = 'tokenhub-vault.json';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the vault commands take from a config file. */
export interface VaultConfig {
  /** The env var holding the base64 master key (`vault.encryption_key_env`). */
  keyEnv: string;
  /** `vault.stored_keys`: sealed records by provider name, read-only here. */
  storedKeys: SealedRecords;
}

/**
 * Reads `vault.encryption_key_env` and `vault.stored_keys` from a config file; without a file,
 * the defaults. Only these two fields are looked at: the full config is checked by `serve`.
 */
export async function readVaultConfig(path: string | undefined): Promise<VaultConfig> {
  if (path === undefined) return { keyEnv: DEFAULT_KEY_ENV, storedKeys: {} };
  const text = await readIfExists(path);
  if (text === undefined) throw new TokenhubError('invalid_input', `The config file ${path} does not exist.`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TokenhubError('invalid_input', `The config file ${path} is not valid JSON.`);
  }
  const vault = isObject(json) ? json.vault : undefined;
  if (vault === undefined) return { keyEnv: DEFAULT_KEY_ENV, storedKeys: {} };
  const problem = (what: string): TokenhubError => new TokenhubError('invalid_input', `${path}: ${what}.`);
  if (!isObject(vault)) throw problem('"vault" must be an object');
  const keyEnv = vault.encryption_key_env ?? DEFAULT_KEY_ENV;
  if (typeof keyEnv !== 'string' || !ENV_NAME.test(keyEnv)) throw problem('"vault.encryption_key_env" must be an environment variable name');
  const storedKeys = vault.stored_keys ?? {};
  if (!isObject(storedKeys) || Object.values(storedKeys).some((record) => typeof record !== 'string')) {
    throw problem('"vault.stored_keys" must map provider names to sealed records (strings)');
  }
  return { keyEnv, storedKeys: storedKeys as SealedRecords };
}
