// What the UI test does with the workbench, as a person would: the command palette, quick inputs,
// the colour theme, webview frames, editor title buttons, notifications. Selectors are VS Code's
// own DOM (1.100 and 1.139 agree on these).
const { sleep } = require('./host');

const quickInput = (page) => page.locator('.quick-input-widget');
const quickInputBox = (page) => page.locator('.quick-input-widget input.input');

/** Waits for the quick input to show `title` (a step of a flow) and returns its input. */
async function quickStep(page, title, timeoutMs = 20_000) {
  await quickInput(page).filter({ hasText: title }).first().waitFor({ state: 'visible', timeout: timeoutMs });
  const input = quickInputBox(page);
  await input.waitFor({ state: 'visible', timeout: timeoutMs });
  return input;
}

/** Runs a command by its palette title ("Tokenhub: Ask…"). */
async function runFromPalette(page, title) {
  await page.keyboard.press('F1');
  const input = quickInputBox(page);
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/**
 * Types into the current quick input (replacing what is there) and presses Enter, until the step
 * titled `step` has gone: the input validates a moment after typing, and an Enter that arrives
 * while an earlier verdict still stands is dropped.
 */
async function answer(page, text, step) {
  const input = quickInputBox(page);
  await input.fill(text);
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await sleep(400);
    await input.press('Enter');
    if (!step) return;
    const gone = await quickInput(page).filter({ hasText: step }).first().waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false);
    if (gone) return;
  }
  throw new Error(`the quick input "${step}" did not take "${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`);
}

/** Accepts a multi-pick as it is checked (its OK button), and waits for the step to go. */
async function acceptPicks(page, step) {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const ok = page.locator('.quick-input-widget .monaco-button').filter({ hasText: /^OK$/ }).first();
    if (await ok.isVisible().catch(() => false)) await ok.click();
    else await quickInputBox(page).press('Enter');
    const gone = await quickInput(page).filter({ hasText: step }).first().waitFor({ state: 'hidden', timeout: 2_000 }).then(() => true, () => false);
    if (gone) return;
  }
  throw new Error(`the multi-pick "${step}" was not accepted`);
}

/** Picks a row of the current quick pick by its label. */
async function pick(page, label) {
  const input = quickInputBox(page);
  await input.fill(label);
  await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: label }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

/** Picks a colour theme through "Preferences: Color Theme" (Ctrl+K Ctrl+T). */
async function setTheme(page, theme, shots) {
  await page.keyboard.press('Escape');
  await page.locator('.monaco-workbench').click({ position: { x: 5, y: 300 } }).catch(() => undefined);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+T');
  // The picker lists the themes ("Dark Modern": VS Code 1.100 shows it as "Default Dark Modern", 1.139 plainly).
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Dark Modern' }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.type(theme);
  await sleep(300);
  if (shots) await page.screenshot({ path: shots });
  await page.locator('.quick-input-widget .monaco-list-row.focused').filter({ hasText: theme }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator(theme.includes('Dark') ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs').waitFor({ timeout: 15_000 });
}

/** The frame of a webview holding `selector` (code-server nests it inside its own iframe), not one of `except`. */
async function frameWith(page, selector, { timeoutMs = 30_000, except = new Set() } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (except.has(frame)) continue;
      const found = await frame.$(selector).catch(() => null);
      if (found) return frame;
    }
    await sleep(200);
  }
  throw new Error(`no webview with ${selector} appeared`);
}

/** A notification whose text contains `text`. */
function notification(page, text) {
  return page.locator('.notification-toast, .notifications-list-container .monaco-list-row').filter({ hasText: text }).first();
}

/**
 * True when a notification with `text` was shown: as a toast, or else in the notification centre
 * (toasts without buttons hide after a while, and do not show over an open quick input).
 */
async function notified(page, text, timeoutMs = 15_000) {
  if (await notification(page, text).waitFor({ timeout: timeoutMs }).then(() => true, () => false)) return true;
  await runFromPalette(page, 'Notifications: Show Notifications');
  const listed = await page.locator('.notifications-center').filter({ hasText: text }).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
  await page.keyboard.press('Escape');
  return listed;
}

/** Clicks a notification's button. */
async function clickNotificationButton(page, text, button) {
  const toast = notification(page, text);
  await toast.waitFor({ timeout: 20_000 });
  await toast.locator('.monaco-button, a.monaco-button').filter({ hasText: button }).first().click();
}

/** Clicks an editor title action by its title ("Apply Proposed Change"). */
async function clickEditorAction(page, title) {
  const action = page.locator(`.editor-actions .action-label[aria-label^="${title}"], .editor-actions .action-label[title^="${title}"]`).first();
  await action.waitFor({ timeout: 15_000 });
  await action.click();
}

/** Opens a workspace file by name (Ctrl+P), clicking its row, and waits for its editor tab. */
async function openFile(page, name) {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = quickInputBox(page);
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(name);
    const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: name }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.click();
    const open = await page.locator('.tab.active').filter({ hasText: name }).first().waitFor({ timeout: 5_000 }).then(() => true, () => false);
    if (open) {
      await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
      await sleep(400);
      return;
    }
  }
  throw new Error(`${name} did not open`);
}

/** Selects the first `count` lines of the active editor. */
async function selectLines(page, count) {
  const lines = page.locator('.monaco-editor .view-lines').first();
  await lines.click({ position: { x: 40, y: 5 } });
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < count; i += 1) await page.keyboard.press('Shift+ArrowDown');
}

module.exports = { quickStep, runFromPalette, answer, acceptPicks, pick, setTheme, frameWith, notification, notified, clickNotificationButton, clickEditorAction, openFile, selectLines };
