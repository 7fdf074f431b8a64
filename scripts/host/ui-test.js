#!/usr/bin/env node
// The adversarial panel driven like a person, in chromium against code-server with the extension
// under development and two fake upstreams (started here, streaming slowly enough to watch): open a
// file, select code, right-click → "Adversarial Review of Selection", watch the three phases fill
// in, screenshot in the dark theme and the light one, then run it again and press Cancel.
// Screenshots: docs/panel-dark.png, docs/panel-light.png (for the README), .host/screenshots/panel-*.png.
// Runs on code-server 4.139.1 (VS Code 1.139.1, what users have; the screenshots show it) unless
// `--host 4.100.3` (or `legacy`) is given.
// Usage: node scripts/host/ui-test.js [--host 4.139.1|4.100.3|current|legacy] [--no-build]
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { root, resolveHost, defaultHost } = require('./paths');
const { install } = require('./install');
const { makeRunDir, removeRunDir, startCodeServer, launchBrowser, workbenchUrl, sleep } = require('./host');
const { PLAN, CRITIQUE, REFINE, SAMPLE } = require('./uiTexts');

const hostAt = process.argv.indexOf('--host');
const host = resolveHost(hostAt === -1 ? defaultHost : process.argv[hostAt + 1]);
const docs = path.join(root, 'docs');
const shots = path.join(root, '.host', 'screenshots');
const overall = setTimeout(() => {
  console.error('[ui] gave up after 6 minutes');
  process.exit(1);
}, 6 * 60_000);
overall.unref();

const checks = [];
function check(ok, what) {
  checks.push(ok);
  console.log(`${ok ? '✔' : '✘'} ${what}`);
}

/** The fakes are TypeScript; tsx loads them in this process. */
async function startFakes() {
  require('tsx/cjs');
  const { startFakeUpstream } = require(path.join(root, 'test', 'fixtures', 'fakeUpstream', 'server.ts'));
  const openai = await startFakeUpstream({ dialect: 'openai', apiKey: 'sk-ui-openai' });
  const anthropic = await startFakeUpstream({ dialect: 'anthropic', apiKey: 'sk-ui-anthropic' });
  openai.setDefault((request) => {
    const last = request.body?.messages?.at(-1)?.content ?? '';
    return { text: last.includes('\n\nCritique:\n') ? REFINE : PLAN, chunkDelayMs: 35, usage: { prompt: 412, completion: 268 } };
  });
  anthropic.setDefault({ text: CRITIQUE, chunkDelayMs: 35, usage: { prompt: 655, completion: 190 } });
  return { openai, anthropic, close: () => Promise.all([openai.close(), anthropic.close()]) };
}

/**
 * The providers and models go into the workspace settings: `tokenhub.*` are machine-overridable, and
 * code-server's window is a remote one, where user-level machine settings may not apply.
 */
function writeSettings(dirs, fakes) {
  const user = path.join(dirs.userData, 'User', 'settings.json');
  const userSettings = JSON.parse(fs.readFileSync(user, 'utf8'));
  Object.assign(userSettings, { 'editor.minimap.enabled': false, 'window.commandCenter': false, 'workbench.layoutControl.enabled': false });
  fs.writeFileSync(user, `${JSON.stringify(userSettings, null, 2)}\n`);
  const file = path.join(dirs.workspace, '.vscode', 'settings.json');
  const settings = {};
  Object.assign(settings, {
    'tokenhub.providers': [
      { name: 'openai', type: 'openai', base_url: fakes.openai.url, api_key_env: 'TOKENHUB_UI_OPENAI_KEY' },
      { name: 'anthropic', type: 'anthropic', base_url: fakes.anthropic.url, api_key_env: 'TOKENHUB_UI_ANTHROPIC_KEY' },
    ],
    'tokenhub.models': [
      { id: 'gpt-4o', provider: 'openai', name: 'gpt-4o', weight: 80, cost_per_1k: 0.005, context_size: 128000, capabilities: ['chat', 'completion', 'code'] },
      { id: 'claude-sonnet', provider: 'anthropic', name: 'claude-sonnet', weight: 78, cost_per_1k: 0.006, context_size: 200000, capabilities: ['chat', 'code'] },
    ],
  });
  fs.writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** The frame of the panel's webview (code-server nests it inside its own iframe). */
async function panelFrame(page, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const found = await frame.$('.phases').catch(() => null);
      if (found) return frame;
    }
    await sleep(200);
  }
  await page.screenshot({ path: path.join(shots, 'ui-failure.png') });
  throw new Error('the Tokenhub panel did not appear (see .host/screenshots/ui-failure.png)');
}

async function reviewFromContextMenu(page) {
  const lines = page.locator('.monaco-editor .view-lines').first();
  await lines.click({ position: { x: 40, y: 5 } });
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 11; i += 1) await page.keyboard.press('Shift+ArrowDown');
  await lines.click({ button: 'right', position: { x: 120, y: 60 } });
  const item = page.locator('.monaco-menu .action-label').filter({ hasText: 'Adversarial Review of Selection' });
  await item.first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(shots, 'panel-context-menu.png') });
  await item.first().click();
}

/** Picks a colour theme through "Preferences: Color Theme", as a person would. */
async function setTheme(page, theme) {
  await page.locator('.monaco-editor .view-lines').first().click({ position: { x: 40, y: 5 } });
  // Ctrl+K Ctrl+T: "Preferences: Color Theme".
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  // The picker lists the themes ("Dark Modern": VS Code 1.100 shows it as "Default Dark Modern", 1.139 plainly).
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Dark Modern' }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.type(theme);
  await sleep(300);
  await page.screenshot({ path: path.join(shots, 'theme-picker.png') });
  await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: theme }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(theme.includes('Dark') ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs').waitFor({ timeout: 15_000 });
}

async function phaseStatuses(frame) {
  return frame.$$eval('.phase', (nodes) => nodes.map((n) => `${n.dataset.phase}:${n.dataset.status}`));
}

async function main() {
  install(host.id);
  if (!process.argv.includes('--no-build')) {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('the build failed');
  }
  fs.mkdirSync(shots, { recursive: true });
  const fakes = await startFakes();
  const dirs = makeRunDir(`ui-${host.id}`);
  fs.writeFileSync(path.join(dirs.workspace, 'fetchUser.ts'), SAMPLE);
  writeSettings(dirs, fakes);
  const server = await startCodeServer(host.id, dirs, { env: { TOKENHUB_UI_OPENAI_KEY: 'sk-ui-openai', TOKENHUB_UI_ANTHROPIC_KEY: 'sk-ui-anthropic' } });
  const browser = await launchBrowser(host.id, dirs);
  console.log(`[ui] code-server ${host.id} = VS Code ${host.vscode} on ${server.baseUrl}`);
  let page;
  try {
    page = await browser.browser.newPage({ viewport: { width: 1600, height: 1080 } });
    await page.goto(workbenchUrl(server.baseUrl, server.port, { folder: dirs.workspace, extensionDevelopmentPath: root }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Tokenhub has activated once its status bar item shows.
    await page.locator('.statusbar-item').filter({ hasText: 'Tokenhub' }).first().waitFor({ timeout: 60_000 });

    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input.input');
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('fetchUser.ts');
    await page.locator('.quick-input-widget .monaco-list-row.focused').first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
    await sleep(500);

    await setTheme(page, 'Dark Modern');
    await page.keyboard.press('Control+B'); // hide the side bar: room for the panel
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 });

    // Run 1: to the end.
    await reviewFromContextMenu(page);
    const frame = await panelFrame(page);
    const seen = new Set();
    const deadline = Date.now() + 90_000;
    let statuses = [];
    while (Date.now() < deadline) {
      statuses = await phaseStatuses(frame);
      for (const s of statuses) seen.add(s);
      if (statuses.includes('critique:streaming') && !fs.existsSync(path.join(shots, 'panel-streaming.png'))) await page.screenshot({ path: path.join(shots, 'panel-streaming.png') });
      if (statuses.join() === 'plan:done,critique:done,refine:done') break;
      await sleep(100);
    }
    check(['plan:streaming', 'critique:streaming', 'refine:streaming'].every((s) => seen.has(s)), `each phase was seen streaming (${[...seen].join(', ')})`);
    check(statuses.join() === 'plan:done,critique:done,refine:done', `the three phases finished (${statuses.join(', ')})`);
    const routes = await frame.$$eval('.phase-route', (nodes) => nodes.map((n) => n.textContent));
    check(routes.join('|') === 'gpt-4o · openai|claude-sonnet · anthropic|gpt-4o · openai', `each phase names its model and provider (${routes.join(' | ')})`);
    const figures = await frame.$$eval('.phase-figures', (nodes) => nodes.map((n) => n.textContent));
    check(figures.every((f) => /tokens · \$0\.\d{4} · \d+\.\d s$/.test(f ?? '')), `each phase shows tokens, cost and time (${figures.join(' | ')})`);
    const injected = await frame.$$eval('.phase-body img, .phase-body script', (nodes) => nodes.length);
    check(injected === 0, 'HTML in the model output stayed text (no <img>/<script> elements)');
    check((await frame.$$('.phase-body pre code')).length >= 2, 'fenced code blocks render as code');
    const dark = await frame.evaluate(() => document.body.className);
    check(dark.includes('vscode-dark'), `the panel follows the dark theme (body class "${dark}")`);
    await sleep(600);
    await page.screenshot({ path: path.join(docs, 'panel-dark.png') });

    // The same panel follows the editor's theme.
    await setTheme(page, 'Light Modern');
    const light = await frame
      .waitForFunction(() => document.body.classList.contains('vscode-light'), undefined, { timeout: 20_000 })
      .then(() => true, () => false);
    check(light, 'the panel switched to the light theme with the editor');
    await sleep(800);
    await page.screenshot({ path: path.join(docs, 'panel-light.png') });

    // Run 2: cancelled from the panel while the critique streams.
    await page.locator('.monaco-editor .view-lines').first().click({ position: { x: 40, y: 5 } });
    const framesBefore = new Set(page.frames());
    await reviewFromContextMenu(page);
    let second;
    const until = Date.now() + 30_000;
    while (!second && Date.now() < until) {
      for (const f of page.frames()) if (!framesBefore.has(f) && (await f.$('.phases').catch(() => null))) second = f;
      if (!second) await sleep(200);
    }
    if (!second) throw new Error('the second panel did not appear');
    await second.waitForSelector('.phase[data-phase="critique"][data-status="streaming"]', { timeout: 60_000 });
    await second.click('button.action-cancel');
    await second.waitForSelector('.phase[data-phase="critique"][data-status="cancelled"]', { timeout: 15_000 });
    const after = await phaseStatuses(second);
    check(after.join() === 'plan:done,critique:cancelled,refine:skipped', `Cancel stopped the run in its critique (${after.join(', ')})`);
    check(await second.$eval('.action-cancel', (b) => b.hidden), 'the Cancel button is gone once the run stopped');
    await sleep(500);
    await page.screenshot({ path: path.join(shots, 'panel-cancelled.png') });
  } catch (error) {
    // What the page showed when a step gave up: the quickest way to see what changed.
    if (page) await page.screenshot({ path: path.join(shots, 'ui-failure.png') }).catch(() => undefined);
    console.error(`[ui] failed on code-server ${host.id}; the page at that moment: ${path.relative(root, path.join(shots, 'ui-failure.png'))}`);
    throw error;
  } finally {
    await browser.close();
    await server.stop();
    await fakes.close();
  }
  const ok = checks.every(Boolean);
  if (ok) removeRunDir(dirs);
  else console.warn(`[ui] kept ${path.relative(root, dirs.runDir)} for inspection`);
  console.log(`ui test on code-server ${host.id} = VS Code ${host.vscode}: ${checks.filter(Boolean).length} of ${checks.length} checks ok; screenshots docs/panel-dark.png, docs/panel-light.png, ${path.relative(root, shots)}/panel-*.png`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[ui] ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
