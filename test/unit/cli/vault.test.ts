import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVault } from '../../../src/cli/vault';
import { FileVaultStorage } from '../../../src/core/vault/fileStorage';
import { Vault } from '../../../src/core/vault/vault';
import { sealRecord } from '../../../src/core/vault/record';

const SECRET = 'sk-cli-SECRET-abcdefghijklmnop0123';
const PASSPHRASE = 'a passphrase for tests';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('tokenhub vault (in process)', function () {
  this.timeout(30000);
  let dir: string;
  let master: string;
  let vaultFile: string;

  async function run(args: string[], stdin = '', env: Record<string, string | undefined> = {}, cwd = dir): Promise<Outcome> {
    let stdout = '';
    let stderr = '';
    const code = await runVault(args, {
      stdin,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      env: { TOKENHUB_ENCRYPTION_KEY: master, ...env },
      cwd,
    });
    for (const text of [stdout, stderr]) assert.ok(!text.includes(SECRET) && !text.includes(master), 'a secret reached the output');
    return { code, stdout, stderr };
  }

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-vault-cli-'));
    master = randomBytes(32).toString('base64');
    vaultFile = join(dir, 'v.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('sets, lists and removes; the file is 0600 and holds no key', async () => {
    assert.equal((await run(['set', 'openai', '--vault', vaultFile], `${SECRET}\n`)).code, 0);
    assert.equal((await run(['set', 'anthropic', `--vault=${vaultFile}`], 'sk-ant')).code, 0);
    assert.equal((await stat(vaultFile)).mode & 0o777, 0o600);
    const text = await readFile(vaultFile, 'utf8');
    assert.ok(!text.includes(SECRET));
    assert.match(text, /"openai": "thv1\./);
    assert.deepEqual(await run(['list', '--vault', vaultFile], '', { TOKENHUB_ENCRYPTION_KEY: undefined }), { code: 0, stdout: 'anthropic\nopenai\n', stderr: '' });
    const removed = await run(['remove', 'openai', '--vault', vaultFile]);
    assert.equal(removed.code, 0);
    assert.equal((await run(['list', '--vault', vaultFile])).stdout, 'anthropic\n');
    const again = await run(['remove', 'openai', '--vault', vaultFile]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no key named "openai"/);
    assert.deepEqual((await readdir(dir)).sort(), ['v.json'], 'a temp file was left behind');
  });

  it('warns on stderr about a vault file other users can read or write, telling to chmod 600', async () => {
    assert.equal((await run(['set', 'openai', '--vault', vaultFile], `${SECRET}\n`)).code, 0);
    await chmod(vaultFile, 0o666);
    const listed = await run(['list', '--vault', vaultFile]);
    assert.equal(listed.code, 0);
    assert.equal(listed.stdout, 'openai\n');
    assert.equal(listed.stderr, `tokenhub vault: warning: The vault file ${vaultFile} can be read or written by other users (mode 0666); run "chmod 600 ${vaultFile}" (Tokenhub writes it 0600 on its next change).\n`);
    await chmod(vaultFile, 0o600);
    assert.equal((await run(['list', '--vault', vaultFile])).stderr, '');
  });

  it('trims one trailing newline, refuses an empty key and a key on the command line', async () => {
    for (const input of [SECRET, `${SECRET}\n`, `${SECRET}\r\n`]) {
      assert.equal((await run(['set', 'openai', '--vault', vaultFile], input)).code, 0);
      const vault = await Vault.load(Buffer.from(master, 'base64'), new FileVaultStorage(vaultFile));
      assert.equal(vault.get('openai'), SECRET);
    }
    const twoLines = await run(['set', 'openai', '--vault', vaultFile], `${SECRET}\n\n`);
    assert.equal(twoLines.code, 1);
    assert.match(twoLines.stderr, /line break/);
    const empty = await run(['set', 'openai', '--vault', vaultFile], '\n');
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /The key for "openai" cannot be stored: it is empty\./);
    const argv = await run(['set', 'openai', SECRET.slice(0, 10), '--vault', vaultFile]);
    assert.equal(argv.code, 2);
    assert.match(argv.stderr, /read from stdin, never from the command line/);
  });

  it('explains how to make a master key when it is missing or wrong', async () => {
    const cases: [string | undefined, RegExp][] = [
      [undefined, /TOKENHUB_ENCRYPTION_KEY is not set/],
      ['not base64!', /is not valid base64/],
      [randomBytes(16).toString('base64'), /exactly 32 bytes; it decodes to 16/],
    ];
    for (const [value, message] of cases) {
      const outcome = await run(['set', 'openai', '--vault', vaultFile], SECRET, { TOKENHUB_ENCRYPTION_KEY: value });
      assert.equal(outcome.code, 1);
      assert.match(outcome.stderr, message);
      assert.match(outcome.stderr, /openssl rand -base64 32/);
    }
  });

  it('follows --config: the vault beside it, its key variable, its stored_keys read-only', async () => {
    const key = randomBytes(32);
    const config = join(dir, 'config.json');
    await writeFile(config, JSON.stringify({ vault: { encryption_key_env: 'MY_KEY', stored_keys: { local: sealRecord(key, 'local', 'vllm') } } }));
    const env = { MY_KEY: key.toString('base64'), TOKENHUB_ENCRYPTION_KEY: undefined };
    assert.equal((await run(['set', 'openai', '--config', config], SECRET, env)).code, 0);
    assert.ok((await readFile(join(dir, 'tokenhub-vault.json'), 'utf8')).includes('"openai"'));
    assert.equal((await run(['list', '--config', config], '', env)).stdout, 'local\nopenai\n');
    const remove = await run(['remove', 'local', '--config', config], '', env);
    assert.equal(remove.code, 1);
    assert.match(remove.stderr, /config file's vault.stored_keys; remove it there/);
    await writeFile(config, '{"vault": {"stored_keys": {"x": 1}}}');
    assert.match((await run(['list', '--config', config])).stderr, /"vault.stored_keys" must map provider names/);
    assert.match((await run(['list', '--config', join(dir, 'none.json')])).stderr, /does not exist/);
  });

  it('defaults to ./tokenhub-vault.json', async () => {
    assert.equal((await run(['set', 'openai'], SECRET)).code, 0);
    assert.ok((await readdir(dir)).includes('tokenhub-vault.json'));
  });

  it('exports and imports across master keys, with every conflict mode', async () => {
    await run(['set', 'openai', '--vault', vaultFile], SECRET);
    await run(['set', 'anthropic', '--vault', vaultFile], 'sk-ant');
    const exported = await run(['export', 'keys.json', '--names', '--vault', vaultFile], `${PASSPHRASE}\n`);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /Exported 2 keys to .*keys\.json, names in clear\./);
    const file = await readFile(join(dir, 'keys.json'), 'utf8');
    assert.ok(!file.includes(SECRET));
    assert.deepEqual(JSON.parse(file).names, ['anthropic', 'openai']);
    const refused = await run(['export', 'keys.json', '--vault', vaultFile], PASSPHRASE);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /exists; pass --force/);

    master = randomBytes(32).toString('base64');
    const target = join(dir, 'target.json');
    await run(['set', 'openai', '--vault', target], 'sk-mine');
    const before = await readFile(target, 'utf8');
    const wrong = await run(['import', 'keys.json', '--vault', target], 'not the passphrase');
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /The passphrase is wrong, or the export file was altered\./);
    const conflict = await run(['import', 'keys.json', '--vault', target], '', { TOKENHUB_EXPORT_PASSPHRASE: PASSPHRASE });
    assert.equal(conflict.code, 1);
    assert.match(conflict.stderr, /already exist: openai/);
    assert.equal(await readFile(target, 'utf8'), before);
    const skip = await run(['import', 'keys.json', '--skip-existing', '--vault', target], PASSPHRASE);
    assert.match(skip.stdout, /added anthropic; overwritten none; skipped \(already there\) openai\./);
    const overwrite = await run(['import', 'keys.json', '--overwrite', '--vault', target], PASSPHRASE);
    assert.match(overwrite.stdout, /added none; overwritten anthropic, openai;/);
    assert.equal((await run(['import', 'keys.json', '--overwrite', '--skip-existing', '--vault', target], PASSPHRASE)).code, 2);

    // Parameters scrypt itself refuses (N ≥ 2^(16·r)) are named, not left to OpenSSL's words.
    const json = JSON.parse(file) as { kdf: Record<string, number> };
    json.kdf = { ...json.kdf, N: 2 ** 16, r: 1, p: 1, maxmem: 128 * (2 ** 16 + 3) };
    await writeFile(join(dir, 'odd.json'), JSON.stringify(json));
    const odd = await run(['import', 'odd.json', '--vault', target], PASSPHRASE);
    assert.equal(odd.code, 1);
    assert.equal(odd.stderr, 'tokenhub vault: The export file cannot be imported: unsafe key derivation parameters (kdf.N must be below 2^16 when kdf.r is 1).\n');
  });

  it('refuses a short passphrase and names a record that does not open', async () => {
    await run(['set', 'openai', '--vault', vaultFile], SECRET);
    const short = await run(['export', 'out.json', '--vault', vaultFile], 'short');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 8 characters/);
    master = randomBytes(32).toString('base64');
    const wrong = await run(['export', 'out.json', '--vault', vaultFile], PASSPHRASE);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Vault record "openai" cannot be opened: it was sealed with a different master key or has been altered\./);
    assert.ok(!(await readdir(dir)).includes('out.json'));
  });

  it('refuses a damaged or newer vault file', async () => {
    await writeFile(vaultFile, '{"format":"tokenhub-vault","version":2,"records":{}}');
    assert.match((await run(['list', '--vault', vaultFile])).stderr, /newer version of Tokenhub/);
    await writeFile(vaultFile, '{');
    assert.match((await run(['set', 'x', '--vault', vaultFile], SECRET)).stderr, /is not valid JSON/);
  });

  it('answers usage errors with 2 and help with 0', async () => {
    for (const args of [[], ['bogus'], ['list', '--bogus'], ['set'], ['remove', 'a', 'b'], ['export'], ['list', '--names'], ['list', '--vault']]) {
      assert.equal((await run(args)).code, 2, args.join(' '));
    }
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /openssl rand -base64 32/);
    assert.match(help.stdout, /tokenhub-vault\.json beside the --config file/);
  });
});
