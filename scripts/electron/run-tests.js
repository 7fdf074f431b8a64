#!/usr/bin/env node
// Runs the same in-host suite (out/test/integration) under desktop VS Code through
// @vscode/test-electron, for machines that can download VS Code (on Linux without a display, run it
// under `xvfb-run -a`). Usage: node scripts/electron/run-tests.js [--no-build] [--results FILE]
// TOKENHUB_VSCODE_VERSION picks the VS Code version (default 1.100.3, the lowest that package.json allows).
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { runTests, downloadAndUnzipVSCode } = require('@vscode/test-electron');
const { makeRunDir, removeRunDir } = require('../host/host');

const root = path.resolve(__dirname, '..', '..');
const version = process.env.TOKENHUB_VSCODE_VERSION || '1.100.3';

function argValue(name) {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function main() {
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  let vscodeExecutablePath;
  try {
    vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath: path.join(root, '.vscode-test') });
  } catch (error) {
    throw new Error(
      `could not download VS Code ${version} (${error instanceof Error ? error.message : String(error)}). ` +
        'This machine cannot reach Microsoft\'s update service; run the same suite in code-server with `npm run test:host`.',
    );
  }
  const dirs = makeRunDir('electron', path.join(root, '.vscode-test', 'runs'));
  const resultsFile = path.join(dirs.runDir, 'results.json');
  let exitCode = 1;
  try {
    exitCode = await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
      extensionTestsEnv: { TOKENHUB_TEST_RESULTS: resultsFile, ...(/^\d+\.\d+\.\d+$/.test(version) ? { TOKENHUB_EXPECT_VSCODE: version } : {}) },
      launchArgs: [
        dirs.workspace,
        '--user-data-dir', dirs.userData,
        '--extensions-dir', dirs.extensions,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-gpu',
      ],
    }).catch(() => 1);
  } catch {
    exitCode = 1;
  }
  if (!fs.existsSync(resultsFile)) throw new Error(`VS Code exited with ${exitCode} and wrote no results`);
  const result = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
  result.suite = 'in-host (electron)';
  for (const failure of result.failures) console.error(`\n✘ ${failure.title}\n  ${failure.message}`);
  console.log(`in-host (VS Code ${version}, electron): ${result.passed} passed, ${result.failed} failed`);
  const out = argValue('--results');
  if (out) fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  if (result.failed === 0 && exitCode === 0) removeRunDir(dirs);
  return result.failed === 0 && exitCode === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[electron] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
