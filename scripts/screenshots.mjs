#!/usr/bin/env node
// `npm run screenshots`: opens the fixture templates in the same real workbench as the
// integration tests (VS Code server + Chromium, scripts/test-host/web.mjs) with the extension
// under development loaded, and saves PNGs for the README into docs/images/.
// Every step waits for what it needs to see on the page; nothing sleeps.
// The AWS explorer is shown against moto on loopback (python3 -m moto.server), with stacks made
// here; the extension reaches it through machine settings of the throwaway server and dummy
// credentials in its extension host's environment (never the user's settings or ~/.aws).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation';
import { CreateLaunchTemplateVersionCommand, DescribeLaunchTemplatesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { repoRoot } from './test-host/config.mjs';
import { openWorkbench } from './test-host/web.mjs';

const OUT = join(repoRoot, 'docs', 'images');
const WORKSPACE = join(repoRoot, 'test', 'fixtures', 'workspace');
const STEP_TIMEOUT = 60_000;

const built = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
  cwd: repoRoot,
  stdio: 'inherit',
});
if (built.status !== 0) process.exit(1);
mkdirSync(OUT, { recursive: true });

/** moto on a free loopback port, with the fleet and web stacks of the explorer tests. */
async function startMoto() {
  const port = await new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
  });
  const cwd = mkdtempSync(join(tmpdir(), 'moto-screenshots-'));
  const child = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    cwd,
    stdio: 'ignore',
    env: { ...process.env, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' },
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(cwd, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error('moto exited before it was ready (python3 -m moto.server)');
    const ok = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (attempt >= 300) {
      stop();
      throw new Error(`moto did not answer on ${endpoint}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const client = { region: 'us-east-1', endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const cfn = new CloudFormationClient(client);
  const ec2 = new EC2Client(client);
  const fixtures = join(repoRoot, 'test', 'fixtures', 'aws');
  const create = async (name, file, parameters) => {
    await cfn.send(
      new CreateStackCommand({
        StackName: name,
        TemplateBody: readFileSync(join(fixtures, file), 'utf8'),
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: Object.entries(parameters).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      }),
    );
    await waitUntilStackCreateComplete({ client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 }, { StackName: name });
  };
  await create('fleet', 'fleet-stack.yaml', {
    BuildNumber: '41',
    Environment: 'dev',
    DbPassword: 's3cret',
    FleetSize: '2',
  });
  await create('web', 'explorer/web-stack.json', { BuildNumber: '7' });
  const lt = (await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['web-lt'] })))
    .LaunchTemplates[0];
  await ec2.send(
    new CreateLaunchTemplateVersionCommand({
      LaunchTemplateId: lt.LaunchTemplateId,
      SourceVersion: '1',
      LaunchTemplateData: { ImageId: 'ami-12c6146b', InstanceType: 't3.micro' },
    }),
  );
  cfn.destroy();
  ec2.destroy();
  return { endpoint, stop };
}

const moto = await startMoto();
const workbench = await openWorkbench({
  workspace: WORKSPACE,
  viewport: { width: 1440, height: 810 },
  settings: {
    'workbench.colorTheme': 'Default Dark Modern',
    'editor.minimap.enabled': false,
    'breadcrumbs.enabled': false,
    'editor.stickyScroll.enabled': false,
    // Machine settings of the throwaway server (cfnHup.aws.endpointUrl is machine-scoped).
    'cfnHup.aws.endpointUrl': moto.endpoint,
    'cfnHup.aws.region': 'us-east-1',
  },
  env: {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(repoRoot, 'test', 'fixtures', 'aws', 'profiles', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(repoRoot, 'test', 'fixtures', 'aws', 'profiles', 'credentials'),
  },
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

/** A crop of the editor around an anchor and a popup (hover, menu, suggestions). */
async function editorClip(anchor, popup) {
  const eb = await page.locator('.editor-instance').first().boundingBox();
  const top = Math.max(0, Math.min(anchor.y, popup.y) - 40);
  const bottom = Math.min(810, Math.max(anchor.y + anchor.height, popup.y + popup.height) + 40);
  const right = Math.min(eb.x + eb.width, Math.max(anchor.x + Math.min(anchor.width, 700), popup.x + popup.width) + 60);
  return { x: eb.x, y: top, width: right - eb.x, height: bottom - top };
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
  await page
    .locator('.markers-panel .monaco-list-row', { hasText: 'HUP-INTERVAL-INVALID' })
    .first()
    .waitFor({ state: 'visible' });
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

  // 2b. A quick fix: the hook path names "Instanse"; Ctrl+. offers to watch Instance.
  await openFile('typo-path.yaml', 'Description');
  await goToLine(32);
  const typo = page.locator('.editor-instance .squiggly-error').first();
  await typo.waitFor({ state: 'attached' });
  const tb = await typo.boundingBox();
  if (!tb) throw new Error('the typo squiggle has no box on screen');
  await page.mouse.click(tb.x + tb.width / 2, tb.y + tb.height / 2);
  await page.keyboard.press('Control+.');
  const fixMenu = page.locator('.action-widget', { hasText: 'Watch Instance' }).first();
  await fixMenu.waitFor({ state: 'visible' });
  await shot('quick-fix.png', { clip: await editorClip(tb, await fixMenu.boundingBox()) });
  await page.keyboard.press('Escape');
  await fixMenu.waitFor({ state: 'hidden' });

  // 2c. Completions that know the template: at a hook's path=, the resources with Init.
  await openFile('clean.yaml', 'Description');
  await goToLine(32);
  const pathLine = page.locator('.editor-instance .view-line', { hasText: 'path=Resources.Instance' }).first();
  await pathLine.waitFor({ state: 'visible' });
  const pb = await pathLine.boundingBox();
  await page.mouse.click(pb.x + 5, pb.y + pb.height / 2);
  await page.keyboard.press('Home');
  for (let i = 0; i < 'path='.length; i++) await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+Space');
  const suggest = page.locator('.suggest-widget', { hasText: 'Resources.Instance.Metadata' }).first();
  await suggest.waitFor({ state: 'visible' });
  await shot('completion.png', { clip: await editorClip(pb, await suggest.boundingBox()) });
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Z');

  // 2d. A hover on the hook path: what it watches, and whether BuildNumber is under it.
  const restored = page.locator('.editor-instance .view-line', { hasText: 'path=Resources.Instance.Metadata' }).first();
  await restored.waitFor({ state: 'visible' });
  const rb = await restored.boundingBox();
  const text = await restored.textContent();
  const col = text.indexOf('Resources.Instance') + 4;
  const charWidth = rb.width / Math.max(1, text.length);
  await page.mouse.move(rb.x + col * Math.min(charWidth, 9.6), rb.y + rb.height / 2);
  const pathHover = page.locator('.monaco-hover', { hasText: 'Watches the Metadata of' }).first();
  await pathHover.waitFor({ state: 'visible' });
  await shot('hover-path.png', { clip: await editorClip(rb, await pathHover.boundingBox()) });
  await page.mouse.move(5, 805);
  await pathHover.waitFor({ state: 'hidden' });

  // 3. The workspace lint command: findings of every template, open or not.
  await quickInput('F1', '>cfn-hup: Lint All Templates', 'Lint All Templates in Workspace');
  await page
    .locator('.markers-panel .monaco-list-row', { hasText: 'HUP-VERBOSE-INVALID' })
    .first()
    .waitFor({ state: 'visible' });
  await shot('lint-workspace.png');

  // 4. The AWS explorer: stacks from moto, a stack's build, resources (cfn-hup hooks marked), its
  //    Auto Scaling group and instances, and a group whose instances are outdated.
  await quickInput('F1', '>View: Hide Panel', 'Hide Panel');
  await page.locator('.markers-panel').waitFor({ state: 'hidden' });
  await page.locator('.activitybar .action-item a[aria-label^="cfn-hup"]').first().click();
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const row = (text) =>
    sidebar.locator('.monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }),
    });
  const expand = async (nth, text, child) => {
    await row(text).nth(nth).click();
    await row(child).first().waitFor({ state: 'visible' });
  };
  await row('fleet').waitFor({ state: 'visible' });
  // A wider side bar, so that descriptions (status, build, IPs) fit: drag its sash.
  const side = await sidebar.boundingBox();
  const edge = { x: side.x + side.width + 1, y: side.y + side.height / 2 };
  await page.mouse.move(edge.x, edge.y);
  await page.mouse.down();
  await page.mouse.move(edge.x + 420, edge.y, { steps: 10 });
  await page.mouse.up();
  await page.waitForFunction(
    (w) => document.querySelector('#workbench\\.parts\\.sidebar').getBoundingClientRect().width > w + 300,
    side.width,
  );
  await expand(0, 'fleet', 'BuildNumber');
  await expand(0, 'Resources', 'LaunchConfig');
  await expand(0, 'LaunchConfig', 'cfn-auto-reloader-hook');
  await expand(0, 'Auto Scaling groups', 'Group');
  await sidebar.locator('.monaco-list-row', { hasText: 'InService' }).first().waitFor({ state: 'visible' });
  await expand(0, 'web', 'Parameters');
  await expand(1, 'Auto Scaling groups', 'WebGroup');
  await sidebar.locator('.monaco-list-row', { hasText: 'outdated · InService' }).first().waitFor({ state: 'visible' });
  // The deployed template of fleet, opened from the stack's context menu.
  await row('fleet').click({ button: 'right' });
  await page.locator('.context-view .action-label', { hasText: 'Open Deployed Template' }).click();
  await page.locator('.tabs-container .tab.active', { hasText: 'fleet.deployed.yaml' }).waitFor({ state: 'visible' });
  await page
    .locator('.editor-instance .view-lines', { hasText: 'A fleet released through cfn-hup' })
    .first()
    .waitFor({ state: 'visible' });
  // No tooltip over the tree: the pointer rests on empty space until every hover is gone.
  await page.mouse.move(400, 720);
  await page.waitForFunction(
    () =>
      ![...document.querySelectorAll('.monaco-hover, .workbench-hover, .custom-hover')].some(
        (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden',
      ),
  );
  await shot('explorer.png');
} catch (e) {
  await page.screenshot({ path: join(repoRoot, 'out', 'test-host', 'screenshots-failure.png') }).catch(() => {});
  console.error(
    `[screenshots] failed: ${e.message}\n[screenshots] page as it was: out/test-host/screenshots-failure.png`,
  );
  process.exitCode = 1;
} finally {
  await workbench.close();
  moto.stop();
}
if (!process.exitCode) console.log(`[screenshots] saved ${saved.length} PNGs in docs/images/`);
