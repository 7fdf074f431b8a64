// One sealed key: AES-256-GCM under the master key, with the record's name bound in as
// additional data so a record copied to another name does not open.
//
// Format (version 1), one line of ASCII:
//   thv1.<iv>.<tag>.<ciphertext>
// each part unpadded base64url: a 12-byte IV fresh for every seal, the 16-byte GCM tag and the
// UTF-8 key encrypted. Additional data: "tokenhub-vault-record\0v1\0" + name. A later format
// takes the next prefix (thv2); this version refuses it with a message asking for an upgrade.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { TokenhubError } from '../base/errors';
import { decodeBase64Url } from './encoding';
import { assertKeyName, assertKeyValue, assertMasterKey, quoteName } from './names';

/** The prefix of every record this version writes. */
export const RECORD_PREFIX = 'thv1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = /^thv(\d{1,6})$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function additionalData(name: string): Buffer {
  return Buffer.from(`tokenhub-vault-record\0v1\0${name}`, 'utf8');
}

function cannotOpen(name: string, why: string, cause?: unknown): TokenhubError {
  return new TokenhubError('invalid_input', `Vault record ${quoteName(name)} cannot be opened: ${why}.`, {
    cause,
  });
}

/** Seals `key` for `name` under `masterKey`. Every call uses a fresh random IV. */
export function sealRecord(masterKey: Buffer, name: string, key: string): string {
  assertMasterKey(masterKey);
  assertKeyName(name);
  assertKeyValue(name, key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(name));
  const ciphertext = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [RECORD_PREFIX, iv, tag, ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

interface ParsedRecord {
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function parseRecord(name: string, record: unknown): ParsedRecord {
  if (typeof record !== 'string') throw cannotOpen(name, 'it is not a string');
  const parts = record.split('.');
  const version = VERSION.exec(parts[0] ?? '');
  if (version === null) {
    throw cannotOpen(name, `it is not a Tokenhub vault record (expected "${RECORD_PREFIX}.<iv>.<tag>.<ciphertext>")`);
  }
  if (parts[0] !== RECORD_PREFIX) {
    const newer = Number(version[1]) > 1;
    throw cannotOpen(
      name,
      newer
        ? `it was sealed by a newer version of Tokenhub (format ${parts[0]}); upgrade Tokenhub to read it`
        : `its format ${parts[0]} is not supported`,
    );
  }
  if (parts.length !== 4) throw cannotOpen(name, 'it is truncated or malformed');
  const [iv, tag, ciphertext] = parts.slice(1).map(decodeBase64Url);
  if (iv?.length !== IV_BYTES || tag?.length !== TAG_BYTES || ciphertext === undefined || ciphertext.length === 0) {
    throw cannotOpen(name, 'it is truncated or malformed');
  }
  return { iv, tag, ciphertext };
}

/**
 * Opens a record sealed for `name`. Any failure (wrong master key, altered or truncated record,
 * a record moved from another name, a future format) is a TokenhubError naming the record.
 */
export function openRecord(masterKey: Buffer, name: string, record: unknown): string {
  assertMasterKey(masterKey);
  const { iv, tag, ciphertext } = parseRecord(name, record);
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', masterKey, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(name));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    // The cause is dropped on purpose: OpenSSL's text says nothing more useful.
    throw cannotOpen(name, 'it was sealed with a different master key or has been altered');
  }
  try {
    return UTF8.decode(plaintext);
  } catch {
    throw cannotOpen(name, 'its contents are not text');
  } finally {
    plaintext.fill(0);
  }
}
