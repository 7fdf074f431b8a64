// A lock file held around one read-modify-write of a shared file (the vault), across processes:
// CLI runs and every VS Code window on a machine write the same vault file. Plain Node, no
// dependency: created with O_EXCL (`wx`), holding who took it; waited for with retries up to a
// bound; recovered when its process is gone or it is older than any real update.
import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { TokenhubError } from '../base/errors';

/** How long to wait for a lock and when to call one stale. */
export interface FileLockOptions {
  /** Longest wait for a lock held by someone else (default 10 s). */
  waitMs?: number;
  /**
   * A lock older than this is stale even when its process seems alive (default 30 s): an update
   * holds it for milliseconds, and a pid can be reused by another program after a crash.
   */
  staleMs?: number;
}

/** What a lock file holds: who took it, when, and a nonce that tells two lockers apart. */
interface LockOwner {
  pid: number;
  host: string;
  /** Epoch milliseconds. */
  created: number;
  nonce: string;
}

const DEFAULT_WAIT_MS = 10_000;
const DEFAULT_STALE_MS = 30_000;

/** A held lock: `verify` before committing the update, `release` always. */
export interface HeldLock {
  /** Throws when the lock is no longer this holder's (another process took it over as stale). */
  verify(): Promise<void>;
  /** Removes the lock file if it is still this holder's. Never throws. */
  release(): Promise<void>;
}

/**
 * Takes the lock file `lockPath`, waiting (with short randomised retries) while another holder
 * has it. A lock whose process is gone (same host) or that is older than `staleMs` is removed
 * and taken. Throws an `unavailable` TokenhubError naming the holder when `waitMs` passes.
 */
export async function acquireFileLock(lockPath: string, what: string, options: FileLockOptions = {}): Promise<HeldLock> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const me: LockOwner = { pid: process.pid, host: hostname(), created: Date.now(), nonce: randomBytes(12).toString('hex') };
  const deadline = Date.now() + waitMs;
  let delay = 5;
  for (;;) {
    me.created = Date.now();
    if (await tryCreate(lockPath, me)) return held(lockPath, me, what);
    const owner = await readOwner(lockPath);
    if (owner === 'gone') continue;
    if (isStale(owner, staleMs)) {
      await breakStale(lockPath, owner);
      continue;
    }
    if (Date.now() >= deadline) throw busy(what, lockPath, owner);
    await new Promise((resolve) => setTimeout(resolve, delay + Math.random() * delay));
    delay = Math.min(delay * 2, 100);
  }
}

/** Creates the lock file with O_EXCL; false when it exists. */
async function tryCreate(lockPath: string, me: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(me), 'utf8');
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * The lock's owner; 'gone' when it vanished meanwhile; or, for a file not (yet) holding a
 * whole owner (its writer is between create and write, or died there), its age by mtime.
 */
async function readOwner(lockPath: string): Promise<LockOwner | { unreadableSince: number; text: string } | 'gone'> {
  let text: string;
  let mtime: number;
  try {
    text = await readFile(lockPath, 'utf8');
    mtime = (await stat(lockPath)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid === 'number' && typeof owner.host === 'string' && typeof owner.created === 'number' && typeof owner.nonce === 'string') {
      return owner as LockOwner;
    }
  } catch {
    // Not (yet) an owner: judged by its age below.
  }
  return { unreadableSince: mtime, text };
}

function isStale(owner: LockOwner | { unreadableSince: number }, staleMs: number): boolean {
  if ('unreadableSince' in owner) return Date.now() - owner.unreadableSince > staleMs;
  if (Date.now() - owner.created > staleMs) return true;
  return owner.host === hostname() && !isAlive(owner.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock without removing a fresh one that replaced it meanwhile: the file is
 * renamed away (only one breaker can win that) and checked to be the one judged stale; if it is
 * not, it is linked back, which fails rather than replacing a lock taken in between.
 */
async function breakStale(lockPath: string, judged: LockOwner | { unreadableSince: number; text: string }): Promise<void> {
  const aside = `${lockPath}.stale.${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another breaker was first
    throw error;
  }
  const text = await readFile(aside, 'utf8').catch(() => '');
  const same = 'nonce' in judged ? text.includes(judged.nonce) : text === judged.text;
  if (!same) await link(aside, lockPath).catch(() => undefined);
  await rm(aside, { force: true });
}

function held(lockPath: string, me: LockOwner, what: string): HeldLock {
  const mine = async (): Promise<boolean> => {
    const text = await readFile(lockPath, 'utf8').catch(() => '');
    return text.includes(me.nonce);
  };
  return {
    async verify() {
      if (!(await mine())) {
        throw new TokenhubError('unavailable', `The lock on ${what} was taken over by another process while this change was being made (it took longer than the lock may be held); nothing was changed. Try again.`);
      }
    },
    async release() {
      try {
        if (await mine()) await rm(lockPath, { force: true });
      } catch {
        // A lock left behind is recovered as stale by the next writer.
      }
    },
  };
}

function busy(what: string, lockPath: string, owner: LockOwner | { unreadableSince: number }): TokenhubError {
  const who = 'pid' in owner ? `process ${owner.pid} on ${owner.host}, since ${new Date(owner.created).toISOString()}` : 'a process that is still starting to write it';
  return new TokenhubError(
    'unavailable',
    `${what} is being changed by another process (${who}); gave up waiting, and nothing was changed. Try again; if no Tokenhub process is running, delete ${lockPath}.`,
  );
}
