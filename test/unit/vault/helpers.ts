// Shared test fixtures: a memory storage that can be told to fail, a cheap scrypt cost for
// the many-run tests (the production default is exercised separately), and error matchers.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { isTokenhubError } from '../../../src/core/base/errors';
import type { SealedRecords, VaultStorage } from '../../../src/core/vault/vault';

/** A key that must never show up in any message. */
export const SECRET = 'sk-test-SECRET-0123456789abcdefghij';

/** scrypt cost for tests only: fast enough to run thousands of times. */
export const TEST_KDF = { N: 2 ** 10, r: 1, p: 1 } as const;

export const masterKey = (): Buffer => randomBytes(32);

/** Memory storage; `failSaves` makes every save throw, as a full disk would. */
export class MemoryStorage implements VaultStorage {
  records: Record<string, string> = {};
  failSaves = false;
  saves = 0;

  async load(): Promise<SealedRecords> {
    return { ...this.records };
  }

  async update(change: (current: SealedRecords) => SealedRecords | undefined): Promise<SealedRecords> {
    const next = change({ ...this.records });
    if (next === undefined) return { ...this.records };
    if (this.failSaves) throw new Error('disk full');
    this.saves += 1;
    this.records = { ...next };
    return { ...next };
  }
}

/** Asserts `run` throws a clear vault error matching `message`, and never leaks a key. */
export function assertVaultError(error: unknown, message: RegExp, secrets: string[] = [SECRET]): void {
  assert.ok(isTokenhubError(error, 'invalid_input'), `expected a TokenhubError, got ${String(error)}`);
  assert.match(error.message, message);
  for (const secret of secrets) assert.ok(!error.message.includes(secret), 'the message contains a key');
}

export function throwsVaultError(run: () => unknown, message: RegExp): void {
  let result: unknown;
  try {
    result = run();
  } catch (error) {
    assertVaultError(error, message);
    return;
  }
  assert.fail(`expected an error, got a result of type ${typeof result}`);
}

export async function rejectsVaultError(run: () => Promise<unknown>, message: RegExp): Promise<void> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    assertVaultError(error, message);
    return;
  }
  assert.fail(`expected an error, got a result of type ${typeof result}`);
}

/** Every single-bit variant of `bytes`: each position, each of the 8 bits. */
export function* bitFlips(bytes: Buffer): Generator<{ position: number; bit: number; bytes: Buffer }> {
  for (let position = 0; position < bytes.length; position++) {
    for (let bit = 0; bit < 8; bit++) {
      const copy = Buffer.from(bytes);
      copy[position] = (copy[position] as number) ^ (1 << bit);
      yield { position, bit, bytes: copy };
    }
  }
}
