import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';
import type { MasterKeyStore } from '../core/ports';

/** Name of the SecretStorage entry that holds the vault's master key (base64). */
export const masterKeySecret = 'tokenhub.vault.masterKey';

const keyBytes = 32;

/** The vault's master key in SecretStorage, made on first use. The key never leaves this port. */
export class SecretStorageMasterKeyStore implements MasterKeyStore {
  private pending: Promise<Buffer> | undefined;

  constructor(private readonly secrets: vscode.SecretStorage) {}

  getOrCreate(): Promise<Buffer> {
    // One read-or-create at a time, so two first uses cannot make two different keys.
    this.pending ??= this.readOrCreate().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async readOrCreate(): Promise<Buffer> {
    const stored = await this.secrets.get(masterKeySecret);
    if (stored !== undefined) {
      const key = Buffer.from(stored, 'base64');
      if (key.length !== keyBytes) {
        throw new Error(`The vault master key in SecretStorage ("${masterKeySecret}") is not ${keyBytes} bytes; it was not changed.`);
      }
      return key;
    }
    const key = randomBytes(keyBytes);
    await this.secrets.store(masterKeySecret, key.toString('base64'));
    return key;
  }
}
