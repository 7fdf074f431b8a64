// Sealed records in a JSON file, written atomically: the CLI's vault file and VS Code's file in
// the extension's global storage are the same format, so either host can open the other's file.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TokenhubError } from '../base/errors';
import type { SealedRecords, VaultStorage } from './vault';

const FORMAT = 'tokenhub-vault';
const VERSION = 1;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `path` as UTF-8, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
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

/** Choices for {@link FileVaultStorage}. */
export interface FileVaultStorageOptions {
  /**
   * Create the file's directory (mode 0700) on the first save. VS Code's global storage folder
   * does not exist until an extension writes there; the CLI's file sits beside the config.
   */
  createDirectory?: boolean;
}

/**
 * The vault file: `{"format":"tokenhub-vault","version":1,"records":{name: sealed record}}`.
 * A missing file is an empty vault; it is created, mode 0600, on the first change.
 */
export class FileVaultStorage implements VaultStorage {
  constructor(
    readonly path: string,
    private readonly options: FileVaultStorageOptions = {},
  ) {}

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
    if (this.options.createDirectory === true) await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.path, `${JSON.stringify({ format: FORMAT, version: VERSION, records }, null, 2)}\n`);
  }
}
