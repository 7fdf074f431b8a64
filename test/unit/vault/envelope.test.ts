import assert from 'node:assert/strict';
import { openExport, parseExport, sealExport } from '../../../src/core/vault/envelope';
import { DEFAULT_SCRYPT, scryptMemory } from '../../../src/core/vault/kdf';
import { SECRET, TEST_KDF, bitFlips, rejectsVaultError, throwsVaultError } from './helpers';

const PASSPHRASE = 'correct horse battery staple';
const KEYS = new Map([
  ['openai', SECRET],
  ['anthropic', 'sk-ant-other-key-987654321'],
]);
const REFUSED = /^(The export file cannot be imported: |The passphrase is wrong, or the export file was altered\.$)/;

function edit(text: string, change: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(text) as Record<string, unknown>;
  change(json);
  return JSON.stringify(json);
}

describe('vault export envelope', () => {
  let sealed: string;
  let sealedWithNames: string;
  before(async () => {
    sealed = await sealExport(KEYS, PASSPHRASE, { kdf: TEST_KDF, now: new Date('2026-11-28T10:00:00Z') });
    sealedWithNames = await sealExport(KEYS, PASSPHRASE, { kdf: TEST_KDF, includeNames: true });
  });

  it('round-trips, and leaves names out unless asked', async () => {
    assert.deepEqual(await openExport(sealed, PASSPHRASE), KEYS);
    assert.deepEqual(await openExport(sealedWithNames, PASSPHRASE), KEYS);
    const envelope = parseExport(sealed);
    assert.equal(envelope.format, 'tokenhub-vault-export');
    assert.equal(envelope.version, 1);
    assert.equal(envelope.created_at, '2026-11-28T10:00:00.000Z');
    assert.deepEqual(envelope.kdf, { name: 'scrypt', N: 1024, r: 1, p: 1, keyLength: 32, maxmem: 256 * 1024 });
    assert.equal(envelope.names, undefined);
    assert.ok(!('names' in JSON.parse(sealed)));
    assert.deepEqual(parseExport(sealedWithNames).names, ['anthropic', 'openai']);
    for (const text of [sealed, sealedWithNames]) assert.ok(!text.includes(SECRET) && !text.includes('sk-ant'));
  });

  it('round-trips with the default scrypt parameters (N=2^17, r=8, p=1)', async function () {
    this.timeout(30000);
    const text = await sealExport(KEYS, PASSPHRASE);
    assert.deepEqual(parseExport(text).kdf, { ...DEFAULT_SCRYPT });
    assert.deepEqual(await openExport(text, PASSPHRASE), KEYS);
    await rejectsVaultError(() => openExport(text, `${PASSPHRASE}!`), /^The passphrase is wrong, or the export file was altered\.$/);
  });

  it('normalises the passphrase so composed and decomposed accents agree', async () => {
    const text = await sealExport(KEYS, 'caf\u00e9 au lait', { kdf: TEST_KDF });
    assert.deepEqual(await openExport(text, 'cafe\u0301 au lait'), KEYS);
  });

  it('refuses a wrong passphrase', async () => {
    await rejectsVaultError(() => openExport(sealed, 'correct horse battery stapler'), /^The passphrase is wrong, or the export file was altered\.$/);
    await rejectsVaultError(() => openExport(sealed, ''), /The passphrase is empty\./);
  });

  it('wants a passphrase of at least 8 characters to export', async () => {
    await rejectsVaultError(() => sealExport(KEYS, 'short12', { kdf: TEST_KDF }), /at least 8 characters/);
    await rejectsVaultError(() => sealExport(KEYS, '', { kdf: TEST_KDF }), /empty/);
  });

  it('refuses every single-bit change of the export file', async function () {
    this.timeout(120000);
    for (const text of [sealed, sealedWithNames]) {
      for (const { position, bit, bytes } of bitFlips(Buffer.from(text, 'utf8'))) {
        try {
          const keys = await openExport(bytes.toString('utf8'), PASSPHRASE);
          assert.fail(`byte ${position} bit ${bit}: opened ${keys.size} keys`);
        } catch (error) {
          if (error instanceof assert.AssertionError) throw error;
          await rejectsVaultError(() => Promise.reject(error), REFUSED);
        }
      }
    }
  });

  it('refuses every truncation', async () => {
    for (let length = 0; length < sealed.trimEnd().length; length++) {
      await rejectsVaultError(() => openExport(sealed.slice(0, length), PASSPHRASE), REFUSED);
    }
  });

  it('binds the header: changed parameters, time or names fail to open', async () => {
    const changes: ((json: Record<string, unknown>) => void)[] = [
      (json) => (json.kdf = { ...(json.kdf as object), N: 2048, maxmem: 1024 * 1024 }),
      (json) => (json.kdf = { ...(json.kdf as object), p: 2 }),
      (json) => (json.kdf = { ...(json.kdf as object), maxmem: 1024 * 1024 }),
      (json) => {
        const kdf = { ...(json.kdf as Record<string, unknown>) };
        delete kdf.maxmem;
        json.kdf = kdf;
      },
      (json) => (json.created_at = '2027-01-01T00:00:00.000Z'),
      (json) => (json.names = ['anthropic']),
      (json) => (json.names = ['anthropic', 'openai']),
    ];
    for (const change of changes) {
      await rejectsVaultError(() => openExport(edit(sealed, change), PASSPHRASE), /^The passphrase is wrong, or the export file was altered\.$/);
    }
    await rejectsVaultError(() => openExport(edit(sealedWithNames, (json) => delete json.names), PASSPHRASE), /passphrase is wrong/);
  });

  it('names a future version, and refuses what is not an export', () => {
    throwsVaultError(() => parseExport(edit(sealed, (json) => (json.version = 2))), /newer version of Tokenhub \(export version 2\); upgrade Tokenhub/);
    throwsVaultError(() => parseExport(edit(sealed, (json) => (json.version = '1'))), /"version" is not supported/);
    throwsVaultError(() => parseExport(edit(sealed, (json) => (json.format = 'other'))), /not a Tokenhub vault export/);
    throwsVaultError(() => parseExport('[]'), /not a Tokenhub vault export/);
    throwsVaultError(() => parseExport('{'), /not valid JSON/);
    throwsVaultError(() => parseExport(edit(sealed, (json) => (json.extra = 1))), /unexpected field "extra"/);
    throwsVaultError(() => parseExport(' '.repeat(4 * 1024 * 1024 + 1)), /larger than 4 MiB/);
  });

  it('checks base64 fields and their lengths', () => {
    const cases: [string, unknown][] = [
      ['iv', 'AAAA'],
      ['iv', 'not base64!'],
      ['tag', Buffer.alloc(15).toString('base64')],
      ['salt', Buffer.alloc(8).toString('base64')],
      ['ciphertext', ''],
      ['ciphertext', 42],
      ['salt', undefined],
    ];
    for (const [field, value] of cases) {
      throwsVaultError(() => parseExport(edit(sealed, (json) => (json[field] = value))), new RegExp(`"${field}" must be base64`));
    }
    throwsVaultError(() => parseExport(edit(sealed, (json) => (json.created_at = 'yesterday'))), /"created_at" is not an ISO time/);
    throwsVaultError(() => parseExport(edit(sealed, (json) => (json.names = [1]))), /"names" must be a list of strings/);
  });

  it('refuses out-of-bounds kdf parameters before running scrypt', async () => {
    const bad: Record<string, unknown>[] = [
      { N: 2 ** 30 },
      { N: 2 ** 21 },
      { N: 1000 },
      { N: 2 ** 9 },
      { N: 2 ** 20, r: 8 },
      { r: 0 },
      { r: 1.5 },
      { r: 33 },
      { p: 17 },
      { N: 2 ** 19, r: 4, p: 16 },
      { keyLength: 64 },
      { maxmem: 2 ** 40 },
      { maxmem: 1024 },
      { name: 'argon2id' },
      { extra: true },
    ];
    for (const change of bad) {
      const text = edit(sealed, (json) => (json.kdf = { ...(json.kdf as object), ...change }));
      const started = Date.now();
      await rejectsVaultError(() => openExport(text, PASSPHRASE), /cannot be imported: (unsafe key derivation parameters|"kdf" is malformed)/);
      // Any of these run for real would take seconds or fail on memory.
      assert.ok(Date.now() - started < 100, `${JSON.stringify(change)} was not refused at once`);
    }
  });

  it('says which parameter is wrong, never OpenSSL\'s "memory limit exceeded", for parameters scrypt refuses', async () => {
    // scrypt needs N < 2^(16·r): with r = 1, N = 2^16 is within Tokenhub's bounds but not scrypt's.
    const tooLargeForR = { N: 2 ** 16, r: 1, p: 1, maxmem: scryptMemory(2 ** 16, 1, 1) };
    const tampered = edit(sealed, (json) => (json.kdf = { ...(json.kdf as object), ...tooLargeForR }));
    for (const run of [
      () => openExport(tampered, PASSPHRASE),
      () => sealExport(KEYS, PASSPHRASE, { kdf: { N: 2 ** 16, r: 1, p: 1 } }),
    ]) {
      await assert.rejects(run(), (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.doesNotMatch(error.message, /memory limit|digital envelope|Invalid scrypt params/);
        assert.match(error.message, /kdf\.N must be below 2\^16 when kdf\.r is 1/);
        return true;
      });
    }
    await rejectsVaultError(() => openExport(tampered, PASSPHRASE), /^The export file cannot be imported: unsafe key derivation parameters \(kdf\.N must be below 2\^16 when kdf\.r is 1\)\.$/);
    // A lowered maxmem is refused by the same bounds, in the same words.
    const lowered = edit(sealed, (json) => (json.kdf = { ...(json.kdf as object), maxmem: scryptMemory(1024, 1, 1) - 1 }));
    await rejectsVaultError(() => openExport(lowered, PASSPHRASE), /^The export file cannot be imported: unsafe key derivation parameters \(kdf\.maxmem is too small for N and r, or too large\)\.$/);
  });
});
