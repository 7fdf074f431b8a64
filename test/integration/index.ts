// The in-host test runner: VS Code (code-server here, desktop under @vscode/test-electron) loads this
// module through `extensionTestsPath` and calls `run()` inside its extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';
import type { SuiteResult } from '../../scripts/suiteResult';

// mocha 12's entry is an ES module; its CommonJS build loads in every extension host.
const Mocha = require('mocha/lib/mocha.cjs') as typeof MochaType;

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.TOKENHUB_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = fs
    .readdirSync(__dirname, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.test.js'))
    .sort();
  for (const file of files) mocha.addFile(path.join(__dirname, file));

  const result: SuiteResult = { suite: 'in-host', passed: 0, failed: 0, pending: 0, failures: [], durationMs: 0 };
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

/** The launcher names the file in TOKENHUB_TEST_RESULTS; the counts travel back through it. */
function writeResult(result: SuiteResult): void {
  const file = process.env.TOKENHUB_TEST_RESULTS;
  if (!file) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
}
