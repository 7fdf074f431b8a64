// Where the offline VS Code host lives and which exact versions it is made of (see VSCODE-HOST.md).
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const hostDir = path.join(root, '.host');

module.exports = {
  root,
  hostDir,
  /** code-server and the browser driver, installed together in their own npm folder. */
  installDir: path.join(hostDir, 'code-server'),
  /** Per-run folders (user data, extensions, HOME, chromium profile) go below this one. */
  runsDir: path.join(hostDir, 'runs'),
  pins: {
    'code-server': '4.100.3',
    'playwright-core': '1.64.1',
  },
  ripgrep: {
    /** @vscode/ripgrep's postinstall looks for this file in `$TMPDIR/vscode-ripgrep-cache-<version>/`. */
    cacheFolder: 'vscode-ripgrep-cache-1.15.11',
    asset: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz',
  },
  chromium: process.env.TOKENHUB_CHROMIUM || '/usr/bin/chromium',
};
