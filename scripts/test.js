#!/usr/bin/env node
// `npm test`: lint, type-check, build, the unit suite (mocha in plain Node), then the in-host suite in
// each code-server host (real extension hosts): all of it on 4.139.1, the smoke part on 4.100.3. Ends
// with one line "N passed, N failed" covering every suite; a check that fails (lint, types, build)
// counts as one failure. Exits non-zero if anything failed.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { hosts } = require('./host/paths');

const root = path.resolve(__dirname, '..');
const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-test-'));
const npx = (bin) => path.join(root, 'node_modules', '.bin', bin);

/** Runs a step with its output shown; returns whether it passed and how long it took. */
function step(name, command, args, env = {}) {
  console.log(`\n━━ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = result.status === 0;
  console.log(`━━ ${name}: ${ok ? 'ok' : `failed (${result.status ?? result.signal})`} in ${seconds} s`);
  return ok;
}

function readResult(file, suite) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { suite, passed: 0, failed: 1, pending: 0, failures: [{ title: suite, message: 'the suite wrote no results (it crashed before or while running)', stack: '' }] };
  }
}

const checks = [];
const suites = [];

checks.push(['lint', step('lint (eslint)', npx('eslint'), ['.'])]);
checks.push(['typecheck', step('typecheck (tsc --noEmit, strict)', npx('tsc'), ['--noEmit', '-p', '.']) && step('typecheck media', npx('tsc'), ['--noEmit', '-p', 'media'])]);
const built = step('build (esbuild)', process.execPath, ['esbuild.js']);
checks.push(['build', built]);

const unitFile = path.join(resultsDir, 'unit.json');
step('unit tests (mocha, plain Node)', process.execPath, [require.resolve('mocha/bin/mocha.js'), '--reporter', path.join(__dirname, 'unitReporter.js')], {
  TOKENHUB_UNIT_RESULTS: unitFile,
});
suites.push(readResult(unitFile, 'unit'));

for (const host of Object.values(hosts)) {
  const part = host.suite === 'all' ? 'whole suite' : `smoke part: ${host.suite.join(', ')}`;
  const suite = `in-host ${host.id}`;
  if (!built) {
    suites.push({ suite, passed: 0, failed: 1, pending: 0, failures: [{ title: suite, message: 'not run: the build failed', stack: '' }] });
    continue;
  }
  const hostFile = path.join(resultsDir, `host-${host.id}.json`);
  step(`in-host tests on code-server ${host.id} = VS Code ${host.vscode} (${part})`, process.execPath, [path.join(__dirname, 'host', 'run-tests.js'), '--host', host.id, '--no-build', '--results', hostFile]);
  suites.push(readResult(hostFile, suite));
}

console.log('\n━━ summary');
for (const [name, ok] of checks) console.log(`${ok ? '✔' : '✘'} ${name}`);
for (const suite of suites) {
  const where = suite.host ? ` (VS Code ${suite.host.vscode}, Node ${suite.host.node})` : '';
  console.log(`${suite.failed ? '✘' : '✔'} ${suite.suite}${where}: ${suite.passed} passed, ${suite.failed} failed${suite.pending ? `, ${suite.pending} pending` : ''}`);
  for (const failure of suite.failures) console.log(`    ✘ ${failure.title}: ${failure.message.split('\n')[0]}`);
}
for (const suite of suites) {
  if (suite.passed + suite.failed === 0) {
    console.log(`✘ ${suite.suite}: ran no test`);
    suite.failed = 1;
  }
}
const failedChecks = checks.filter(([, ok]) => !ok).length;
const passed = suites.reduce((sum, s) => sum + s.passed, 0);
const failed = suites.reduce((sum, s) => sum + s.failed, 0) + failedChecks;
fs.rmSync(resultsDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
