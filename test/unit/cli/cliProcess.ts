// The CLI as a user runs it: the entry bundled by esbuild for package.json's `bin`, in a child
// process (starting it takes ~0.1 s, not tsx's seconds). Shared by the subprocess suites.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
export const ENTRY = join(ROOT, 'dist', 'cli.js');

let built = false;

/** Builds dist/ exactly as esbuild.js makes it (encodings in files apart), once per test run. */
export function buildCli(): void {
  if (built) return;
  execFileSync(process.execPath, ['esbuild.js'], { cwd: ROOT });
  built = true;
}

/** A running `tokenhub` child with what it printed so far. */
export interface Child {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `node dist/cli.js ARGS` with only PATH and `env` in its environment. */
export function tokenhub(args: string[], env: Record<string, string> = {}, stdin?: string): Child {
  const child = spawn(process.execPath, [ENTRY, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  if (stdin !== undefined) child.stdin.end(stdin);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Waits until the child's stdout matches `pattern` (or it exits, or `ms` pass: then throws). */
export async function waitFor(child: Child, pattern: RegExp, ms = 20_000): Promise<RegExpMatchArray> {
  const until = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(child.stdout());
    if (match) return match;
    if (child.child.exitCode !== null || Date.now() > until) throw new Error(`no ${pattern} in:\n${child.stdout()}\n${child.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A process's resident memory in bytes, from /proc (undefined once it is gone). */
export function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
