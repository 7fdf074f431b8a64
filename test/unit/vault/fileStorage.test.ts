import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileVaultStorage, writeFileAtomic } from '../../../src/core/vault/fileStorage';
import { Vault } from '../../../src/core/vault/vault';
import { isTokenhubError } from '../../../src/core/base/errors';
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
    await assert.rejects(new FileVaultStorage(nested).update(() => ({})), /ENOENT/);
    await new FileVaultStorage(nested, { createDirectory: true }).update(() => ({}));
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

describe('FileVaultStorage: writers in several processes', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-file-lock-'));
    path = join(dir, 'v.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('re-reads the file before each change: two vaults loaded before either writes keep both keys', async () => {
    const key = masterKey();
    const one = await Vault.load(key, new FileVaultStorage(path));
    const two = await Vault.load(key, new FileVaultStorage(path));
    await Promise.all([one.set('openai', 'sk-one-key'), two.set('anthropic', 'sk-two-key')]);
    await two.set('local', 'sk-three-key');
    const after = await Vault.load(key, new FileVaultStorage(path));
    assert.deepEqual(after.names(), ['anthropic', 'local', 'openai']);
    assert.deepEqual(two.names(), ['anthropic', 'local', 'openai'], 'a change also brings in what others stored');
    assert.equal(await one.remove('local'), true);
    assert.deepEqual(Object.keys(await new FileVaultStorage(path).load()).sort(), ['anthropic', 'openai']);
  });

  it('waits for a held lock, and gives up after its bound naming the holder, changing nothing', async () => {
    const storage = new FileVaultStorage(path, { lock: { waitMs: 300 } });
    await storage.update(() => ({ a: 'sealed-a' }));
    const holder = { pid: process.pid, host: hostname(), created: Date.now(), nonce: 'held-by-a-live-writer' };
    await writeFile(`${path}.lock`, JSON.stringify(holder));
    await assert.rejects(storage.update(() => ({ b: 'sealed-b' })), (error: unknown) => {
      assert.ok(isTokenhubError(error, 'unavailable'));
      assert.match(error.message, new RegExp(`is being changed by another process \\(process ${process.pid} on `));
      assert.match(error.message, /nothing was changed/);
      return true;
    });
    assert.deepEqual(await storage.load(), { a: 'sealed-a' });
    // Released within the wait: the writer goes on.
    setTimeout(() => void rm(`${path}.lock`), 100);
    await storage.update((current) => ({ ...current, b: 'sealed-b' }));
    assert.deepEqual(await storage.load(), { a: 'sealed-a', b: 'sealed-b' });
  });

  it('recovers a stale lock: a dead process, an old lock, a lock file never written', async () => {
    const storage = new FileVaultStorage(path, { lock: { waitMs: 300, staleMs: 5_000 } });
    const old = Date.now() - 60_000;
    const stale = [
      JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), created: Date.now(), nonce: 'dead' }),
      JSON.stringify({ pid: process.pid, host: hostname(), created: old, nonce: 'old' }),
      JSON.stringify({ pid: process.pid, host: 'another-machine', created: old, nonce: 'old-elsewhere' }),
      '',
    ];
    for (const [index, text] of stale.entries()) {
      await writeFile(`${path}.lock`, text);
      if (text === '') await utimes(`${path}.lock`, old / 1000, old / 1000);
      await storage.update((current) => ({ ...current, [`k${index}`]: 'sealed' }));
    }
    assert.deepEqual(Object.keys(await storage.load()), ['k0', 'k1', 'k2', 'k3']);
    assert.deepEqual(await readdir(dir), ['v.json']);
  });

  it('does not take a fresh lock of a live process on another machine for stale', async () => {
    const storage = new FileVaultStorage(path, { lock: { waitMs: 200 } });
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: 'another-machine', created: Date.now(), nonce: 'remote' }));
    await assert.rejects(storage.update(() => ({})), /another-machine/);
  });

  it('warns once about a file other users can read or write, and not about 0600', async () => {
    const warnings: string[] = [];
    const storage = new FileVaultStorage(path, { warn: (message) => warnings.push(message) });
    await storage.update(() => ({ a: 'sealed-a' }));
    await storage.load();
    assert.deepEqual(warnings, []);
    await chmod(path, 0o666);
    await storage.load();
    await storage.load();
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /can be read or written by other users \(mode 0666\); run "chmod 600 .*v\.json"/);
    await storage.update((current) => ({ ...current, b: 'sealed-b' }));
    assert.equal((await stat(path)).mode & 0o777, 0o600, 'the next change writes it 0600');
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
