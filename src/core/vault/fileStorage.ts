// Sealed records in a JSON file, written atomically: the CLI's vault file and VS Code's file in
// the extension's global storage are the same format, so either host can open the other's file.
// Every change is a read-modify-write under a lock file, so writers in several processes (CLI
// runs, VS Code windows) never lose each other's changes.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TokenhubError } from '../base/errors';
import { acquireFileLock } from './fileLock';
import type { FileLockOptions } from './fileLock';
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
  /** Waiting for, and recovering, the lock file held around each change (`PATH.lock`). */
  lock?: FileLockOptions;
  /**
   * Told once when the file can be read or written by other users (a mode beyond 0600): the
   * CLI prints it, VS Code logs it. Sealed records are not keys, but the names are in clear and
   * a writable file can be replaced.
   */
  warn?: (message: string) => void;
}

/**
 * The vault file: `{"format":"tokenhub-vault","version":1,"records":{name: sealed record}}`.
 * A missing file is an empty vault; it is created, mode 0600, on the first change.
 */
export class FileVaultStorage implements VaultStorage {
  private warnedMode = false;

  constructor(
    readonly path: string,
    private readonly options: FileVaultStorageOptions = {},
  ) {}

  async load(): Promise<SealedRecords> {
    const text = await readIfExists(this.path);
    if (text === undefined) return {};
    await this.checkMode();
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

  /**
   * Under the lock file: reads the records as they are now (another process may have changed
   * them), applies `change`, and writes the result atomically unless `change` returns undefined.
   * A writer that cannot get the lock in time throws, naming the holder, and changes nothing.
   */
  async update(change: (current: SealedRecords) => SealedRecords | undefined): Promise<SealedRecords> {
    if (this.options.createDirectory === true) await mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const lock = await acquireFileLock(`${this.path}.lock`, `The vault file ${this.path}`, this.options.lock);
    try {
      const current = await this.load();
      const next = change(current);
      if (next === undefined) return current;
      // The rename below is the commit: a lock taken over as stale meanwhile must not be overwritten.
      await lock.verify();
      await writeFileAtomic(this.path, `${JSON.stringify({ format: FORMAT, version: VERSION, records: next }, null, 2)}\n`);
      return next;
    } finally {
      await lock.release();
    }
  }

  private async checkMode(): Promise<void> {
    if (this.warnedMode || this.options.warn === undefined || process.platform === 'win32') return;
    const mode = (await stat(this.path)).mode & 0o777;
    if ((mode & 0o077) === 0) return;
    this.warnedMode = true;
    const octal = mode.toString(8).padStart(4, '0');
    this.options.warn(`The vault file ${this.path} can be read or written by other users (mode ${octal}); run "chmod 600 ${this.path}" (Tokenhub writes it 0600 on its next change).`);
  }
}
