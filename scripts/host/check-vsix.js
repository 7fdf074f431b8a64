#!/usr/bin/env node
// Installs the packaged tokenhub-<version>.vsix into a fresh code-server with `--install-extension`,
// opens the workbench in chromium and checks, like a person would, that the installed extension
// activated: its log says so, its commands are in the command palette, and one of them runs.
// Saves screenshots of the palette, a notification and the editor context menu.
// Runs on both hosts by default: 4.100.3 proves `engines.vscode` ^1.100.0 still installs and activates
// on the oldest VS Code it allows, 4.139.1 that the VS Code users have takes it too.
// Usage: node scripts/host/check-vsix.js [path/to/tokenhub-X.Y.Z.vsix] [--host 4.139.1|4.100.3|current|legacy]
//        [--screenshots DIR (default .host/screenshots/vsix-<host>; DIR/<host> when both run)]
const fs = require('node:fs');
const path = require('node:path');
const { root, hosts, resolveHost } = require('./paths');
const { install } = require('./install');
const { makeRunDir, removeRunDir, startCodeServer, launchBrowser, runCodeServerCli } = require('./host');

const { version, publisher, name, contributes } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const args = process.argv.slice(2);
const shotsAt = args.indexOf('--screenshots');
const shotsDir = shotsAt === -1 ? undefined : path.resolve(args.splice(shotsAt, 2)[1]);
const hostAt = args.indexOf('--host');
const targets = hostAt === -1 ? Object.values(hosts) : [resolveHost(args.splice(hostAt, 2)[1])];
const vsix = path.resolve(args[0] || path.join(root, `${name}-${version}.vsix`));
const overall = setTimeout(() => {
  console.error(`[vsix] gave up after ${4 * targets.length} minutes`);
  process.exit(1);
}, 4 * targets.length * 60_000);
overall.unref();

function findFiles(dir, predicate, found = []) {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, predicate, found);
    else if (predicate(full)) found.push(full);
  }
  return found;
}

async function runFromPalette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row.focused').first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

async function main() {
  if (!fs.existsSync(vsix)) throw new Error(`${path.relative(root, vsix)} is missing: run \`npm run package\` first`);
  let ok = true;
  for (const host of targets) ok = (await checkOn(host)) && ok;
  return ok ? 0 : 1;
}

/** Installs the .vsix into a fresh code-server of one host and checks it there; true when all checks hold. */
async function checkOn(host) {
  install(host.id);
  const docs = shotsDir ? (targets.length > 1 ? path.join(shotsDir, host.id) : shotsDir) : path.join(root, '.host', 'screenshots', `vsix-${host.id}`);
  console.log(`\n[vsix] ${path.basename(vsix)} on code-server ${host.id} = VS Code ${host.vscode}`);
  const dirs = makeRunDir(`vsix-${host.id}`);
  const checks = [];
  const check = (ok, what) => {
    checks.push(ok);
    console.log(`${ok ? '✔' : '✘'} ${what}`);
  };

  const started = Date.now();
  const output = await runCodeServerCli(host.id, dirs, ['--install-extension', vsix]);
  const installed = fs.readdirSync(dirs.extensions).filter((entry) => entry.startsWith(`${publisher}.${name}-`));
  check(installed.includes(`${publisher}.${name}-${version}`), `--install-extension put ${publisher}.${name}-${version} in the extensions folder (${Date.now() - started} ms): ${output.trim().split('\n').pop()}`);
  check(!fs.existsSync(path.join(dirs.extensions, installed[0] ?? '-', 'node_modules')), 'the installed extension carries no node_modules');

  const server = await startCodeServer(host.id, dirs);
  const browser = await launchBrowser(host.id, dirs);
  try {
    const page = await browser.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.baseUrl}/?folder=${encodeURIComponent(dirs.workspace)}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    console.log(`workbench visible ${Date.now() - started} ms after the install began`);

    // onStartupFinished activates Tokenhub; its LogOutputChannel writes a file in the server's logs.
    let logText = '';
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && !logText.includes('activated')) {
      const logs = findFiles(path.join(dirs.userData, 'logs'), (file) => file.includes(`${publisher}.${name}`) && file.endsWith('.log'));
      logText = logs.map((file) => fs.readFileSync(file, 'utf8')).join('\n');
      if (!logText.includes('activated')) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const line = logText.split('\n').find((l) => l.includes('activated')) ?? '';
    check(line.includes(`version=${version}`), `the installed extension activated; its log says: "${line.trim()}"`);

    // The command palette lists every Tokenhub command.
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('>Tokenhub');
    await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 15_000 });
    await page.waitForTimeout(500);
    const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
    const shown = rows.map((row) => row.replace(/\s+/g, ' ').trim());
    fs.mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: path.join(docs, 'command-palette.png') });
    console.log(`palette rows (${shown.length}): ${shown.join(' | ')}`);
    // A fresh window: the local API stopped, an empty vault, no selection, no proposal. Commands whose
    // `when` says they cannot run then stay out of the palette; the rest are all there.
    const hiddenWhen = new Map(contributes.menus.commandPalette.map((entry) => [entry.command, entry.when]));
    const runnable = (c) => !hiddenWhen.has(c.command) || hiddenWhen.get(c.command) === '!tokenhub.localApiRunning';
    const titles = contributes.commands.filter(runnable).map((c) => `${c.category}: ${c.title}`);
    const hidden = contributes.commands.filter((c) => !runnable(c)).map((c) => `${c.category}: ${c.title}`);
    const visible = shown.filter((row) => titles.some((title) => row.includes(title)));
    const missing = titles.filter((title) => !shown.some((row) => row.includes(title)));
    check(missing.length === 0 && visible.length === shown.length, `the palette shows the ${titles.length} Tokenhub commands that can run for ">Tokenhub"${missing.length ? `; missing: ${missing.join(', ')}` : ''}`);
    const leaked = hidden.filter((title) => shown.some((row) => row.includes(title)));
    check(leaked.length === 0, `and hides the ${hidden.length} that cannot${leaked.length ? `; shown: ${leaked.join(', ')}` : ''}`);
    await page.keyboard.press('Escape');

    // A command runs in the installed extension: "Ask…" asks for a prompt (Escape dismisses it).
    await runFromPalette(page, 'Tokenhub: Ask…');
    const askBox = page.locator('.quick-input-widget').filter({ hasText: 'Ask any model' });
    const asked = await askBox.first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(docs, 'ask-input.png') });
    check(asked, '"Tokenhub: Ask…" ran and asks for a prompt');
    await page.keyboard.press('Escape');

    // The editor's context menu offers the review when there is a selection.
    await page.keyboard.press('Control+P');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('plan.md');
    await page.locator('.quick-input-widget .monaco-list-row.focused').first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    const lines = page.locator('.monaco-editor .view-lines').first();
    await lines.waitFor({ timeout: 15_000 });
    await lines.click();
    await page.keyboard.press('Control+A');
    await lines.click({ button: 'right', position: { x: 60, y: 30 } });
    const item = page.locator('.monaco-menu .action-label').filter({ hasText: 'Adversarial Review of Selection' });
    const inMenu = await item.first().waitFor({ timeout: 10_000 }).then(() => true, () => false);
    await page.screenshot({ path: path.join(docs, 'editor-context-menu.png') });
    check(inMenu, 'the editor context menu offers "Adversarial Review of Selection" for a selection');
    await page.keyboard.press('Escape');
  } finally {
    await browser.close();
    await server.stop();
  }
  const ok = checks.every(Boolean);
  if (ok) removeRunDir(dirs);
  else console.warn(`[vsix] kept ${path.relative(root, dirs.runDir)} for inspection`);
  console.log(`vsix check on code-server ${host.id} = VS Code ${host.vscode}: ${checks.filter(Boolean).length} of ${checks.length} checks ok; screenshots in ${path.relative(root, docs)}`);
  return ok;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[vsix] ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
