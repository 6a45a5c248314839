#!/usr/bin/env node
// Makes the marketplace icon (media/icon.png, 128×128) from the project's own artwork
// (media/cfn-hup.svg, the activity-bar icon): the same strokes, white on the product's
// background, rendered by headless Chromium so the PNG matches the SVG exactly.
// Run: node scripts/icon.mjs   (needs /usr/bin/chromium or CFN_HUP_TOOLS_CHROMIUM)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumPath, repoRoot } from './test-host/config.mjs';

const SIZE = 128;
const svg = readFileSync(join(repoRoot, 'media', 'cfn-hup.svg'), 'utf8')
  .replace('width="24" height="24"', `width="${SIZE * 0.72}" height="${SIZE * 0.72}"`)
  .replace('stroke="currentColor"', 'stroke="#ffffff"');
const html = `<!doctype html><html><body style="margin:0;background:transparent">
<div style="width:${SIZE}px;height:${SIZE}px;border-radius:${SIZE * 0.18}px;display:flex;align-items:center;justify-content:center;
background:linear-gradient(135deg,#1f6feb 0%,#0b3d91 100%)">${svg}</div></body></html>`;

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(html);
  await page.screenshot({ path: join(repoRoot, 'media', 'icon.png'), omitBackground: true });
  console.log('media/icon.png written');
} finally {
  await browser.close();
}
