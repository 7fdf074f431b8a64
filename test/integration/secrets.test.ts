import * as assert from 'node:assert/strict';
import { activateTokenhub } from './extension';
import type { TestingHooks } from '../../src/vscode/api';

describe('SecretStorage', () => {
  let testing: TestingHooks;
  const key = 'tokenhub.test.roundTrip';

  before(async () => {
    ({ testing } = await activateTokenhub());
  });

  after(async () => {
    await testing.secrets.delete(key);
  });

  it('stores, reads back and deletes a value', async () => {
    const value = `secret-${Date.now()}-ünïcode`;
    await testing.secrets.store(key, value);
    assert.equal(await testing.secrets.get(key), value);
    await testing.secrets.delete(key);
    assert.equal(await testing.secrets.get(key), undefined);
  });

  it('keeps one 32-byte vault master key across calls', async () => {
    const [first, concurrent] = await Promise.all([testing.masterKeyStore.getOrCreate(), testing.masterKeyStore.getOrCreate()]);
    const later = await testing.masterKeyStore.getOrCreate();
    assert.equal(first.length, 32);
    assert.ok(first.equals(concurrent), 'two first uses made two keys');
    assert.ok(first.equals(later));
  });

  it('refuses keys outside tokenhub.test.', async () => {
    await assert.rejects(testing.secrets.get('tokenhub.vault.masterKey'), /tokenhub\.test\./);
  });
});
