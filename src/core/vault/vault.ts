// The vault: provider keys sealed under one master key, kept as sealed records in memory and in
// a host-supplied storage. Plain keys exist only for the moment of a get, an export or an import.
import { TokenhubError } from '../base/errors';
import { openExport, sealExport } from './envelope';
import type { SealExportOptions } from './envelope';
import { assertKeyName, assertKeyValue, assertMasterKey, isValidKeyName, quoteName } from './names';
import { openRecord, sealRecord } from './record';

/** Sealed records by key name, as a storage holds them. */
export type SealedRecords = Readonly<Record<string, string>>;

/**
 * Where sealed records persist: a file in the CLI, extension storage in VS Code. The vault only
 * ever hands it sealed records, never a plain key.
 */
export interface VaultStorage {
  /** Every sealed record by name; empty when nothing was saved yet. */
  load(): Promise<SealedRecords>;
  /**
   * One read-modify-write, atomic with respect to every other writer of the same storage (other
   * processes included): `change` gets the records as stored now and returns the records to
   * store, or undefined to leave them. Resolves to the records stored afterwards. All or
   * nothing: on a throw (from `change` too) the stored records remain as they were.
   */
  update(change: (current: SealedRecords) => SealedRecords | undefined): Promise<SealedRecords>;
}

/** Options for {@link Vault.load}. */
export interface VaultOptions {
  /**
   * Sealed records that can be read but not changed through this vault, such as the config
   * file's `vault.stored_keys`. A record in storage with the same name wins over these.
   */
  readOnlyRecords?: SealedRecords;
}

/** What to do when an imported name already exists. */
export type ImportConflict = 'fail' | 'overwrite' | 'skip';

/** Choices for {@link Vault.import}. */
export interface ImportOptions {
  /** Default 'fail': nothing is imported and the error lists the names that exist. */
  onExisting?: ImportConflict;
}

/** What an import did, by name (sorted). */
export interface ImportResult {
  added: string[];
  overwritten: string[];
  skipped: string[];
}

function checkRecords(records: SealedRecords, source: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, record] of Object.entries(records)) {
    if (!isValidKeyName(name) || typeof record !== 'string') {
      throw new TokenhubError('invalid_input', `The ${source} holds an invalid entry ${quoteName(name)}: expected a key name and a sealed record.`);
    }
    map.set(name, record);
  }
  return map;
}

function sameRecords(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([name, record]) => b.get(name) === record);
}

/** Provider keys sealed with AES-256-GCM under a 32-byte master key. */
export class Vault {
  readonly #masterKey: Buffer;
  readonly #storage: VaultStorage;
  readonly #readOnly: ReadonlyMap<string, string>;
  #records: ReadonlyMap<string, string>;
  // Mutations run one after another so two quick sets cannot save over each other.
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(masterKey: Buffer, storage: VaultStorage, records: Map<string, string>, readOnly: Map<string, string>) {
    this.#masterKey = Buffer.from(masterKey);
    this.#storage = storage;
    this.#records = records;
    this.#readOnly = readOnly;
  }

  /** Loads the sealed records from `storage`. Records are opened only when asked for. */
  static async load(masterKey: Buffer, storage: VaultStorage, options: VaultOptions = {}): Promise<Vault> {
    assertMasterKey(masterKey);
    const records = checkRecords(await storage.load(), 'vault storage');
    const readOnly = checkRecords(options.readOnlyRecords ?? {}, 'read-only key source');
    return new Vault(masterKey, storage, records, readOnly);
  }

  /** Every key name, sorted; read-only names included. */
  names(): string[] {
    return [...new Set([...this.#records.keys(), ...this.#readOnly.keys()])].sort();
  }

  has(name: string): boolean {
    return this.#records.has(name) || this.#readOnly.has(name);
  }

  /** True when the name exists only in the read-only source and so cannot be removed here. */
  isReadOnly(name: string): boolean {
    return !this.#records.has(name) && this.#readOnly.has(name);
  }

  /** The key stored under `name`, or undefined. Throws, naming the record, when it will not open. */
  get(name: string): string | undefined {
    const record = this.#records.get(name) ?? this.#readOnly.get(name);
    return record === undefined ? undefined : openRecord(this.#masterKey, name, record);
  }

  /** Seals and stores `key` under `name`, replacing any key there. */
  set(name: string, key: string): Promise<void> {
    assertKeyName(name);
    assertKeyValue(name, key);
    return this.#mutate((records) => {
      records.set(name, sealRecord(this.#masterKey, name, key));
    });
  }

  /** Removes `name`; false when it was not there. A read-only name is an error. */
  remove(name: string): Promise<boolean> {
    return this.#mutate((records) => {
      if (!records.has(name) && this.#readOnly.has(name)) {
        throw new TokenhubError('invalid_input', `The key ${quoteName(name)} comes from the config file's vault.stored_keys; remove it there.`);
      }
      return records.delete(name);
    });
  }

  /** Every key, opened, sealed into an export file under `passphrase`. */
  async export(passphrase: string, options: SealExportOptions = {}): Promise<string> {
    const keys = new Map<string, string>();
    for (const name of this.names()) keys.set(name, this.get(name) as string);
    return sealExport(keys, passphrase, options);
  }

  /**
   * Imports an export file. Everything is checked and decrypted, every name and key validated
   * and every conflict resolved before anything changes; then one save. If any step fails,
   * both the storage and this vault stay exactly as they were.
   */
  async import(text: string, passphrase: string, options: ImportOptions = {}): Promise<ImportResult> {
    return this.importKeys(await openExport(text, passphrase), options);
  }

  /**
   * Imports keys already opened with `openExport`, so a host can decrypt once, ask the user about
   * names that exist, and then apply. Same all-or-nothing rules as {@link Vault.import}.
   */
  async importKeys(keys: ReadonlyMap<string, string>, options: ImportOptions = {}): Promise<ImportResult> {
    const onExisting = options.onExisting ?? 'fail';
    for (const [name, key] of keys) {
      assertKeyName(name);
      assertKeyValue(name, key);
    }
    return this.#mutate((records) => {
      const result: ImportResult = { added: [], overwritten: [], skipped: [] };
      const has = (name: string) => records.has(name) || this.#readOnly.has(name);
      const existing = [...keys.keys()].filter(has).sort();
      if (existing.length > 0 && onExisting === 'fail') {
        throw new TokenhubError(
          'invalid_input',
          `Nothing was imported: these keys already exist: ${existing.join(', ')}. Choose to overwrite them or to skip them.`,
        );
      }
      for (const name of [...keys.keys()].sort()) {
        const exists = has(name);
        if (exists && onExisting === 'skip') {
          result.skipped.push(name);
          continue;
        }
        records.set(name, sealRecord(this.#masterKey, name, keys.get(name) as string));
        (exists ? result.overwritten : result.added).push(name);
      }
      return result;
    });
  }

  /**
   * Applies `change` to the records as stored now (another process may have changed them since
   * this vault was loaded), through the storage's atomic update, and then makes what was stored
   * the vault's records: changes made elsewhere are kept, never overwritten.
   */
  #mutate<T>(change: (records: Map<string, string>) => T): Promise<T> {
    const run = async (): Promise<T> => {
      let result!: T;
      const stored = await this.#storage.update((current) => {
        const records = checkRecords(current, 'vault storage');
        const before = new Map(records);
        result = change(records);
        return sameRecords(records, before) ? undefined : Object.fromEntries(records);
      });
      this.#records = checkRecords(stored, 'vault storage');
      return result;
    };
    const done = this.#queue.then(run, run);
    this.#queue = done.catch(() => undefined);
    return done;
  }
}
