// The CLI's MasterKeyStore: the master key is base64 in an environment variable. The CLI never
// makes one itself: a key it made and printed would end up in logs and scrollback.
import { TokenhubError } from '../core/base/errors';
import type { MasterKeyStore } from '../core/ports';
import { decodeBase64 } from '../core/vault/encoding';
import { MASTER_KEY_BYTES } from '../core/vault/names';
import { own } from '../core/formats/codec';

const HOW_TO_MAKE = 'Make one with "openssl rand -base64 32" or node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))", and keep it: without it the vault cannot be opened.';

/** Decodes the master key from `value`, the contents of env var `name`; errors never echo it. */
export function parseMasterKey(value: string | undefined, name: string): Buffer {
  const text = value?.trim();
  if (text === undefined || text === '') {
    throw new TokenhubError('invalid_input', `${name} is not set: it must hold the vault master key, base64 of ${MASTER_KEY_BYTES} bytes. ${HOW_TO_MAKE}`);
  }
  const bytes = decodeBase64(text);
  if (bytes === undefined) throw new TokenhubError('invalid_input', `${name} is not valid base64: it must hold base64 of ${MASTER_KEY_BYTES} bytes. ${HOW_TO_MAKE}`);
  if (bytes.length !== MASTER_KEY_BYTES) {
    throw new TokenhubError('invalid_input', `${name} must hold base64 of exactly ${MASTER_KEY_BYTES} bytes; it decodes to ${bytes.length}. ${HOW_TO_MAKE}`);
  }
  return bytes;
}

/** A MasterKeyStore reading env var `name` (`vault.encryption_key_env`); it cannot create one. */
export class EnvMasterKeyStore implements MasterKeyStore {
  constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    readonly name: string,
  ) {}

  async getOrCreate(): Promise<Buffer> {
    return parseMasterKey(own(this.env, this.name), this.name);
  }
}
