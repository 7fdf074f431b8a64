// What the vault accepts as a key name and as a key. Names are provider names from the config,
// so they are kept to a shape that is safe as an object key, a file field and a message word.
import { TokenhubError } from '../base/errors';

/** The AES-256 master key length in bytes. */
export const MASTER_KEY_BYTES = 32;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_KEY_LENGTH = 16384;
// Keys travel in HTTP headers: a line break or other control character would corrupt the
// request (or smuggle a header), so they are refused when stored rather than when used.
const CONTROL = /[\u0000-\u001f\u007f]/;

/** True when `name` is a valid vault key name (letters, digits, `.`, `_`, `-`; 1 to 64). */
export function isValidKeyName(name: unknown): name is string {
  return typeof name === 'string' && NAME.test(name);
}

/** Quotes a name for a message, cut short so a hostile name cannot flood the output. */
export function quoteName(name: unknown): string {
  const text = typeof name === 'string' ? name : String(name);
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}

/** Throws a clear `invalid_input` error unless `name` is a valid key name. */
export function assertKeyName(name: unknown): asserts name is string {
  if (!isValidKeyName(name)) {
    // A long "name" is likely a key pasted in the wrong place: it is not echoed back.
    const shown = typeof name === 'string' && name.length > 64 ? `A name of ${name.length} characters` : quoteName(name);
    throw new TokenhubError(
      'invalid_input',
      `${shown} is not a valid vault key name: use 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit (usually the provider name, e.g. "openai").`,
    );
  }
}

/** Checks a key value; the message names the key's name, never its value. */
export function assertKeyValue(name: string, key: unknown): asserts key is string {
  let problem: string | undefined;
  if (typeof key !== 'string' || key.length === 0) problem = 'it is empty';
  else if (key.length > MAX_KEY_LENGTH) problem = `it is longer than ${MAX_KEY_LENGTH} characters`;
  else if (CONTROL.test(key)) problem = 'it contains a line break or another control character';
  else if (key.trim() !== key) problem = 'it starts or ends with white space';
  if (problem !== undefined) {
    throw new TokenhubError('invalid_input', `The key for ${quoteName(name)} cannot be stored: ${problem}.`);
  }
}

/** Throws unless `masterKey` is a Buffer of exactly 32 bytes; the message gives only the length. */
export function assertMasterKey(masterKey: unknown): asserts masterKey is Buffer {
  if (!Buffer.isBuffer(masterKey) || masterKey.length !== MASTER_KEY_BYTES) {
    const got = Buffer.isBuffer(masterKey) ? `${masterKey.length} bytes` : 'no key';
    throw new TokenhubError(
      'invalid_input',
      `The vault master key must be exactly ${MASTER_KEY_BYTES} bytes; got ${got}.`,
    );
  }
}
