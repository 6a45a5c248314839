import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CloudFormationClient,
  CreateStackCommand,
  DescribeStacksCommand,
  ListChangeSetsCommand,
  waitUntilStackCreateComplete,
} from '@aws-sdk/client-cloudformation';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import type { CliAws } from '../../../src/cli/aws-options';
import { FakeClock } from '../helpers/fakeAws';
import { DUMMY_CREDENTIALS, REGION, motoSkipReason, startMoto, type Moto } from './helpers/moto';
import { FIXTURES } from './helpers/recorded';

/**
 * `release` shows what the hooks that fire will do on an instance (the
 * instance plan), as text and as `--format json`, against moto on loopback.
 */
const skip = motoSkipReason();
const TEMPLATE = readFileSync(join(FIXTURES, 'plan-stack.yaml'), 'utf8');
const PARAMETERS = { BuildNumber: '41', DbPassword: 's3cret-db' };

describe('release: the instance plan (moto)', { skip }, () => {
  let moto: Moto;
  let cfn: CloudFormationClient;
  const env = () => ({
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
  });
  const aws = (): CliAws => ({ gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 });

  async function cli(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const code = await main(
      [...args, '--endpoint-url', moto.endpoint],
      { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: env() },
      aws(),
    );
    return { code, stdout, stderr };
  }

  before(async () => {
    moto = await startMoto();
    cfn = new CloudFormationClient({ region: REGION, endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS });
  });
  after(async () => {
    cfn?.destroy();
    await moto?.stop();
  });
  beforeEach(async () => {
    await moto.reset();
    await cfn.send(
      new CreateStackCommand({
        StackName: 'shop',
        TemplateBody: TEMPLATE,
        Parameters: Object.entries(PARAMETERS).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      }),
    );
    await waitUntilStackCreateComplete(
      { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { StackName: 'shop' },
    );
  });

  test('--format json: per hook the files changed with their diff, every command in order, the services restarted', async () => {
    const out = await cli('release', '--stack', 'shop', '--format', 'json');
    assert.equal(out.code, 0, out.stderr);
    const doc = JSON.parse(out.stdout);
    assert.equal(doc.executed, false);
    assert.deepEqual(doc.parameter, { name: 'BuildNumber', noEcho: false, current: '41', new: '42' });
    assert.equal(doc.hooks.length, 1);
    const h = doc.hooks[0];
    assert.equal(h.hook, 'cfn-auto-reloader-hook');
    assert.deepEqual(h.runs, [{ resource: 'App', configSets: ['default'], configs: ['config'], platform: 'linux' }]);
    assert.deepEqual(
      h.filesChanged.map((f: { path: string; change: string; diff: string }) => [f.path, f.change, f.diff]),
      [
        [
          '/opt/app/app.conf',
          'content',
          '@@ -1,3 +1,3 @@\n name=shop\n-build=41\n+build=42\n db_password=${DbPassword}',
        ],
      ],
    );
    assert.deepEqual(
      h.commandsRun.map((c: { name: string; command: string; conditional: boolean; ignoreErrors: boolean }) => [
        c.name,
        c.command,
        c.conditional,
        c.ignoreErrors,
      ]),
      [
        ['01_stop', 'systemctl stop app', false, false],
        ['02_migrate', '/opt/app/migrate', true, true],
        ['03_start', 'systemctl start app', false, false],
      ],
    );
    assert.deepEqual(h.servicesRestarted, [
      { config: 'config', name: 'app', manager: 'systemd', because: ['file /opt/app/app.conf changes'], certain: true },
    ]);
    assert.equal(h.changesNothing, false);
    // The NoEcho parameter's value appears nowhere; the progress text went to stderr.
    assert.doesNotMatch(out.stdout + out.stderr, /s3cret-db/);
    assert.match(out.stderr, /Not executed/);
    // Nothing was executed: the stack keeps its build, the change set waits for review.
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: 'shop' }))).Stacks![0]!;
    assert.equal(stack.Parameters?.find((p) => p.ParameterKey === 'BuildNumber')?.ParameterValue, '41');
    assert.equal((await cfn.send(new ListChangeSetsCommand({ StackName: 'shop' }))).Summaries?.length, 1);
  });

  test('text: the instance plan follows the change-set summary, concise, per hook', async () => {
    const out = await cli('release', '--stack', 'shop');
    assert.equal(out.code, 0, out.stderr);
    const plan = out.stdout.slice(out.stdout.indexOf('Instance plan'));
    assert.ok(out.stdout.indexOf('Change set ') < out.stdout.indexOf('Instance plan'));
    assert.match(plan, /^Instance plan, hook "cfn-auto-reloader-hook" \(post\.update, in App, 1 instance\):/);
    assert.match(
      plan,
      /\/opt\/app\/app\.conf \[config\]: content changes\n {6}@@ -1,3 \+1,3 @@\n {7}name=shop\n {6}-build=41\n {6}\+build=42/,
    );
    assert.match(plan, /commands \(all 3, in this order; cfn-init runs every command on every run, changed or not\):/);
    assert.match(
      plan,
      /02_migrate \[config\]: \/opt\/app\/migrate {2}\(only if test passes: test -x \/opt\/app\/migrate; ignoreErrors\)/,
    );
    assert.match(plan, /services restarted:\n {4}systemd app \[config\]: file \/opt\/app\/app\.conf changes/);
    assert.doesNotMatch(out.stdout, /s3cret-db/);
  });

  test('--format json with --yes, or an unknown format, is a usage error before anything is made', async () => {
    for (const extra of [
      ['--format', 'json', '--yes'],
      ['--format', 'xml'],
    ]) {
      const out = await cli('release', '--stack', 'shop', ...extra);
      assert.equal(out.code, 2, extra.join(' '));
      assert.match(out.stderr, /--format/);
    }
    assert.equal((await cfn.send(new ListChangeSetsCommand({ StackName: 'shop' }))).Summaries?.length ?? 0, 0);
  });
});
