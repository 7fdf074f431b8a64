import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { runVault } from '../../src/cli/vault';
import type { TestingHooks } from '../../src/vscode/api';
import type { VaultHost } from '../../src/vscode/vaultHost';
import { activateTokenhub } from './extension';
import { runScripted } from './vaultUi';
import type { ScriptedUi, Step } from './vaultUi';

const SECRET = 'sk-vault-transfer-SECRET-0123456789';
const PASSPHRASE = 'correct horse battery staple';

describe('vault: Export and Import', function () {
  // Each export or import runs scrypt at the real cost (N=2^17), about a second here.
  this.timeout(120_000);
  let testing: TestingHooks;
  let host: VaultHost;
  let dir: string;

  const run = (id: string, steps: Step[]): Promise<ScriptedUi> => runScripted(testing, id, steps, SECRET);

  /** Runs the real `tokenhub vault` CLI function; returns its exit code and output. */
  async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
    let out = '';
    const sink = { write: (text: string) => ((out += text), true) };
    const code = await runVault(args, { stdin: '', stdout: sink, stderr: sink, env: { TOKENHUB_EXPORT_PASSPHRASE: PASSPHRASE, ...env }, cwd: dir });
    assert.ok(!out.includes(SECRET), 'the CLI printed a key');
    return { code, out };
  }

  async function stored(): Promise<Record<string, string | undefined>> {
    const entries = await Promise.all((await host.names()).map(async (name) => [name, await host.keys.get(name)] as const));
    return Object.fromEntries(entries);
  }

  before(async () => {
    ({ testing } = await activateTokenhub());
    host = testing.vault.host;
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-vault-transfer-'));
    for (const name of await host.names()) await host.remove(name);
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exports with a confirmed passphrase; the CLI imports the file on another "machine"', async () => {
    await host.set('openai', SECRET);
    await host.set('anthropic', 'sk-ant-1');
    const file = join(dir, 'export.json');
    const ui = await run('tokenhub.exportVault', [
      ['input', 'short'],
      ['input', PASSPHRASE],
      ['input', 'not the same'],
      ['input', PASSPHRASE],
      ['save', file],
      ['pick', 'Include the names in clear'],
    ]);
    assert.match(ui.validations[0] ?? '', /at least 8 characters/);
    assert.equal(ui.validations[1], 'The two passphrases differ.');
    assert.deepEqual(ui.info, [`Exported 2 keys to ${file}, names in clear.`]);
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(SECRET));
    const envelope = JSON.parse(text) as { format: string; kdf: { N: number; r: number; p: number }; names: string[] };
    assert.equal(envelope.format, 'tokenhub-vault-export');
    assert.deepEqual([envelope.kdf.N, envelope.kdf.r, envelope.kdf.p], [2 ** 17, 8, 1]);
    assert.deepEqual(envelope.names, ['anthropic', 'openai']);
    assert.equal((await stat(file)).mode & 0o777, 0o600);

    const otherMachine = { TOKENHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const vaultFile = join(dir, 'cli-vault.json');
    assert.equal((await cli(['import', file, '--vault', vaultFile], otherMachine)).code, 0);
    const listed = await cli(['list', '--vault', vaultFile], otherMachine);
    assert.equal(listed.out, 'anthropic\nopenai\n');
  });

  it('imports a CLI export; existing names: Cancel, Skip existing, Overwrite', async () => {
    const machine = { TOKENHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const vaultFile = join(dir, 'cli-vault.json');
    const set = async (name: string, key: string): Promise<void> => {
      let out = '';
      const code = await runVault(['set', name, '--vault', vaultFile], { stdin: key, stdout: { write: (t: string) => ((out += t), true) }, stderr: { write: (t: string) => ((out += t), true) }, env: machine, cwd: dir });
      assert.equal(code, 0, out);
    };
    await set('openai', SECRET);
    await set('vllm-box', 'token-2');
    const file = join(dir, 'from-cli.json');
    assert.equal((await cli(['export', file, '--vault', vaultFile], machine)).code, 0);
    await host.set('openai', 'sk-old');

    const cancelled = await run('tokenhub.importVault', [['open', file], ['input', PASSPHRASE], ['warn', undefined]]);
    assert.deepEqual(cancelled.warnings, ['This key is already in the Tokenhub vault: openai.']);
    assert.deepEqual(await stored(), { openai: 'sk-old' });

    const skipped = await run('tokenhub.importVault', [['open', file], ['input', PASSPHRASE], ['warn', 'Skip existing']]);
    assert.deepEqual(skipped.info, ['Imported into the Tokenhub vault: added vllm-box; overwritten none; skipped (already there) openai.']);
    assert.deepEqual(await stored(), { openai: 'sk-old', 'vllm-box': 'token-2' });

    const overwritten = await run('tokenhub.importVault', [['open', file], ['input', PASSPHRASE], ['warn', 'Overwrite']]);
    assert.deepEqual(overwritten.warnings, ['These keys are already in the Tokenhub vault: openai, vllm-box.']);
    assert.deepEqual(await stored(), { openai: SECRET, 'vllm-box': 'token-2' });
  });

  it('refuses a wrong passphrase clearly and changes nothing', async () => {
    await host.set('openai', 'sk-old');
    const other = testing.vault.reopen();
    await other.set('anthropic', SECRET);
    const { text } = await other.export(PASSPHRASE, false);
    await other.remove('anthropic');
    const file = join(dir, 'export.json');
    await vscode.workspace.fs.writeFile(vscode.Uri.file(file), Buffer.from(text));
    const before = await readFile(host.storage.path, 'utf8');
    const ui = await run('tokenhub.importVault', [['open', file], ['input', 'wrong passphrase']]);
    assert.deepEqual(ui.errors, ['The passphrase is wrong, or the export file was altered.']);
    assert.equal(await readFile(host.storage.path, 'utf8'), before);
  });

  it('changes nothing and writes nothing when cancelled at any prompt', async () => {
    await host.set('openai', SECRET);
    const file = join(dir, 'export.json');
    const exportPrefix: Step[] = [['input', PASSPHRASE], ['input', PASSPHRASE], ['save', file], ['pick', 'Keep the names sealed']];
    for (let at = 0; at < exportPrefix.length; at += 1) {
      const steps = exportPrefix.slice(0, at).concat([[(exportPrefix[at] as Step)[0], undefined]]);
      const ui = await run('tokenhub.exportVault', steps);
      assert.deepEqual([ui.info, ui.errors], [[], []]);
      await assert.rejects(stat(file), /ENOENT/);
    }
    await run('tokenhub.exportVault', exportPrefix);
    await host.remove('openai');
    const before = await readFile(host.storage.path, 'utf8');
    await run('tokenhub.importVault', [['open', undefined]]);
    await run('tokenhub.importVault', [['open', file], ['input', undefined]]);
    assert.equal(await readFile(host.storage.path, 'utf8'), before);
    const imported = await run('tokenhub.importVault', [['open', file], ['input', PASSPHRASE]]);
    assert.deepEqual(imported.info, ['Imported into the Tokenhub vault: added openai; overwritten none; skipped (already there) none.']);
    assert.equal(await host.keys.get('openai'), SECRET);
  });

  it('says so when there is nothing to export', async () => {
    const ui = await run('tokenhub.exportVault', []);
    assert.deepEqual(ui.info, ['The Tokenhub vault holds no keys to export.']);
  });
});
