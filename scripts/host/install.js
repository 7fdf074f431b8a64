#!/usr/bin/env node
// Installs code-server (= VS Code 1.100.3) and playwright-core into .host/code-server, offline except
// for the npm registry. Idempotent: when the pinned versions are already there it does nothing.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { installDir, hostDir, pins, ripgrep, chromium } = require('./paths');

const marker = path.join(installDir, '.installed.json');

function installedVersion(name) {
  try {
    return JSON.parse(fs.readFileSync(path.join(installDir, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

/** True when every pin is present and the last install finished (the marker is written last). */
function isInstalled() {
  try {
    const done = JSON.parse(fs.readFileSync(marker, 'utf8'));
    return Object.entries(pins).every(([name, version]) => done[name] === version && installedVersion(name) === version);
  } catch {
    return false;
  }
}

function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** @vscode/ripgrep downloads `rg` from GitHub; hand it Debian's `rg` through its download cache. */
function seedRipgrepCache(tmpDir) {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep is missing: install the Debian package "ripgrep" (apt-get install ripgrep).');
  const cacheDir = path.join(tmpDir, ripgrep.cacheFolder);
  fs.mkdirSync(cacheDir, { recursive: true });
  const archive = path.join(cacheDir, ripgrep.asset);
  if (!fs.existsSync(archive)) {
    execFileSync('tar', ['czf', archive, '-C', path.dirname(fs.realpathSync(rg)), path.basename(fs.realpathSync(rg))]);
  }
}

/** Runs `fn` holding .host/install.lock, so two test runs in one tree never install at once. */
function withLock(fn) {
  const lock = path.join(hostDir, 'install.lock');
  fs.mkdirSync(hostDir, { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      let owner = NaN;
      try {
        owner = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        // being written; look again
      }
      let alive = false;
      try {
        alive = Number.isInteger(owner) && owner > 0 && (process.kill(owner, 0), true);
      } catch {
        alive = false;
      }
      if (!alive && Number.isInteger(owner) && owner > 0) {
        fs.rmSync(lock, { recursive: true, force: true }); // left by a run that died
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${lock} is held by process ${owner}; remove it if that install is gone.`);
      console.log('[host] another install is running; waiting for it');
      spawnSync('sleep', ['2']);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function install() {
  if (isInstalled()) {
    console.log(`[host] code-server ${pins['code-server']} and playwright-core ${pins['playwright-core']} already installed in ${path.relative(process.cwd(), installDir) || '.'}`);
    return;
  }
  withLock(installUnlocked);
}

function installUnlocked() {
  if (isInstalled()) {
    console.log(`[host] code-server ${pins['code-server']} and playwright-core ${pins['playwright-core']} already installed in ${path.relative(process.cwd(), installDir) || '.'}`);
    return;
  }
  if (!fs.existsSync(chromium)) {
    console.warn(`[host] warning: ${chromium} not found; install the Debian package "chromium" before running the host tests.`);
  }
  const started = Date.now();
  const tmpDir = path.join(hostDir, 'tmp');
  fs.mkdirSync(installDir, { recursive: true });
  fs.mkdirSync(tmpDir, { recursive: true });
  seedRipgrepCache(tmpDir);
  fs.rmSync(marker, { force: true });
  fs.writeFileSync(
    path.join(installDir, 'package.json'),
    `${JSON.stringify({ name: 'tokenhub-host', private: true, description: 'The VS Code host for Tokenhub\'s in-host tests (not shipped).', dependencies: pins }, null, 2)}\n`,
  );
  console.log(`[host] installing ${Object.entries(pins).map(([n, v]) => `${n}@${v}`).join(', ')} (about a minute)…`);
  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_yes: 'true', // node-pty's install runs `npx node-gyp`
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
  };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  let lastError;
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const result = spawnSync(npm, ['install', '--no-save', '--loglevel=error'], { cwd: installDir, env, stdio: 'inherit' });
    if (result.status === 0) {
      lastError = undefined;
      break;
    }
    lastError = new Error(`npm install in ${installDir} exited with ${result.status ?? result.signal}`);
    console.warn(`[host] ${lastError.message}${attempt < 2 ? '; retrying once' : ''}`);
  }
  if (lastError) throw lastError;
  for (const [name, version] of Object.entries(pins)) {
    if (installedVersion(name) !== version) throw new Error(`${name}@${version} did not install (found ${installedVersion(name) ?? 'nothing'}).`);
  }
  fs.writeFileSync(marker, `${JSON.stringify(pins, null, 2)}\n`);
  console.log(`[host] installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

module.exports = { install, isInstalled };

if (require.main === module) {
  try {
    install();
  } catch (error) {
    console.error(`[host] install failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
