// Starts code-server (a real VS Code server and extension host: 4.139.1 on Node 24 or 4.100.3 on the
// machine's Node 20, see paths.js) on loopback in a private run folder, and Debian's chromium through
// playwright-core to open its workbench. Everything started here is stopped by `stop()`, also when
// this process exits or is interrupted.
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { runsDir, chromium, resolveHost, hostNode, hostPathEnv, codeServerEntry } = require('./paths');

const userSettings = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'chat.disableAIFeatures': true,
  // 1.139 opens the secondary side bar (chat) by default; 1.100 ignores the setting.
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/** Stops everything registered here; called on exit and on signals, so nothing is left behind. */
const cleanups = new Set();
function runCleanupsSync() {
  for (const cleanup of cleanups) {
    try {
      cleanup();
    } catch {
      // best effort while exiting
    }
  }
  cleanups.clear();
}
process.on('exit', runCleanupsSync);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    runCleanupsSync();
    process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
  });
}

/** A free TCP port on 127.0.0.1 (the port-0 trick). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Makes a fresh run folder with HOME, XDG dirs, user settings and a small workspace. */
function makeRunDir(name, baseDir = runsDir) {
  const runDir = path.join(baseDir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  const dirs = {
    runDir,
    home: path.join(runDir, 'home'),
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    workspace: path.join(runDir, 'workspace'),
    // Outside the run folder: VS Code's IPC socket paths there must stay under 107 characters.
    tmp: fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-')),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify(userSettings, null, 2)}\n`);
  fs.mkdirSync(path.join(dirs.workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dirs.workspace, '.vscode', 'settings.json'), '{}\n');
  fs.writeFileSync(path.join(dirs.workspace, 'plan.md'), '# A plan\n\n1. Read the config.\n2. Route the request.\n');
  return dirs;
}

/** Removes a run folder and its temp folder (kept when TOKENHUB_KEEP_RUNS is set, for debugging). */
function removeRunDir(dirs) {
  if (process.env.TOKENHUB_KEEP_RUNS) return;
  fs.rmSync(dirs.runDir, { recursive: true, force: true });
  fs.rmSync(dirs.tmp, { recursive: true, force: true });
}

/** The environment code-server (and so the extension host) runs in: private, offline, quiet. */
function hostEnv(host, dirs, extra) {
  return {
    ...hostPathEnv(host),
    HOME: dirs.home,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
    XDG_DATA_HOME: path.join(dirs.home, '.local', 'share'),
    XDG_CACHE_HOME: path.join(dirs.home, '.cache'),
    TMPDIR: dirs.tmp,
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items' }),
    ...extra,
  };
}

function codeServerArgs(host, dirs, port) {
  return [
    ...host.serverArgs,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
}

/** Runs `code-server ARGS` of a host to completion (for --install-extension and the like). */
function runCodeServerCli(hostName, dirs, args, timeoutMs = 120_000) {
  const host = resolveHost(hostName);
  return new Promise((resolve, reject) => {
    const child = spawn(hostNode(host), [codeServerEntry(host), '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, ...args], {
      env: hostEnv(host, dirs, {}),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const kill = () => killGroup(child.pid, 'SIGKILL');
    cleanups.add(kill);
    const timer = setTimeout(() => {
      kill();
      reject(new Error(`code-server ${args.join(' ')} took longer than ${timeoutMs} ms\n${output}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      cleanups.delete(kill);
      kill(); // any helper it left in its group
      if (code === 0) resolve(output);
      else reject(new Error(`code-server ${args.join(' ')} exited with ${code}\n${output}`));
    });
  });
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await sleep(200);
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * Starts a host's code-server in its own process group and waits for /healthz. Retries on a fresh
 * port when a start fails (a port taken between the probe and the bind, a slow first start).
 */
async function startCodeServer(hostName, dirs, { env = {}, attempts = 3, healthTimeoutMs = 60_000 } = {}) {
  const host = resolveHost(hostName);
  let lastError;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    const port = await freePort();
    const logFile = path.join(dirs.runDir, `code-server-${attempt}.log`);
    const log = fs.openSync(logFile, 'a');
    const child = spawn(hostNode(host), [codeServerEntry(host), ...codeServerArgs(host, dirs, port), dirs.workspace], {
      env: hostEnv(host, dirs, env),
      detached: true, // setsid: its own process group, stopped as a whole
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    const pid = child.pid;
    const stopNow = () => killGroup(pid, 'SIGKILL');
    cleanups.add(stopNow);
    const stop = async () => {
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 5_000;
      while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
      killGroup(pid, 'SIGKILL');
      cleanups.delete(stopNow);
    };
    try {
      await waitForHealth(`http://127.0.0.1:${port}/healthz`, child, healthTimeoutMs);
      return { host, port, pid, logFile, baseUrl: `http://127.0.0.1:${port}`, stop };
    } catch (error) {
      lastError = error;
      await stop();
      console.warn(`[host] start ${attempt}/${attempts} failed: ${error.message}`);
    }
  }
  throw lastError;
}

/** Each host folder carries the same pinned playwright-core; this process (Node 20) loads it. */
function loadPlaywright(host) {
  return require(path.join(host.installDir, 'node_modules', 'playwright-core'));
}

/** Launches Debian's chromium headless; Playwright stops the browser's whole process tree on close. */
async function launchBrowser(hostName, dirs) {
  if (!fs.existsSync(chromium)) throw new Error(`${chromium} is missing: apt-get install chromium`);
  const { chromium: driver } = loadPlaywright(resolveHost(hostName));
  const browser = await driver.launch({
    executablePath: chromium,
    headless: true,
    env: { ...process.env, TMPDIR: dirs.tmp },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const close = () => browser.close().catch(() => undefined);
  return { browser, close };
}

/** The workbench URL that makes the web workbench load an extension under development and run tests. */
function workbenchUrl(baseUrl, port, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(extensionDevelopmentPath)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true']);
  return `${baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

module.exports = { makeRunDir, removeRunDir, startCodeServer, launchBrowser, workbenchUrl, runCodeServerCli, sleep };
