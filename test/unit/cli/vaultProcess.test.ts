// The real entry point in a child process: what a user's shell sees.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const SECRET = 'sk-proc-SECRET-zyxwvutsrqponm9876';

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tokenhub(args: string[], stdin: string, env: Record<string, string>): Promise<Outcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('tokenhub vault (subprocess)', function () {
  this.timeout(60000);
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tokenhub-vault-proc-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('stores a key given on stdin without echoing it, in a 0600 file, and moves it by export', async () => {
    const master = randomBytes(32).toString('base64');
    const vault = join(dir, 'vault.json');
    const env = { TOKENHUB_ENCRYPTION_KEY: master };
    const outcomes: Outcome[] = [];
    const step = async (args: string[], stdin: string, stepEnv = env): Promise<Outcome> => {
      const outcome = await tokenhub(['vault', ...args], stdin, stepEnv);
      outcomes.push(outcome);
      return outcome;
    };

    const set = await step(['set', 'openai', '--vault', vault], `${SECRET}\n`);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /Stored the key for "openai"/);
    assert.equal((await stat(vault)).mode & 0o777, 0o600);
    assert.ok(!(await readFile(vault, 'utf8')).includes(SECRET));
    assert.deepEqual(await step(['list', '--vault', vault], ''), { code: 0, stdout: 'openai\n', stderr: '' });

    const exportFile = join(dir, 'export.json');
    assert.equal((await step(['export', exportFile, '--vault', vault], 'passphrase for the subprocess\n')).code, 0);
    assert.equal((await stat(exportFile)).mode & 0o777, 0o600);
    const target = join(dir, 'target.json');
    const otherEnv = { TOKENHUB_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TOKENHUB_EXPORT_PASSPHRASE: 'passphrase for the subprocess' };
    const imported = await step(['import', exportFile, '--vault', target], '', otherEnv);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /added openai/);

    const usage = await step(['set', 'openai', SECRET, '--vault', vault], '');
    assert.equal(usage.code, 2);
    const badKey = await step(['set', 'openai', '--vault', vault], SECRET, { TOKENHUB_ENCRYPTION_KEY: 'short' });
    assert.equal(badKey.code, 1);
    assert.match(badKey.stderr, /openssl rand -base64 32/);

    for (const { stdout, stderr } of outcomes) {
      for (const secret of [SECRET, master]) assert.ok(!stdout.includes(secret) && !stderr.includes(secret), 'a secret reached the output');
    }
  });
});
