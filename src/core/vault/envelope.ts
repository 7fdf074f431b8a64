// The export file: a versioned JSON envelope sealed with a key derived from a passphrase, so
// keys can move to another machine (with another master key). Sample, version 1:
//
//   {
//     "format": "tokenhub-vault-export",
//     "version": 1,
//     "created_at": "2026-11-28T10:00:00.000Z",
//     "kdf": { "name": "scrypt", "N": 131072, "r": 8, "p": 1, "keyLength": 32, "maxmem": 268435456 },
//     "names": ["anthropic", "openai"],            ← only when the user asks for names in clear
//     "salt": "<base64, 16 bytes>", "iv": "<base64, 12 bytes>", "tag": "<base64, 16 bytes>",
//     "ciphertext": "<base64 of AES-256-GCM over {"entries":[{"name","key"}…]}>"
//   }
//
// Every header field (format, version, created_at, kdf, salt, names) is bound in as additional
// data, so raising or lowering the kdf parameters or editing the names makes opening fail.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenhubError } from '../base/errors';
import { decodeBase64 } from './encoding';
import { DEFAULT_SCRYPT, UnsafeKdfError, assertPassphrase, deriveKey, scryptProblem } from './kdf';
import type { ScryptParams } from './kdf';

export const EXPORT_FORMAT = 'tokenhub-vault-export';
export const EXPORT_VERSION = 1;
/** Export files larger than this are refused before parsing. */
export const MAX_EXPORT_BYTES = 4 * 1024 * 1024;

/** The export file's JSON, version 1 (see the sample at the top of this file). */
export interface ExportEnvelope {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  created_at: string;
  kdf: ScryptParams;
  /** The key names in clear, sorted; present only when the user chose to include them. */
  names?: string[];
  salt: string;
  iv: string;
  tag: string;
  ciphertext: string;
}

/** Choices for {@link sealExport}. */
export interface SealExportOptions {
  /** Write the key names in clear (they are authenticated either way). Default false. */
  includeNames?: boolean;
  /** scrypt cost; the default is {@link DEFAULT_SCRYPT}. Lower it only in tests. */
  kdf?: Pick<ScryptParams, 'N' | 'r' | 'p'>;
  /** The `created_at` time; defaults to now. */
  now?: Date;
}

const FIELDS = new Set(['format', 'version', 'created_at', 'kdf', 'names', 'salt', 'iv', 'tag', 'ciphertext']);
const KDF_FIELDS = new Set(['name', 'N', 'r', 'p', 'keyLength', 'maxmem']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const WRONG_PASSPHRASE = 'The passphrase is wrong, or the export file was altered.';

function refused(why: string): TokenhubError {
  return new TokenhubError('invalid_input', `The export file cannot be imported: ${why}.`);
}

function additionalData(envelope: Omit<ExportEnvelope, 'iv' | 'tag' | 'ciphertext'>): Buffer {
  const { kdf } = envelope;
  const header = [envelope.format, envelope.version, envelope.created_at, kdf.name, kdf.N, kdf.r, kdf.p, kdf.keyLength, kdf.maxmem ?? null, envelope.salt, envelope.names ?? null];
  return Buffer.from(`${EXPORT_FORMAT}\0${JSON.stringify(header)}`, 'utf8');
}

/** Seals `keys` (name → key) into an export file's text. */
export async function sealExport(keys: ReadonlyMap<string, string>, passphrase: string, options: SealExportOptions = {}): Promise<string> {
  assertPassphrase(passphrase, true);
  const cost = options.kdf ?? DEFAULT_SCRYPT;
  // Twice scrypt's working memory: headroom that still stays within the import bounds.
  const kdf: ScryptParams = { name: 'scrypt', N: cost.N, r: cost.r, p: cost.p, keyLength: 32, maxmem: 256 * cost.N * cost.r };
  const names = [...keys.keys()].sort();
  const salt = randomBytes(16).toString('base64');
  const header = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    created_at: (options.now ?? new Date()).toISOString(),
    kdf,
    ...(options.includeNames === true ? { names } : {}),
    salt,
  } as const;
  const key = await deriveKey(passphrase, Buffer.from(salt, 'base64'), kdf);
  const payload = Buffer.from(JSON.stringify({ entries: names.map((name) => ({ name, key: keys.get(name) })) }), 'utf8');
  try {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
    cipher.setAAD(additionalData(header));
    const ciphertext = Buffer.concat([cipher.update(payload), cipher.final()]);
    const envelope: ExportEnvelope = {
      ...header,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    };
    return `${JSON.stringify(envelope, null, 2)}\n`;
  } finally {
    key.fill(0);
    payload.fill(0);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function base64Field(json: Record<string, unknown>, field: string, min: number, max: number): string {
  const value = json[field];
  const bytes = typeof value === 'string' ? decodeBase64(value) : undefined;
  if (bytes === undefined || bytes.length < min || bytes.length > max) {
    throw refused(`"${field}" must be base64 of ${min === max ? min : `${min} to ${max}`} bytes`);
  }
  return value as string;
}

/**
 * Parses and checks a whole export file without decrypting it: format, version (a newer one
 * is named as such), fields, kdf bounds, base64 and lengths.
 */
export function parseExport(text: string): ExportEnvelope {
  if (Buffer.byteLength(text, 'utf8') > MAX_EXPORT_BYTES) throw refused(`it is larger than ${MAX_EXPORT_BYTES / 2 ** 20} MiB`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw refused('it is not valid JSON');
  }
  if (!isRecord(json) || json.format !== EXPORT_FORMAT) throw refused('it is not a Tokenhub vault export');
  // The version is checked before the fields so a newer file says "newer", not "unknown field".
  const { version } = json;
  if (typeof version === 'number' && Number.isInteger(version) && version > EXPORT_VERSION) {
    throw refused(`it was written by a newer version of Tokenhub (export version ${version}); upgrade Tokenhub to import it`);
  }
  if (version !== EXPORT_VERSION) throw refused('its "version" is not supported');
  const unknown = Object.keys(json).find((field) => !FIELDS.has(field));
  if (unknown !== undefined) throw refused(`it has an unexpected field ${JSON.stringify(unknown.slice(0, 40))}`);
  if (typeof json.created_at !== 'string' || !ISO_TIME.test(json.created_at)) throw refused('"created_at" is not an ISO time');
  const { kdf } = json;
  if (!isRecord(kdf) || Object.keys(kdf).some((field) => !KDF_FIELDS.has(field))) throw refused('"kdf" is malformed');
  const problem = scryptProblem(kdf);
  if (problem !== undefined) throw refused(`unsafe key derivation parameters (${problem})`);
  const { names } = json;
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== 'string'))) {
    throw refused('"names" must be a list of strings');
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    created_at: json.created_at,
    kdf: kdf as unknown as ScryptParams,
    ...(names === undefined ? {} : { names: names as string[] }),
    salt: base64Field(json, 'salt', 16, 64),
    iv: base64Field(json, 'iv', 12, 12),
    tag: base64Field(json, 'tag', 16, 16),
    ciphertext: base64Field(json, 'ciphertext', 1, MAX_EXPORT_BYTES),
  };
}

function parsePayload(plaintext: string, names: string[] | undefined): Map<string, string> {
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    throw refused('its contents are malformed');
  }
  const entries = isRecord(json) ? json.entries : undefined;
  if (!Array.isArray(entries)) throw refused('its contents are malformed');
  const keys = new Map<string, string>();
  for (const entry of entries) {
    if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.key !== 'string' || keys.has(entry.name)) {
      throw refused('its contents are malformed');
    }
    keys.set(entry.name, entry.key);
  }
  if (names !== undefined && JSON.stringify(names) !== JSON.stringify([...keys.keys()].sort())) {
    throw refused('its names in clear do not match its contents');
  }
  return keys;
}

/**
 * Checks and decrypts an export file, returning name → key. Names and keys are returned as
 * found; the caller (Vault.import) validates them before changing anything.
 */
export async function openExport(text: string, passphrase: string): Promise<Map<string, string>> {
  const envelope = parseExport(text);
  assertPassphrase(passphrase, false);
  let key: Buffer;
  try {
    key = await deriveKey(passphrase, Buffer.from(envelope.salt, 'base64'), envelope.kdf);
  } catch (error) {
    // In the words of the bounds checked in parseExport.
    throw error instanceof UnsafeKdfError ? refused(`unsafe key derivation parameters (${error.problem})`) : error;
  }
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(envelope.iv, 'base64'), { authTagLength: 16 });
    decipher.setAAD(additionalData(envelope));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    plaintext = Buffer.concat([decipher.update(Buffer.from(envelope.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new TokenhubError('invalid_input', WRONG_PASSPHRASE);
  } finally {
    key.fill(0);
  }
  try {
    return parsePayload(new TextDecoder('utf-8', { fatal: true }).decode(plaintext), envelope.names);
  } catch (error) {
    throw error instanceof TokenhubError ? error : refused('its contents are not text');
  } finally {
    plaintext.fill(0);
  }
}
