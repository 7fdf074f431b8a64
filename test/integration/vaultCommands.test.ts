import * as assert from 'node:assert/strict';
import type { TestingHooks } from '../../src/vscode/api';
import type { VaultHost } from '../../src/vscode/vaultHost';
import { activateTokenhub } from './extension';
import { ScriptedUi, runScripted } from './vaultUi';
import type { Step } from './vaultUi';

const SECRET = 'sk-vault-host-SECRET-0123456789';

describe('vault: Set and Remove API Key', () => {
  let testing: TestingHooks;
  let host: VaultHost;

  const run = (id: string, steps: Step[]): Promise<ScriptedUi> => runScripted(testing, id, steps, SECRET);

  before(async () => {
    ({ testing } = await activateTokenhub());
    host = testing.vault.host;
  });

  beforeEach(async () => {
    for (const name of await host.names()) await host.remove(name);
  });

  it('stores a key for a configured provider, trimmed and sealed, and fires onDidChange', async () => {
    let changes = 0;
    const listener = host.onDidChange(() => (changes += 1));
    const ui = await run('tokenhub.setApiKey', [['pick', 'openai'], ['input', `  ${SECRET}  `]]);
    listener.dispose();
    assert.deepEqual(ui.offered[0]?.slice(0, 2), ['openai', 'anthropic']);
    assert.equal(ui.offered[0]?.at(-1), 'Other…');
    assert.deepEqual(ui.info, ['Stored the key for "openai" in the Tokenhub vault.']);
    assert.equal(changes, 1);
    assert.equal(await host.keys.get('openai'), SECRET);
    assert.deepEqual(await host.names(), ['openai']);
    const { readFile } = await import('node:fs/promises');
    assert.ok(!(await readFile(host.storage.path, 'utf8')).includes(SECRET), 'the vault file holds a key in clear');
  });

  it('refuses an empty key in the box and stores the corrected one; "Other…" takes a typed, validated name', async () => {
    const ui = await run('tokenhub.setApiKey', [['pick', 'Other…'], ['input', 'bad name!'], ['input', ' my-vllm '], ['input', '   '], ['input', SECRET]]);
    assert.equal(ui.validations.length, 2);
    assert.match(ui.validations[0] ?? '', /not a valid vault key name/);
    assert.match(ui.validations[1] ?? '', /cannot be stored: it is empty/);
    assert.equal(await host.keys.get('my-vllm'), SECRET);
  });

  it('changes nothing when cancelled at the pick, the name or the key', async () => {
    await run('tokenhub.setApiKey', [['pick', undefined]]);
    await run('tokenhub.setApiKey', [['pick', 'Other…'], ['input', undefined]]);
    await run('tokenhub.setApiKey', [['pick', 'anthropic'], ['input', undefined]]);
    assert.deepEqual(await host.names(), []);
  });

  it('removes a stored key after confirmation, and not when cancelled', async () => {
    await host.set('openai', SECRET);
    await host.set('anthropic', 'sk-ant-x');
    await run('tokenhub.removeApiKey', [['pick', 'openai'], ['warn', undefined]]);
    await run('tokenhub.removeApiKey', [['pick', undefined]]);
    assert.deepEqual(await host.names(), ['anthropic', 'openai']);
    const ui = await run('tokenhub.removeApiKey', [['pick', 'openai'], ['warn', 'Remove']]);
    assert.deepEqual(ui.offered[0], ['anthropic', 'openai']);
    assert.deepEqual(ui.info, ['Removed the key for "openai" from the Tokenhub vault.']);
    assert.deepEqual(await host.names(), ['anthropic']);
    assert.equal(await host.keys.get('openai'), undefined);
  });

  it('says so when there is nothing to remove', async () => {
    const ui = await run('tokenhub.removeApiKey', []);
    assert.deepEqual(ui.info, ['The Tokenhub vault holds no keys.']);
  });

  it('falls back to the variable named by api_key_env, and the vault wins', async () => {
    const variable = 'TOKENHUB_TEST_VAULT_ENV_KEY';
    process.env[variable] = 'sk-from-env';
    try {
      const other = testing.vault.reopen({ providerEnv: (name) => (name === 'openai' ? variable : undefined) });
      assert.equal(await other.keys.get('openai'), 'sk-from-env');
      assert.equal(await other.originOf('openai'), 'env');
      assert.equal(await other.keys.get('anthropic'), undefined);
      await host.set('openai', SECRET);
      assert.equal(await other.keys.get('openai'), SECRET);
      assert.equal(await other.originOf('openai'), 'vault');
    } finally {
      delete process.env[variable];
    }
  });

  it('keeps the master key and the records across a reload', async () => {
    await host.set('openai', SECRET);
    const before = await testing.masterKeyStore.getOrCreate();
    const after = await testing.vault.newMasterKeyStore().getOrCreate();
    assert.equal(after.length, 32);
    assert.ok(before.equals(after), 'a new store over the same SecretStorage made another key');
    const reloaded = testing.vault.reopen();
    assert.deepEqual(await reloaded.names(), ['openai']);
    assert.equal(await reloaded.keys.get('openai'), SECRET);
  });

  it('tells the user plainly when SecretStorage fails, and stores nothing', async () => {
    const broken = testing.vault.reopen({ masterKeyStore: { getOrCreate: () => Promise.reject(new Error('keyring locked')) } });
    const ui = new ScriptedUi([['pick', 'openai'], ['input', SECRET]]);
    broken.ui = ui;
    await testing.vault.run('tokenhub.setApiKey', broken);
    ui.assertDone();
    assert.equal(ui.errors.length, 1);
    assert.match(ui.errors[0] ?? '', /secret storage.*is not available \(keyring locked\)\. Nothing was stored/);
    assert.ok(!(ui.errors[0] ?? '').includes(SECRET));
    assert.deepEqual(await host.names(), []);
  });
});
