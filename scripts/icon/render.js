#!/usr/bin/env node
// Renders media/icon.svg to media/icon.png (256 × 256, transparent corners) with Debian's chromium,
// the browser the UI test uses. Run it after changing the SVG; the PNG is committed.
// Usage: node scripts/icon/render.js
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { root, resolveHost, defaultHost, chromium } = require('../host/paths');

async function main() {
  const { chromium: driver } = require(path.join(resolveHost(defaultHost).installDir, 'node_modules', 'playwright-core'));
  const svg = fs.readFileSync(path.join(root, 'media', 'icon.svg'), 'utf8');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tokenhub-icon-'));
  const browser = await driver.launch({ executablePath: chromium, headless: true, env: { ...process.env, TMPDIR: tmp }, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 256, height: 256 } });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true });
  } finally {
    await browser.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log('media/icon.png written');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
