#!/usr/bin/env node
// The first hour driven like a person, in chromium against code-server with the extension under
// development and two fake upstreams (started here, streaming slowly enough to watch), from a fresh
// window with no provider and no key:
//   the status bar warns and the walkthrough opens; Add Provider… from the walkthrough (OpenAI, its
//   models listed by the fake's own /models) and from the palette (Anthropic); Ask on a selection with
//   Ctrl+K A, a follow-up in the panel answered by the model picked for it; Insert, which shows the
//   answer's code as a diff (Discard, then Apply from the diff's title); the adversarial review from
//   the context menu; then the same views in the light theme, and a review cancelled from its panel.
// Screenshots (for the README and the walkthrough): docs/{walkthrough,add-provider,ask,insert-diff,panel}-{dark,light}.png;
// more in .host/screenshots/. Runs on code-server 4.139.1 (VS Code 1.139.1, what users have) unless
// `--host 4.100.3` (or `legacy`) is given.
// Usage: node scripts/host/ui-test.js [--host 4.139.1|4.100.3|current|legacy] [--no-build]
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { root, resolveHost, defaultHost } = require('./paths');
const { install } = require('./install');
const { makeRunDir, removeRunDir, startCodeServer, launchBrowser, workbenchUrl, sleep } = require('./host');
const { PLAN, CRITIQUE, REFINE, SAMPLE, ASK_QUESTION, ASK_ANSWER, FOLLOW_UP, FOLLOW_UP_ANSWER, ASK_MARK } = require('./uiTexts');
const ui = require('./uiSteps');

const hostAt = process.argv.indexOf('--host');
const host = resolveHost(hostAt === -1 ? defaultHost : process.argv[hostAt + 1]);
const docs = path.join(root, 'docs');
const shots = path.join(root, '.host', 'screenshots');
const overall = setTimeout(() => {
  console.error('[ui] gave up after 9 minutes');
  process.exit(1);
}, 9 * 60_000);
overall.unref();

const checks = [];
function check(ok, what) {
  checks.push(ok);
  console.log(`${ok ? '✔' : '✘'} ${what}`);
}

const KEYS = { openai: 'sk-ui-openai-key-0001', anthropic: 'sk-ant-ui-key-0002' };

/** The fakes are TypeScript; tsx loads them in this process. Ask's requests are told apart by their system prompt. */
async function startFakes() {
  require('tsx/cjs');
  const { startFakeUpstream } = require(path.join(root, 'test', 'fixtures', 'fakeUpstream', 'server.ts'));
  const openai = await startFakeUpstream({ dialect: 'openai', apiKey: KEYS.openai, models: [{ id: 'gpt-5.5' }, { id: 'gpt-5.4-mini' }, { id: 'text-embedding-3-small' }, { id: 'whisper-1' }] });
  const anthropic = await startFakeUpstream({ dialect: 'anthropic', apiKey: KEYS.anthropic, models: [{ id: 'claude-sonnet-4-5', displayName: 'Claude Sonnet 4.5' }, { id: 'claude-haiku-4-5', displayName: 'Claude Haiku 4.5' }] });
  const isAsk = (request) => JSON.stringify(request.body ?? '').includes(ASK_MARK);
  const isFollowUp = (request) => JSON.stringify(request.body ?? '').includes(FOLLOW_UP);
  openai.setDefault((request) => {
    if (isAsk(request)) return { text: isFollowUp(request) ? FOLLOW_UP_ANSWER : ASK_ANSWER, chunkDelayMs: 20, usage: { prompt: 231, completion: 118 } };
    const last = request.body?.messages?.at(-1)?.content ?? '';
    return { text: last.includes('\n\nCritique:\n') ? REFINE : PLAN, chunkDelayMs: 35, usage: { prompt: 412, completion: 268 } };
  });
  anthropic.setDefault((request) => {
    if (isAsk(request)) return { text: isFollowUp(request) ? FOLLOW_UP_ANSWER : ASK_ANSWER, chunkDelayMs: 20, usage: { prompt: 356, completion: 74 } };
    return { text: CRITIQUE, chunkDelayMs: 35, usage: { prompt: 655, completion: 190 } };
  });
  return { openai, anthropic, close: () => Promise.all([openai.close(), anthropic.close()]) };
}

/** A fresh user: no provider, no key. The workspace names the review's planner and critic, so the panel's routes are known. */
function writeSettings(dirs) {
  const user = path.join(dirs.userData, 'User', 'settings.json');
  const userSettings = JSON.parse(fs.readFileSync(user, 'utf8'));
  Object.assign(userSettings, { 'editor.minimap.enabled': false, 'window.commandCenter': false, 'workbench.layoutControl.enabled': false });
  fs.writeFileSync(user, `${JSON.stringify(userSettings, null, 2)}\n`);
  const settings = { 'tokenhub.adversarial.planner': 'gpt-5.5', 'tokenhub.adversarial.critic': 'claude-sonnet-4-5' };
  fs.writeFileSync(path.join(dirs.workspace, '.vscode', 'settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/** Add Provider… as a person answers it; returns when its report shows. */
async function addProvider(page, { type, name, url, key, shot }) {
  await ui.quickStep(page, 'Add Provider (1/5)');
  await ui.pick(page, type);
  await ui.quickStep(page, 'Add Provider (2/5)');
  await ui.answer(page, name, 'Add Provider (2/5)');
  await ui.quickStep(page, 'Add Provider (3/5)');
  await ui.answer(page, url, 'Add Provider (3/5)');
  await ui.quickStep(page, 'Add Provider (4/5)');
  await ui.answer(page, key, 'Add Provider (4/5)');
  await ui.quickStep(page, 'Add Provider (5/5)', 30_000);
  await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: 15_000 });
  await sleep(400);
  const rows = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
  if (shot) {
    // The quick pick and a margin of the window around it: legible in the README and the walkthrough.
    const box = await page.locator('.quick-input-widget').first().boundingBox();
    const clip = { x: Math.max(0, box.x - 60), y: 0, width: box.width + 120, height: Math.min(1000, box.y + box.height + 60) };
    await page.screenshot({ path: shot, clip });
  }
  return rows.map((row) => row.replace(/\s+/g, ' ').trim());
}

async function reviewFromContextMenu(page) {
  await ui.selectLines(page, 11);
  const lines = page.locator('.monaco-editor .view-lines').first();
  await lines.click({ button: 'right', position: { x: 120, y: 60 } });
  const item = page.locator('.monaco-menu .action-label').filter({ hasText: 'Adversarial Review of Selection' });
  await item.first().waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(shots, 'panel-context-menu.png') });
  await item.first().click();
}

async function phaseStatuses(frame) {
  return frame.$$eval('.phase', (nodes) => nodes.map((n) => `${n.dataset.phase}:${n.dataset.status}`));
}

async function turnStatuses(frame) {
  return frame.$$eval('.turn', (nodes) => nodes.map((n) => n.dataset.status));
}

/** Waits until the Ask panel shows `count` turns, all done. */
async function turnsDone(frame, count) {
  await frame.waitForFunction((n) => {
    const turns = [...document.querySelectorAll('.turn')];
    return turns.length === n && turns.every((t) => t.dataset.status === 'done');
  }, count, { timeout: 60_000 });
}

/** Insert on an Ask turn, the code block picked, the diff shown. */
async function insertFromAsk(page, frame, turn) {
  await frame.click(`.turn[data-turn="${turn}"] .action-insert`);
  await ui.quickStep(page, 'which code goes into fetchUser.ts');
  const blocks = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
  await page.keyboard.press('Enter');
  await page.locator('.tab').filter({ hasText: "Tokenhub's proposal" }).first().waitFor({ timeout: 20_000 });
  await page.locator('.monaco-diff-editor').first().waitFor({ timeout: 20_000 });
  await sleep(900);
  return blocks.map((row) => row.replace(/\s+/g, ' ').trim());
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
  writeSettings(dirs);
  const server = await startCodeServer(host.id, dirs);
  const browser = await launchBrowser(host.id, dirs);
  console.log(`[ui] code-server ${host.id} = VS Code ${host.vscode} on ${server.baseUrl}`);
  let page;
  try {
    page = await browser.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(workbenchUrl(server.baseUrl, server.port, { folder: dirs.workspace, extensionDevelopmentPath: root }), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

    // 1. A fresh window: the status bar says that nothing can answer yet.
    const warning = page.locator('.statusbar-item').filter({ hasText: 'Tokenhub: set up' }).first();
    check(await warning.waitFor({ timeout: 60_000 }).then(() => true, () => false), 'the status bar warns "Tokenhub: set up" while no provider can answer');
    await ui.setTheme(page, 'Dark Modern', path.join(shots, 'theme-picker.png'));
    await page.screenshot({ path: path.join(shots, 'first-run-status-bar.png') });

    // 2. The walkthrough, and Add Provider… from its first step.
    await ui.runFromPalette(page, 'Tokenhub: Get Started');
    const walkthrough = page.locator('.gettingStartedContainer').filter({ hasText: 'Get started with Tokenhub' }).first();
    await walkthrough.waitFor({ timeout: 20_000 });
    const steps = await page.locator('.getting-started-step .step-title').allInnerTexts();
    check(['Add a provider', 'Ask about your code', 'Try the adversarial review', 'Connect another tool'].every((t) => steps.some((s) => s.includes(t))), `the walkthrough lists its four steps (${steps.join(' | ')})`);
    await sleep(800);
    await page.screenshot({ path: path.join(docs, 'walkthrough-dark.png') });
    await walkthrough.getByRole('button', { name: 'Add Provider…', exact: true }).first().click();
    const openaiRows = await addProvider(page, { type: 'OpenAI', name: 'openai', url: fakes.openai.url, key: KEYS.openai });
    check(openaiRows.length === 4 && openaiRows[0].startsWith('gpt-5.5') && openaiRows.some((r) => r.includes("Not in Tokenhub's catalogue")), `Add Provider lists the models the provider itself lists (${openaiRows.map((r) => r.split(' ')[0]).join(', ')})`);
    await ui.acceptPicks(page, 'Add Provider (5/5)');
    await sleep(300);
    await page.screenshot({ path: path.join(shots, 'add-provider-works-dark.png') });
    check(await ui.notified(page, 'openai works: the key was accepted and 4 models are listed'), 'Add Provider reports that the key works');
    check(fakes.openai.requests.some((r) => r.method === 'GET' && r.headers.authorization === `Bearer ${KEYS.openai}`), 'the key was checked with a real GET /v1/models');
    const ready = page.locator('.statusbar-item').filter({ hasText: /Tokenhub · \$/ }).first();
    check(await ready.waitFor({ timeout: 20_000 }).then(() => true, () => false), 'the status bar leaves its warning once a provider works');

    await ui.openFile(page, 'fetchUser.ts');
    await ui.runFromPalette(page, 'Tokenhub: Add Provider…');
    const anthropicRows = await addProvider(page, { type: 'Anthropic', name: 'anthropic', url: fakes.anthropic.url, key: KEYS.anthropic, shot: path.join(docs, 'add-provider-dark.png') });
    check(anthropicRows.length === 2 && anthropicRows.every((r) => r.includes('200,000 tokens')), 'the Anthropic models carry the catalogue\'s context sizes and prices');
    await ui.acceptPicks(page, 'Add Provider (5/5)');
    check(await ui.notified(page, 'anthropic works'), 'Anthropic added from the palette works too');

    // 3. Ask on a selection (Ctrl+K A), then a follow-up in the panel from another model.
    await page.keyboard.press('Control+B'); // the side bar away: room for the panel
    await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
    await ui.selectLines(page, 8);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('A');
    const question = await ui.quickStep(page, 'Tokenhub: Ask');
    const prompt = await page.locator('.quick-input-widget').innerText();
    check(prompt.includes('About the selection in fetchUser.ts (lines 1–8)'), 'Ctrl+K A asks about the selection, naming the file and lines');
    await question.fill(ASK_QUESTION);
    await page.keyboard.press('Enter');
    let ask = await ui.frameWith(page, '.ask-header');
    await turnsDone(ask, 1);
    const sent = fakes.openai.requests.concat(fakes.anthropic.requests).filter((r) => JSON.stringify(r.body ?? '').includes(ASK_MARK));
    check(sent.length === 1 && JSON.stringify(sent[0].body).includes('export async function fetchUser(id: string)'), 'the selected code went with the question');
    await ask.selectOption('select.composer-model', 'claude-sonnet-4-5');
    await ask.fill('textarea.composer-input', FOLLOW_UP);
    await ask.press('textarea.composer-input', 'Enter');
    await turnsDone(ask, 2);
    const routes = await ask.$$eval('.turn-route', (nodes) => nodes.map((n) => n.textContent));
    check(routes[1] === 'claude-sonnet-4-5 · anthropic (picked)', `the follow-up was answered by the model picked for it (${routes.join(' | ')})`);
    const followUp = fakes.anthropic.last.body;
    check(followUp.messages.length === 3 && followUp.messages[1].role === 'assistant', 'the follow-up carried the conversation (question, answer, follow-up)');
    check((await ask.$$('.turn-answer pre code')).length === 3, 'code blocks render as code in the answers');
    await sleep(500);
    await page.screenshot({ path: path.join(docs, 'ask-dark.png') });

    // 4. Insert: the answer's code as a diff, Discard first.
    const blocks = await insertFromAsk(page, ask, 0);
    check(blocks.length === 2 && blocks[0].startsWith('ts · 5 lines') && blocks[1].startsWith('sh'), `Insert asks which code block when there are several (${blocks.join(' | ')})`);
    const diffText = (await page.locator('.monaco-diff-editor .view-lines').allInnerTexts()).join('\n');
    check(diffText.includes('encodeURIComponent') && !diffText.includes('```'), 'the diff shows the code, never the markdown around it');
    await page.screenshot({ path: path.join(docs, 'insert-diff-dark.png') });
    await ui.clickEditorAction(page, 'Discard Proposed Change');
    await page.locator('.tab').filter({ hasText: "Tokenhub's proposal" }).first().waitFor({ state: 'detached', timeout: 15_000 });
    check(!(await page.locator('.monaco-editor .view-lines').first().innerText()).includes('encodeURIComponent'), 'Discard left the file as it was');

    // 5. The adversarial review from the context menu.
    await page.locator('.tab').filter({ hasText: 'fetchUser.ts' }).first().click();
    const framesBefore = new Set(page.frames());
    await reviewFromContextMenu(page);
    const frame = await ui.frameWith(page, '.phases', { except: framesBefore });
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
    const phaseRoutes = await frame.$$eval('.phase-route', (nodes) => nodes.map((n) => n.textContent));
    check(phaseRoutes.join('|') === 'gpt-5.5 · openai|claude-sonnet-4-5 · anthropic|gpt-5.5 · openai', `each phase names its model and provider (${phaseRoutes.join(' | ')})`);
    const figures = await frame.$$eval('.phase-figures', (nodes) => nodes.map((n) => n.textContent));
    check(figures.every((f) => /tokens · \$0\.\d{4} · \d+\.\d s$/.test(f ?? '')), `each phase shows tokens, cost and time (${figures.join(' | ')})`);
    check((await frame.$$eval('.phase-body img, .phase-body script', (nodes) => nodes.length)) === 0, 'HTML in the model output stayed text (no <img>/<script> elements)');
    check((await frame.$$('.phase-body pre code')).length >= 2, 'fenced code blocks render as code');
    const dark = await frame.evaluate(() => document.body.className);
    check(dark.includes('vscode-dark'), `the panel follows the dark theme (body class "${dark}")`);
    await sleep(600);
    await page.screenshot({ path: path.join(docs, 'panel-dark.png') });

    // 6. The light theme: the same views, and Insert applied from the diff's title.
    await ui.setTheme(page, 'Light Modern');
    const light = await frame.waitForFunction(() => document.body.classList.contains('vscode-light'), undefined, { timeout: 20_000 }).then(() => true, () => false);
    check(light, 'the panel switched to the light theme with the editor');
    await sleep(800);
    await page.screenshot({ path: path.join(docs, 'panel-light.png') });
    await page.locator('.tab').filter({ hasText: 'Ask:' }).first().click();
    // Hidden behind the review panel, the Ask webview was unloaded; it comes back from its snapshot.
    ask = await ui.frameWith(page, '.turn[data-turn="1"]');
    await ask.waitForFunction(() => document.body.classList.contains('vscode-light'), undefined, { timeout: 20_000 });
    await sleep(600);
    await page.screenshot({ path: path.join(docs, 'ask-light.png') });
    await insertFromAsk(page, ask, 0);
    await page.screenshot({ path: path.join(docs, 'insert-diff-light.png') });
    await ui.clickEditorAction(page, 'Apply Proposed Change');
    await page.locator('.tab').filter({ hasText: "Tokenhub's proposal" }).first().waitFor({ state: 'detached', timeout: 15_000 });
    await page.locator('.tab').filter({ hasText: 'fetchUser.ts' }).first().click();
    await sleep(500);
    const applied = (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    check(applied.includes('encodeURIComponent(id)') && applied.includes('export function greet') && !applied.includes('```'), 'Apply replaced the selected function with the code, and only it');
    await page.screenshot({ path: path.join(shots, 'insert-applied-light.png') });

    // Add Provider again, to see its models in the light theme; Escape stops it and writes nothing.
    await ui.runFromPalette(page, 'Tokenhub: Add Provider…');
    await addProvider(page, { type: 'Anthropic', name: 'anthropic', url: fakes.anthropic.url, key: '', shot: path.join(docs, 'add-provider-light.png') });
    await page.keyboard.press('Escape');

    await ui.runFromPalette(page, 'Tokenhub: Get Started');
    await page.locator('.gettingStartedContainer').filter({ hasText: 'Get started with Tokenhub' }).first().waitFor({ timeout: 20_000 });
    const maximize = async () => {
      // Ctrl+K Ctrl+M: "Toggle Maximize Editor Group", so the walkthrough shows its pictures.
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+M');
    };
    await maximize();
    await sleep(1000);
    await page.screenshot({ path: path.join(docs, 'walkthrough-light.png') });
    const done = await page.locator('.getting-started-step [class*="step-checked"]').count();
    check(done === 3, `the walkthrough marks the steps done (${done} of 4: a provider works, Ask and the review ran)`);
    await maximize();

    // 7. A review cancelled from its panel while the critique streams.
    await page.locator('.tab').filter({ hasText: 'fetchUser.ts' }).first().click();
    const before = new Set(page.frames());
    await reviewFromContextMenu(page);
    const second = await ui.frameWith(page, '.phases', { except: before });
    await second.waitForSelector('.phase[data-phase="critique"][data-status="streaming"]', { timeout: 60_000 });
    await second.click('button.action-cancel');
    await second.waitForSelector('.phase[data-phase="critique"][data-status="cancelled"]', { timeout: 15_000 });
    const after = await phaseStatuses(second);
    check(after.join() === 'plan:done,critique:cancelled,refine:skipped', `Cancel stopped the run in its critique (${after.join(', ')})`);
    check(await second.$eval('.action-cancel', (b) => b.hidden), 'the Cancel button is gone once the run stopped');
    await sleep(500);
    await page.screenshot({ path: path.join(shots, 'panel-cancelled.png') });
    await page.locator('.tab').filter({ hasText: 'Ask:' }).first().click();
    ask = await ui.frameWith(page, '.turn[data-turn="1"]');
    check((await turnStatuses(ask)).join() === 'done,done', 'the Ask panel kept its conversation through it all');
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
  console.log(`ui test on code-server ${host.id} = VS Code ${host.vscode}: ${checks.filter(Boolean).length} of ${checks.length} checks ok; screenshots docs/{walkthrough,add-provider,ask,insert-diff,panel}-{dark,light}.png, ${path.relative(root, shots)}/*.png`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[ui] ${error instanceof Error ? error.stack : String(error)}`);
    process.exit(1);
  },
);
