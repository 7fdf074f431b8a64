import assert from 'node:assert/strict';
import { openRecord, sealRecord } from '../../../src/core/vault/record';
import { SECRET, bitFlips, masterKey, throwsVaultError } from './helpers';

const NAME = /^Vault record "openai" cannot be opened: /;
const ALTERED = /Vault record "openai" cannot be opened: it was sealed with a different master key or has been altered\.$/;

describe('vault record', () => {
  const key = masterKey();

  it('round-trips, with a fresh IV each time', () => {
    const first = sealRecord(key, 'openai', SECRET);
    const second = sealRecord(key, 'openai', SECRET);
    assert.match(first, /^thv1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    assert.notEqual(first, second);
    assert.notEqual(first.split('.')[1], second.split('.')[1]);
    assert.equal(openRecord(key, 'openai', first), SECRET);
    assert.equal(openRecord(key, 'openai', second), SECRET);
    assert.ok(!first.includes(SECRET));
  });

  it('round-trips non-ASCII keys', () => {
    assert.equal(openRecord(key, 'x', sealRecord(key, 'x', 'clé-ключ-鍵')), 'clé-ключ-鍵');
  });

  it('refuses a wrong master key, naming the record', () => {
    const record = sealRecord(key, 'openai', SECRET);
    throwsVaultError(() => openRecord(masterKey(), 'openai', record), ALTERED);
  });

  it('binds the name: a record moved to another name does not open', () => {
    const record = sealRecord(key, 'openai', SECRET);
    throwsVaultError(
      () => openRecord(key, 'anthropic', record),
      /^Vault record "anthropic" cannot be opened: it was sealed with a different master key or has been altered\.$/,
    );
  });

  it('refuses every single-bit change of the record text', () => {
    const record = sealRecord(key, 'openai', SECRET);
    let count = 0;
    for (const { bytes } of bitFlips(Buffer.from(record, 'latin1'))) {
      throwsVaultError(() => openRecord(key, 'openai', bytes.toString('latin1')), NAME);
      count += 1;
    }
    assert.equal(count, record.length * 8);
  });

  it('refuses every single-bit change of the IV, tag and ciphertext bytes', () => {
    const [prefix, ...parts] = sealRecord(key, 'openai', SECRET).split('.');
    parts.forEach((part, index) => {
      for (const { bytes } of bitFlips(Buffer.from(part as string, 'base64url'))) {
        const changed = [...parts];
        changed[index] = bytes.toString('base64url');
        throwsVaultError(() => openRecord(key, 'openai', [prefix, ...changed].join('.')), ALTERED);
      }
    });
  });

  it('refuses every truncation', () => {
    const record = sealRecord(key, 'openai', SECRET);
    for (let length = 0; length < record.length; length++) {
      throwsVaultError(() => openRecord(key, 'openai', record.slice(0, length)), NAME);
    }
  });

  it('refuses non-canonical base64 and extra parts', () => {
    const record = sealRecord(key, 'openai', SECRET);
    throwsVaultError(() => openRecord(key, 'openai', `${record}.AA`), /truncated or malformed/);
    throwsVaultError(() => openRecord(key, 'openai', record.replace('.', '.=')), /truncated or malformed/);
    throwsVaultError(() => openRecord(key, 'openai', `${record}=`), /truncated or malformed/);
    throwsVaultError(() => openRecord(key, 'openai', 42), /it is not a string/);
  });

  it('names a record from a future version as such', () => {
    const record = sealRecord(key, 'openai', SECRET).replace(/^thv1/, 'thv2');
    throwsVaultError(() => openRecord(key, 'openai', record), /sealed by a newer version of Tokenhub \(format thv2\); upgrade/);
    throwsVaultError(() => openRecord(key, 'openai', 'plain-text-key'), /not a Tokenhub vault record/);
  });

  it('wants a 32-byte master key', () => {
    for (const size of [0, 16, 31, 33, 64]) {
      throwsVaultError(() => sealRecord(Buffer.alloc(size), 'openai', SECRET), new RegExp(`exactly 32 bytes; got ${size} bytes`));
      throwsVaultError(() => openRecord(Buffer.alloc(size), 'openai', 'thv1'), /exactly 32 bytes/);
    }
  });

  it('validates names and keys without echoing the key', () => {
    for (const name of ['', ' openai', 'open ai', '-x', '__proto__', 'a/b', 'x'.repeat(65)]) {
      throwsVaultError(() => sealRecord(key, name, SECRET), /is not a valid vault key name/);
    }
    throwsVaultError(() => sealRecord(key, 'openai', ''), /The key for "openai" cannot be stored: it is empty\./);
    throwsVaultError(() => sealRecord(key, 'openai', `${SECRET}\n`), /line break/);
    throwsVaultError(() => sealRecord(key, 'openai', ` ${SECRET}`), /white space/);
    for (const name of ['openai', 'my-vllm.2', 'A_b']) assert.ok(sealRecord(key, name, SECRET).startsWith('thv1.'));
  });
});
