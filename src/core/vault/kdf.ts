// Passphrase → key for exports: scrypt with parameters written into the export, so they can be
// raised later and old exports still open. An import runs whatever the file states, so the
// bounds below are what keep a hostile file from making scrypt eat the machine.
import { scrypt } from 'node:crypto';
import { TokenhubError } from '../base/errors';

/** scrypt parameters as written in an export envelope's `kdf` field. */
export interface ScryptParams {
  name: 'scrypt';
  /** CPU/memory cost, a power of two. */
  N: number;
  /** Block size. */
  r: number;
  /** Parallelism. */
  p: number;
  /** Derived key length in bytes: always 32 (AES-256). */
  keyLength: number;
  /** The memory limit handed to Node's scrypt, in bytes; derived from N and r when absent. */
  maxmem?: number;
}

/**
 * The 2026 default: N=2^17, r=8, p=1 (128 MiB, about 0.6 s on a small 2-core machine), above
 * OWASP's scrypt minimum (N=2^17, r=8, p=1) for password storage. Raise, never lower.
 */
export const DEFAULT_SCRYPT: Readonly<ScryptParams> = Object.freeze({
  name: 'scrypt',
  N: 2 ** 17,
  r: 8,
  p: 1,
  keyLength: 32,
  maxmem: 256 * 1024 * 1024,
});

/** What an import accepts. The memory and work ceilings are 4x and 16x the default. */
export const SCRYPT_LIMITS = Object.freeze({
  minLogN: 10,
  maxLogN: 20,
  maxR: 32,
  maxP: 16,
  /** Ceiling for 128·N·r, scrypt's working memory. */
  maxMemory: 512 * 1024 * 1024,
  /** Ceiling for N·r·p, a proxy for the time spent. */
  maxWork: 2 ** 24,
});

/** Passphrases shorter than this are refused when exporting. */
export const MIN_PASSPHRASE_LENGTH = 8;
const MAX_PASSPHRASE_LENGTH = 1024;

/** The bytes Node's (OpenSSL's) scrypt needs for these parameters. */
export function scryptMemory(N: number, r: number, p: number): number {
  return 128 * r * (N + p + 2);
}

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Returns why `kdf` is out of bounds, or undefined when it may be run. */
export function scryptProblem(kdf: Partial<ScryptParams>): string | undefined {
  const { N, r, p, keyLength, maxmem } = kdf;
  const { minLogN, maxLogN, maxR, maxP, maxMemory, maxWork } = SCRYPT_LIMITS;
  if (kdf.name !== 'scrypt') return 'kdf.name must be "scrypt"';
  if (!isInt(N, 2 ** minLogN, 2 ** maxLogN) || (N & (N - 1)) !== 0) {
    return `kdf.N must be a power of two from 2^${minLogN} to 2^${maxLogN}`;
  }
  if (!isInt(r, 1, maxR)) return `kdf.r must be an integer from 1 to ${maxR}`;
  // scrypt's own rule (RFC 7914: N < 2^(128·r/8)); OpenSSL reports it as "memory limit exceeded".
  if (16 * r < 53 && N >= 2 ** (16 * r)) return `kdf.N must be below 2^${16 * r} when kdf.r is ${r}`;
  if (!isInt(p, 1, maxP)) return `kdf.p must be an integer from 1 to ${maxP}`;
  if (keyLength !== 32) return 'kdf.keyLength must be 32';
  if (128 * N * r > maxMemory) return `kdf.N and kdf.r need more than ${maxMemory / 2 ** 20} MiB`;
  if (N * r * p > maxWork) return 'kdf.N, kdf.r and kdf.p together ask for too much work';
  if (maxmem !== undefined && !isInt(maxmem, scryptMemory(N, r, p), 2 * maxMemory)) {
    return 'kdf.maxmem is too small for N and r, or too large';
  }
  return undefined;
}

/** Checks the passphrase for an export (length) or an import (present). */
export function assertPassphrase(passphrase: unknown, forExport: boolean): asserts passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) {
    throw new TokenhubError('invalid_input', 'The passphrase is empty.');
  }
  const length = [...passphrase.normalize('NFC')].length;
  if (forExport && length < MIN_PASSPHRASE_LENGTH) {
    throw new TokenhubError('invalid_input', `The passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters long.`);
  }
  if (length > MAX_PASSPHRASE_LENGTH) {
    throw new TokenhubError('invalid_input', `The passphrase must be at most ${MAX_PASSPHRASE_LENGTH} characters long.`);
  }
}

/**
 * Derives the 32-byte key. The passphrase is NFC-normalised so the same words typed on
 * another system (which may compose accents differently) give the same key.
 */
export function deriveKey(passphrase: string, salt: Buffer, kdf: ScryptParams): Promise<Buffer> {
  const problem = scryptProblem(kdf);
  if (problem !== undefined) return Promise.reject(new UnsafeKdfError(problem));
  const maxmem = kdf.maxmem ?? scryptMemory(kdf.N, kdf.r, kdf.p);
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, key?: Buffer) => {
      if (!error) resolve(key as Buffer);
      // Node checks the parameters before running and throws synchronously; OpenSSL's text
      // ("memory limit exceeded") would be all the user saw.
      else if ((error as NodeJS.ErrnoException).code === 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS') {
        reject(new UnsafeKdfError('kdf.N, kdf.r and kdf.p need more memory than kdf.maxmem allows, or break a rule of scrypt', error));
      } else reject(new TokenhubError('invalid_input', 'The passphrase could not be turned into a key.', { cause: error }));
    };
    try {
      scrypt(passphrase.normalize('NFC'), salt, kdf.keyLength, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem }, done);
    } catch (error) {
      done(error as Error);
    }
  });
}

/** scrypt parameters that may not be run; `problem` names the field, as `scryptProblem` does. */
export class UnsafeKdfError extends TokenhubError {
  constructor(
    readonly problem: string,
    cause?: unknown,
  ) {
    super('invalid_input', `Unsafe scrypt parameters: ${problem}.`, cause === undefined ? {} : { cause });
  }
}
