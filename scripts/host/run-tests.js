#!/usr/bin/env node
// Runs the in-host suite (out/test/integration) inside code-server's real extension host, driven by
// chromium. Prints mocha's output and a summary; `--results FILE` also writes the counts as JSON.
// Usage: node scripts/host/run-tests.js [--no-build] [--results FILE]
const fs = require('node:fs');
const path = require('node:path');
const util = require('node:util');
const { spawnSync } = require('node:child_process');
const { root } = require('./paths');
const { install } = require('./install');
const { makeRunDir, removeRunDir, startCodeServer, launchBrowser, workbenchUrl, sleep } = require('./host');

const overallTimeoutMs = Number(process.env.TOKENHUB_HOST_TIMEOUT_MS || 10 * 60_000);
const suiteTimeoutMs = Number(process.env.TOKENHUB_SUITE_TIMEOUT_MS || 5 * 60_000);
const infrastructureAttempts = 2;

function argValue(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** A failure of the host itself (not of a test): worth one more try on a fresh host. */
class HostError extends Error {}

async function runOnce(attempt) {
  const dirs = makeRunDir('tests');
  const resultsFile = path.join(dirs.runDir, 'results.json');
  const server = await startCodeServer(dirs, { env: { TOKENHUB_TEST_RESULTS: resultsFile, TOKENHUB_TEST_GREP: process.env.TOKENHUB_TEST_GREP ?? '', NO_COLOR: '1', FORCE_COLOR: '0' } });
  let browser;
  let cleanAfter = false;
  try {
    console.log(`[host] code-server on ${server.baseUrl} (run folder ${path.relative(root, dirs.runDir)}, attempt ${attempt})`);
    browser = await launchBrowser(dirs);
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
    if (code === 'timeout') throw new HostError(`the in-host suite did not finish within ${suiteTimeoutMs} ms`);
    if (!fs.existsSync(resultsFile)) {
      throw new HostError(`the host exited with ${code} but wrote no results (see ${path.relative(root, server.logFile)})`);
    }
    const result = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    if (code !== 0 && result.failed === 0) result.failures.push({ title: 'host', message: `exit code ${code}`, stack: '' });
    if (result.failed === 0 && code === 0) cleanAfter = true;
    return { result, exitCode: code };
  } finally {
    if (browser) await browser.close();
    await server.stop();
    if (cleanAfter) removeRunDir(dirs);
    else console.warn(`[host] kept ${path.relative(root, dirs.runDir)} for inspection`);
  }
}

async function main() {
  const overall = setTimeout(() => {
    console.error(`[host] gave up after ${overallTimeoutMs} ms (TOKENHUB_HOST_TIMEOUT_MS); stopping everything`);
    process.exit(1); // the exit handler in host.js stops code-server's group and chromium
  }, overallTimeoutMs);
  overall.unref();

  install();
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
  console.log(`in-host (code-server): ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} pending` : ''} in ${(result.durationMs / 1000).toFixed(1)} s`);
  const out = argValue('--results');
  if (out) fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  return result.failed === 0 && outcome.exitCode === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[host] ${error instanceof Error ? error.message : String(error)}`);
    const out = argValue('--results');
    if (out) fs.writeFileSync(out, `${JSON.stringify({ suite: 'in-host', passed: 0, failed: 1, pending: 0, failures: [{ title: 'in-host suite', message: String(error?.message ?? error), stack: '' }], durationMs: 0 }, null, 2)}\n`);
    process.exit(1);
  },
);
