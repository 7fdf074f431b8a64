// Where `serve` finds provider keys: the vault file when a master key is set, else api_key_env.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliKeySource, loadSetup } from '../../../src/cli/keys';
import { VAULT_FILE_NAME } from '../../../src/cli/vaultFile';
import { FileVaultStorage } from '../../../src/core/vault/fileStorage';
import { Vault } from '../../../src/core/vault/vault';

describe('tokenhub serve: provider keys', () => {
  let dir: string;
  let config: string;
  const master = randomBytes(32);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-keys-'));
    config = join(dir, 'config.json');
    await writeFile(
      config,
      JSON.stringify({
        providers: [
          { name: 'a', type: 'openai', api_key_env: 'A_KEY' },
          { name: 'b', type: 'anthropic', api_key_env: 'B_KEY' },
          { name: 'c', type: 'vllm', base_url: 'http://127.0.0.1:9/v1' },
        ],
        models: [{ id: 'm', provider: 'c', name: 'm', context_size: 8000 }],
      }),
    );
    const vault = await Vault.load(master, new FileVaultStorage(join(dir, VAULT_FILE_NAME)));
    await vault.set('a', 'sk-from-vault');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('prefers the vault (beside the config) over the environment when the master key is set', async () => {
    const env = { A_KEY: 'sk-from-env', B_KEY: 'sk-b-env', TOKENHUB_ENCRYPTION_KEY: master.toString('base64') };
    const setup = await loadSetup(config, undefined, env, dir);
    assert.equal(await setup.keys.get('a'), 'sk-from-vault');
    assert.equal(await setup.keys.get('b'), 'sk-b-env');
    assert.equal(await setup.keys.get('c'), undefined);
    assert.deepEqual(['a', 'b', 'c'].map((n) => setup.keys.sourceOf(n)), ['vault', 'env', 'none']);
  });

  it('warns when the vault file can be read or written by other users', async () => {
    const env = { TOKENHUB_ENCRYPTION_KEY: master.toString('base64') };
    const file = join(dir, VAULT_FILE_NAME);
    assert.deepEqual((await loadSetup(config, undefined, env, dir)).warnings, []);
    await chmod(file, 0o644);
    try {
      const { warnings } = await loadSetup(config, undefined, env, dir);
      assert.deepEqual(warnings, [{ path: '', message: `The vault file ${file} can be read or written by other users (mode 0644); run "chmod 600 ${file}" (Tokenhub writes it 0600 on its next change).` }]);
    } finally {
      await chmod(file, 0o600);
    }
  });

  it('finds no key in a variable named like a prototype property ("toString")', async () => {
    const keys = new CliKeySource(new Map(), [{ name: 'p', type: 'openai', apiKeyEnv: 'toString' }, { name: 'q', type: 'openai', apiKeyEnv: 'constructor' }], {});
    assert.equal(await keys.get('p'), undefined);
    assert.equal(await keys.get('q'), undefined);
    assert.equal(keys.sourceOf('p'), 'none');
    const setup = await loadSetup(config, undefined, { TOKENHUB_ENCRYPTION_KEY: undefined } as never, dir);
    assert.equal(await setup.keys.get('a'), undefined);
  });

  it('uses the environment alone without a master key', async () => {
    const setup = await loadSetup(config, undefined, { A_KEY: 'sk-from-env' }, dir);
    assert.equal(await setup.keys.get('a'), 'sk-from-env');
    assert.equal(await setup.keys.get('b'), undefined);
  });

  it('stops with a message naming the record when the master key is wrong', async () => {
    const env = { TOKENHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    await assert.rejects(loadSetup(config, undefined, env, dir), (error: Error) => /"a"/.test(error.message) && !error.message.includes('sk-from-vault'));
  });

  it('without a config, serves the catalogue for the providers whose keys are present', async () => {
    const setup = await loadSetup(undefined, join(dir, VAULT_FILE_NAME), { ANTHROPIC_API_KEY: 'sk-ant' }, dir);
    assert.deepEqual(setup.config.providers.map((p) => p.name), ['anthropic']);
    assert.ok(setup.config.models.length > 0 && setup.config.models.every((m) => m.provider === 'anthropic'));
    assert.equal(setup.configPath, undefined);
  });
});
