// The in-host test runner: VS Code (code-server here, desktop under @vscode/test-electron) loads this
// module through `extensionTestsPath` and calls `run()` inside its extension host.
// The launcher picks what runs through the environment (it reaches the extension host):
// TOKENHUB_TEST_FILES (comma-separated file names without `.test.js`; empty: all) and TOKENHUB_TEST_GREP.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';
import * as vscode from 'vscode';
import type { SuiteResult } from '../../scripts/suiteResult';

// mocha 12's entry is an ES module; its CommonJS build loads in every extension host.
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;

/** Runs the in-host suite (or the part the launcher asked for); rejects when a test failed. */
export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.TOKENHUB_TEST_GREP;
  if (grep) mocha.grep(grep);
  const all = fs
    .readdirSync(__dirname, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  const result: SuiteResult = { suite: 'in-host', passed: 0, failed: 0, pending: 0, failures: [], durationMs: 0, host: hostFacts() };
  let files: string[];
  try {
    files = selectFiles(all, process.env.TOKENHUB_TEST_FILES ?? '');
  } catch (error) {
    result.failed = 1;
    result.failures.push({ title: 'in-host suite', message: (error as Error).message, stack: '' });
    writeResult(result);
    return Promise.reject(error);
  }
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  const started = Date.now();
  return new Promise<void>((resolve, reject) => {
    const runner = mocha.run((failures) => {
      result.durationMs = Date.now() - started;
      writeResult(result);
      if (failures > 0) reject(new Error(`${failures} in-host test(s) failed.`));
      else resolve();
    });
    runner.on('pass', () => {
      result.passed += 1;
    });
    runner.on('pending', () => {
      result.pending += 1;
    });
    runner.on('fail', (test, error: unknown) => {
      result.failed += 1;
      const err = error instanceof Error ? error : new Error(String(error));
      result.failures.push({ title: test.fullTitle(), message: err.message, stack: err.stack ?? '' });
    });
  });
}

/** The files named in `wanted` (`activation,commands`), or all when it is empty; a name that matches no file is an error. */
function selectFiles(all: string[], wanted: string): string[] {
  const names = wanted.split(',').map((name) => name.trim()).filter(Boolean);
  if (names.length === 0) return all;
  const stem = (file: string): string => file.split(/[\\/]/).join('/').replace(/\.test\.js$/, '');
  const unknown = names.filter((name) => !all.some((file) => stem(file) === name));
  if (unknown.length) {
    throw new Error(`TOKENHUB_TEST_FILES names ${unknown.join(', ')}, which match no test file (there are: ${all.map(stem).join(', ')}).`);
  }
  return all.filter((file) => names.includes(stem(file)));
}

/** What this extension host is, as it says itself: the launcher checks it against the host it started. */
function hostFacts(): NonNullable<SuiteResult['host']> {
  return { vscode: vscode.version, node: process.version, appHost: vscode.env.appHost, uiKind: vscode.UIKind[vscode.env.uiKind] ?? String(vscode.env.uiKind) };
}

/** The launcher names the file in TOKENHUB_TEST_RESULTS; the counts travel back through it. */
function writeResult(result: SuiteResult): void {
  const file = process.env.TOKENHUB_TEST_RESULTS;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
