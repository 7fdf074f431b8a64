import assert from 'node:assert/strict';
import { sealExport } from '../../../src/core/vault/envelope';
import { sealRecord } from '../../../src/core/vault/record';
import { Vault } from '../../../src/core/vault/vault';
import { MemoryStorage, SECRET, TEST_KDF, masterKey, rejectsVaultError, throwsVaultError } from './helpers';

const PASSPHRASE = 'a long enough passphrase';

async function snapshot(vault: Vault, storage: MemoryStorage): Promise<unknown> {
  return { names: vault.names(), keys: vault.names().map((name) => vault.get(name)), stored: await storage.load() };
}

describe('Vault', () => {
  it('sets, gets, lists, removes, and persists only sealed records', async () => {
    const key = masterKey();
    const storage = new MemoryStorage();
    const vault = await Vault.load(key, storage);
    await vault.set('openai', SECRET);
    await vault.set('anthropic', 'sk-ant-1');
    assert.deepEqual(vault.names(), ['anthropic', 'openai']);
    assert.equal(vault.get('openai'), SECRET);
    assert.equal(vault.get('missing'), undefined);
    assert.ok(vault.has('openai') && !vault.has('missing'));
    assert.ok(!JSON.stringify(storage.records).includes(SECRET));
    const reloaded = await Vault.load(key, storage);
    assert.equal(reloaded.get('openai'), SECRET);
    assert.equal(await reloaded.remove('openai'), true);
    assert.equal(await reloaded.remove('openai'), false);
    assert.deepEqual(Object.keys(storage.records), ['anthropic']);
  });

  it('does not save when nothing changed', async () => {
    const storage = new MemoryStorage();
    const vault = await Vault.load(masterKey(), storage);
    await vault.remove('nothing');
    assert.equal(storage.saves, 0);
  });

  it('validates names and keys', async () => {
    const vault = await Vault.load(masterKey(), new MemoryStorage());
    await rejectsVaultError(() => vault.set('', SECRET), /not a valid vault key name/);
    await rejectsVaultError(() => vault.set('constructor x', SECRET), /not a valid vault key name/);
    await rejectsVaultError(() => vault.set('openai', ''), /it is empty/);
    assert.deepEqual(vault.names(), []);
  });

  it('keeps names like "constructor" as plain data', async () => {
    const storage = new MemoryStorage();
    const vault = await Vault.load(masterKey(), storage);
    assert.equal(vault.has('constructor'), false);
    await vault.set('constructor', SECRET);
    assert.equal(vault.get('constructor'), SECRET);
  });

  it('refuses a wrong master key and records moved to another name, naming them', async () => {
    const key = masterKey();
    const storage = new MemoryStorage();
    await (await Vault.load(key, storage)).set('openai', SECRET);
    const wrong = await Vault.load(masterKey(), storage);
    throwsVaultError(() => wrong.get('openai'), /^Vault record "openai" cannot be opened: it was sealed with a different master key or has been altered\.$/);
    storage.records = { anthropic: storage.records.openai as string };
    const moved = await Vault.load(key, storage);
    throwsVaultError(() => moved.get('anthropic'), /^Vault record "anthropic" cannot be opened/);
  });

  it('reads read-only records (the config) and refuses to remove them', async () => {
    const key = masterKey();
    const storage = new MemoryStorage();
    const vault = await Vault.load(key, storage, { readOnlyRecords: { local: sealRecord(key, 'local', 'vllm-key') } });
    assert.deepEqual(vault.names(), ['local']);
    assert.equal(vault.get('local'), 'vllm-key');
    assert.equal(vault.isReadOnly('local'), true);
    await rejectsVaultError(() => vault.remove('local'), /comes from the config file's vault.stored_keys/);
    await vault.set('local', 'override');
    assert.equal(vault.get('local'), 'override');
    assert.equal(vault.isReadOnly('local'), false);
  });

  it('refuses invalid storage contents at load', async () => {
    const storage = new MemoryStorage();
    storage.records = { 'bad name': 'thv1.x' };
    await rejectsVaultError(() => Vault.load(masterKey(), storage), /vault storage holds an invalid entry "bad name"/);
    await rejectsVaultError(() => Vault.load(Buffer.alloc(31), new MemoryStorage()), /exactly 32 bytes/);
  });

  it('leaves itself unchanged when a save fails', async () => {
    const storage = new MemoryStorage();
    const vault = await Vault.load(masterKey(), storage);
    await vault.set('openai', SECRET);
    const before = await snapshot(vault, storage);
    storage.failSaves = true;
    await assert.rejects(vault.set('openai', 'sk-new'), /disk full/);
    await assert.rejects(vault.set('other', 'sk-new'), /disk full/);
    await assert.rejects(vault.remove('openai'), /disk full/);
    storage.failSaves = false;
    assert.deepEqual(await snapshot(vault, storage), before);
  });

  it('serialises concurrent changes so none is lost', async () => {
    const storage = new MemoryStorage();
    const vault = await Vault.load(masterKey(), storage);
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => vault.set(name, `key-${name}`)));
    assert.deepEqual(Object.keys(storage.records).sort(), ['a', 'b', 'c', 'd']);
  });

  describe('export and import', () => {
    async function source(): Promise<string> {
      const vault = await Vault.load(masterKey(), new MemoryStorage());
      await vault.set('openai', SECRET);
      await vault.set('anthropic', 'sk-ant-1');
      return vault.export(PASSPHRASE, { kdf: TEST_KDF });
    }

    it('moves keys to a vault with another master key', async () => {
      const target = await Vault.load(masterKey(), new MemoryStorage());
      const result = await target.import(await source(), PASSPHRASE);
      assert.deepEqual(result, { added: ['anthropic', 'openai'], overwritten: [], skipped: [] });
      assert.equal(target.get('openai'), SECRET);
    });

    it('exports read-only records too', async () => {
      const key = masterKey();
      const vault = await Vault.load(key, new MemoryStorage(), { readOnlyRecords: { local: sealRecord(key, 'local', 'vllm-key') } });
      const target = await Vault.load(masterKey(), new MemoryStorage());
      await target.import(await vault.export(PASSPHRASE, { kdf: TEST_KDF }), PASSPHRASE);
      assert.equal(target.get('local'), 'vllm-key');
    });

    it('by default fails on existing names, listing them, and changes nothing', async () => {
      const storage = new MemoryStorage();
      const target = await Vault.load(masterKey(), storage);
      await target.set('openai', 'sk-mine');
      await target.set('mistral', 'sk-m');
      const before = await snapshot(target, storage);
      await rejectsVaultError(() => target.import('', PASSPHRASE), /not valid JSON/);
      const text = await source();
      await rejectsVaultError(() => target.import(text, PASSPHRASE), /^Nothing was imported: these keys already exist: openai\. Choose to overwrite them or to skip them\.$/);
      await rejectsVaultError(() => target.import(text, 'the wrong passphrase'), /passphrase is wrong/);
      assert.deepEqual(await snapshot(target, storage), before);
    });

    it('overwrites or skips when told to', async () => {
      const text = await source();
      const overwrite = await Vault.load(masterKey(), new MemoryStorage());
      await overwrite.set('openai', 'sk-mine');
      assert.deepEqual(await overwrite.import(text, PASSPHRASE, { onExisting: 'overwrite' }), { added: ['anthropic'], overwritten: ['openai'], skipped: [] });
      assert.equal(overwrite.get('openai'), SECRET);
      const skip = await Vault.load(masterKey(), new MemoryStorage());
      await skip.set('openai', 'sk-mine');
      assert.deepEqual(await skip.import(text, PASSPHRASE, { onExisting: 'skip' }), { added: ['anthropic'], overwritten: [], skipped: ['openai'] });
      assert.equal(skip.get('openai'), 'sk-mine');
    });

    it('is all or nothing: an invalid name or key in the export changes nothing', async () => {
      const storage = new MemoryStorage();
      const target = await Vault.load(masterKey(), storage);
      await target.set('mistral', 'sk-m');
      const before = await snapshot(target, storage);
      const invalid = [
        new Map([['aaa', 'sk-1'], ['bad name', 'sk-2'], ['zzz', 'sk-3']]),
        new Map([['aaa', 'sk-1'], ['zzz', '']]),
        new Map([['aaa', 'sk-1'], ['zzz', 'sk\n-3']]),
      ];
      for (const keys of invalid) {
        const text = await sealExport(keys, PASSPHRASE, { kdf: TEST_KDF });
        await rejectsVaultError(() => target.import(text, PASSPHRASE, { onExisting: 'overwrite' }), /not a valid vault key name|cannot be stored/);
      }
      assert.deepEqual(await snapshot(target, storage), before);
      assert.equal(storage.saves, 1);
    });

    it('is all or nothing: a failing save leaves the vault and storage as they were', async () => {
      const storage = new MemoryStorage();
      const target = await Vault.load(masterKey(), storage);
      await target.set('openai', 'sk-mine');
      const before = await snapshot(target, storage);
      storage.failSaves = true;
      await assert.rejects(target.import(await source(), PASSPHRASE, { onExisting: 'overwrite' }), /disk full/);
      storage.failSaves = false;
      assert.deepEqual(await snapshot(target, storage), before);
    });

    it('fails to export when a record does not open, naming it', async () => {
      const storage = new MemoryStorage();
      storage.records = { openai: sealRecord(masterKey(), 'openai', SECRET) };
      const vault = await Vault.load(masterKey(), storage);
      await rejectsVaultError(() => vault.export(PASSPHRASE, { kdf: TEST_KDF }), /Vault record "openai" cannot be opened/);
    });
  });
});
