import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileVaultStorage, writeFileAtomic } from '../../../src/core/vault/fileStorage';
import { Vault } from '../../../src/core/vault/vault';
import { MemoryStorage, SECRET, masterKey, rejectsVaultError } from './helpers';

describe('FileVaultStorage', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-file-storage-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a missing file as an empty vault and writes sealed records, mode 0600', async () => {
    const storage = new FileVaultStorage(join(dir, 'v.json'));
    assert.deepEqual(await storage.load(), {});
    const key = masterKey();
    await (await Vault.load(key, storage)).set('openai', SECRET);
    assert.equal((await stat(storage.path)).mode & 0o777, 0o600);
    const text = await readFile(storage.path, 'utf8');
    assert.ok(!text.includes(SECRET));
    assert.equal(JSON.parse(text).format, 'tokenhub-vault');
    assert.equal((await Vault.load(key, new FileVaultStorage(storage.path))).get('openai'), SECRET);
  });

  it('creates its directory (0700) only when asked', async () => {
    const nested = join(dir, 'global', 'storage', 'v.json');
    await assert.rejects(new FileVaultStorage(nested).save({}), /ENOENT/);
    await new FileVaultStorage(nested, { createDirectory: true }).save({});
    assert.equal((await stat(join(dir, 'global', 'storage'))).mode & 0o777, 0o700);
    assert.deepEqual(await new FileVaultStorage(nested).load(), {});
  });

  it('refuses files that are not a vault, newer or malformed', async () => {
    const path = join(dir, 'v.json');
    const storage = new FileVaultStorage(path);
    await writeFile(path, '{');
    await rejectsVaultError(() => storage.load(), /is not valid JSON/);
    await writeFile(path, '{"format":"other"}');
    await rejectsVaultError(() => storage.load(), /is not a Tokenhub vault file/);
    await writeFile(path, '{"format":"tokenhub-vault","version":2,"records":{}}');
    await rejectsVaultError(() => storage.load(), /newer version of Tokenhub/);
    await writeFile(path, '{"format":"tokenhub-vault","version":1,"records":[]}');
    await rejectsVaultError(() => storage.load(), /is malformed/);
  });

  it('writes atomically: a failed write leaves the old file and no temp file', async () => {
    const path = join(dir, 'out.json');
    await writeFileAtomic(path, 'old');
    await assert.rejects(writeFileAtomic(join(dir, 'missing', 'out.json'), 'new'));
    assert.equal(await readFile(path, 'utf8'), 'old');
    await writeFileAtomic(path, 'new');
    assert.equal(await readFile(path, 'utf8'), 'new');
    assert.deepEqual(await readdir(dir), ['out.json']);
  });
});

describe('Vault.importKeys', () => {
  it('applies opened keys with the same conflict rules as import, all or nothing', async () => {
    const storage = new MemoryStorage();
    const vault = await Vault.load(masterKey(), storage);
    await vault.set('openai', 'sk-old');
    const keys = new Map([['openai', SECRET], ['anthropic', 'sk-ant']]);
    await rejectsVaultError(() => vault.importKeys(keys), /already exist: openai/);
    assert.deepEqual(vault.names(), ['openai']);
    assert.deepEqual(await vault.importKeys(keys, { onExisting: 'skip' }), { added: ['anthropic'], overwritten: [], skipped: ['openai'] });
    assert.equal(vault.get('openai'), 'sk-old');
    assert.deepEqual(await vault.importKeys(keys, { onExisting: 'overwrite' }), { added: [], overwritten: ['anthropic', 'openai'], skipped: [] });
    assert.equal(vault.get('openai'), SECRET);
    const saves = storage.saves;
    await rejectsVaultError(() => vault.importKeys(new Map([['ok', 'k'], ['bad name!', 'k']]), { onExisting: 'overwrite' }), /not a valid vault key name/);
    assert.equal(storage.saves, saves);
  });
});
