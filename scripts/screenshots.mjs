#!/usr/bin/env node
// `npm run screenshots`: opens the fixture templates in the same real workbench as the
// integration tests (VS Code server + Chromium, scripts/test-host/web.mjs) with the extension
// under development loaded, and saves PNGs for the README into docs/images/.
// Every step waits for what it needs to see on the page; nothing sleeps.
// Add the cfn-hup explorer here once it exists.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './test-host/config.mjs';
import { openWorkbench } from './test-host/web.mjs';

const OUT = join(repoRoot, 'docs', 'images');
const WORKSPACE = join(repoRoot, 'test', 'fixtures', 'workspace');
const STEP_TIMEOUT = 60_000;

const built = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, stdio: 'inherit' });
if (built.status !== 0) process.exit(1);
mkdirSync(OUT, { recursive: true });

const workbench = await openWorkbench({
  workspace: WORKSPACE,
  viewport: { width: 1440, height: 810 },
  settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.minimap.enabled': false, 'breadcrumbs.enabled': false, 'editor.stickyScroll.enabled': false },
});
const { page } = workbench;
page.setDefaultTimeout(STEP_TIMEOUT);
const saved = [];

async function shot(name, options = {}) {
  const path = join(OUT, name);
  await page.screenshot({ path, ...options });
  saved.push(path);
  console.log(`[screenshots] ${path}`);
}

/** Quick Open or the Command Palette: type, wait for the matching row, accept it. */
async function quickInput(keys, text, rowText) {
  // fill() replaces the prefix the key put there (">" for commands), so `text` carries its own.
  await page.keyboard.press(keys);
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: rowText }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

async function openFile(fileName, expectedText) {
  await quickInput('Control+P', fileName, fileName);
  await page.locator('.editor-instance .view-lines', { hasText: expectedText }).first().waitFor({ state: 'visible' });
}

async function goToLine(line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

try {
  // The workbench is up, with its explorer and the dark theme applied.
  await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible' });
  await page.waitForFunction(() => {
    const editor = document.querySelector('.monaco-workbench .part.editor');
    const m = editor && /rgb\((\d+), (\d+), (\d+)/.exec(getComputedStyle(editor).backgroundColor);
    return document.querySelector('.monaco-workbench.vs-dark') && m && Number(m[1]) < 80;
  });

  // 1. A YAML template with a defect: squiggle, Problems panel with the cfn-hup finding.
  await openFile('interval-zero.yaml', 'interval=0');
  const squiggle = page.locator('.editor-instance .squiggly-error').first();
  await squiggle.waitFor({ state: 'attached' });
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'HUP-INTERVAL-INVALID' }).first().waitFor({ state: 'visible' });
  await page.locator('.editor-instance .monaco-editor textarea').first().focus();
  await goToLine(24);
  await shot('problems-panel.png');

  // 2. The same finding as a hover on the squiggle.
  const box = await squiggle.boundingBox();
  if (!box) throw new Error('the squiggle has no box on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover', { hasText: 'interval=0 is below 1 minute' }).first();
  await hover.waitFor({ state: 'visible' });
  // Crop to the editor: from its left edge (line numbers) to past the hover.
  const hb = await hover.boundingBox();
  const eb = await page.locator('.editor-instance').first().boundingBox();
  const top = Math.max(0, Math.min(box.y, hb.y) - 40);
  const clip = {
    x: eb.x,
    y: top,
    width: Math.min(eb.x + eb.width, Math.max(box.x + box.width, hb.x + hb.width) + 80) - eb.x,
    height: Math.min(810, Math.max(box.y + box.height, hb.y + hb.height) + 80) - top,
  };
  await shot('hover.png', { clip });
  await page.mouse.move(5, 805);
  await hover.waitFor({ state: 'hidden' });

  // 3. The workspace lint command: findings of every template, open or not.
  await quickInput('F1', '>cfn-hup: Lint All Templates', 'Lint All Templates in Workspace');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'HUP-VERBOSE-INVALID' }).first().waitFor({ state: 'visible' });
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'HOOK-UNKNOWN-TRIGGER' }).first().waitFor({ state: 'visible' });
  await shot('lint-workspace.png');
} catch (e) {
  await page.screenshot({ path: join(repoRoot, 'out', 'test-host', 'screenshots-failure.png') }).catch(() => {});
  console.error(`[screenshots] failed: ${e.message}\n[screenshots] page as it was: out/test-host/screenshots-failure.png`);
  process.exitCode = 1;
} finally {
  await workbench.close();
}
if (!process.exitCode) console.log(`[screenshots] saved ${saved.length} PNGs in docs/images/`);
