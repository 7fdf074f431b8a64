// Concurrent writers of one vault file (issue #10, item 2): real `tokenhub vault set` processes
// started at once must all keep their keys, and a lock left by a dead process is recovered.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCli, tokenhub } from './cliProcess';

const WRITERS = 12;

describe('tokenhub vault: concurrent writers (subprocess)', function () {
  this.timeout(60_000);
  let dir: string;
  const env = { TOKENHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-vault-concurrent-'));
    buildCli();
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const list = async (vault: string): Promise<string[]> => {
    const run = tokenhub(['vault', 'list', '--vault', vault], env);
    assert.equal(await run.exited, 0, run.stderr());
    return run.stdout().split('\n').filter(Boolean);
  };

  for (const round of [1, 2, 3]) {
    it(`keeps every key when ${WRITERS} processes set one each at once (round ${round})`, async () => {
      const vault = join(dir, `vault-${round}.json`);
      const names = Array.from({ length: WRITERS }, (_, i) => `key${String(i).padStart(2, '0')}`);
      const runs = names.map((name) => tokenhub(['vault', 'set', name, '--vault', vault], env, `sk-${name}-${randomBytes(8).toString('hex')}\n`));
      const codes = await Promise.all(runs.map((run) => run.exited));
      codes.forEach((code, i) => assert.equal(code, 0, runs[i]!.stderr()));
      for (const [i, run] of runs.entries()) assert.match(run.stdout(), new RegExp(`Stored the key for "${names[i]}"`));
      assert.deepEqual(await list(vault), names);
      // No lock and no temp file is left behind.
      assert.deepEqual((await readdir(dir)).filter((file) => file.startsWith(`vault-${round}.json`)), [`vault-${round}.json`]);
    });
  }

  it('recovers a lock left by a process that is gone', async () => {
    const vault = join(dir, 'stale.json');
    assert.equal(await tokenhub(['vault', 'set', 'first', '--vault', vault], env, 'sk-first-key\n').exited, 0);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(dead.stdout);
    assert.ok(pid > 0);
    await writeFile(`${vault}.lock`, JSON.stringify({ pid, host: hostname(), created: Date.now(), nonce: 'left-by-a-dead-writer' }));
    const run = tokenhub(['vault', 'set', 'second', '--vault', vault], env, 'sk-second-key\n');
    assert.equal(await run.exited, 0, run.stderr());
    assert.deepEqual(await list(vault), ['first', 'second']);
    assert.deepEqual((await readdir(dir)).filter((file) => file.startsWith('stale.json')), ['stale.json']);
  });
});
