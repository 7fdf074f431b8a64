// The CLI's side of the vault: the vault file (a VaultStorage), atomic writes, and the two
// `vault` fields it needs from the config file.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TokenhubError } from '../core/base/errors';
import type { SealedRecords, VaultStorage } from '../core/vault/vault';

/** The default env var holding the base64 master key. */
export const DEFAULT_KEY_ENV = 'TOKENHUB_ENCRYPTION_KEY';
/** The vault file's name beside the config file, or in the working directory. */
export const VAULT_FILE_NAME = 'tokenhub-vault.json';

const FORMAT = 'tokenhub-vault';
const VERSION = 1;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes `text` so that `path` holds either the old or the new contents, never a part: a temp
 * file in the same directory (so rename stays on one file system), mode 0600, fsync, rename.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const directory = dirname(path);
  const temp = join(directory, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    // The mode given to open is narrowed by the umask, never widened; chmod makes it exact.
    await handle.chmod(0o600);
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  // Flush the directory entry so the rename survives a crash; not possible on every platform.
  try {
    const dir = await open(directory, 'r');
    await dir.sync().finally(() => dir.close());
  } catch {
    // Best effort.
  }
}

/**
 * The vault file: `{"format":"tokenhub-vault","version":1,"records":{name: sealed record}}`.
 * A missing file is an empty vault; it is created, mode 0600, on the first change.
 */
export class FileVaultStorage implements VaultStorage {
  constructor(readonly path: string) {}

  async load(): Promise<SealedRecords> {
    const text = await readIfExists(this.path);
    if (text === undefined) return {};
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new TokenhubError('invalid_input', `The vault file ${this.path} is not valid JSON.`);
    }
    if (!isObject(json) || json.format !== FORMAT) {
      throw new TokenhubError('invalid_input', `${this.path} is not a Tokenhub vault file.`);
    }
    if (typeof json.version === 'number' && json.version > VERSION) {
      throw new TokenhubError('invalid_input', `The vault file ${this.path} was written by a newer version of Tokenhub (version ${json.version}); upgrade Tokenhub to use it.`);
    }
    if (json.version !== VERSION || !isObject(json.records)) {
      throw new TokenhubError('invalid_input', `The vault file ${this.path} is malformed.`);
    }
    return json.records as SealedRecords;
  }

  async save(records: SealedRecords): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify({ format: FORMAT, version: VERSION, records }, null, 2)}\n`);
  }
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
