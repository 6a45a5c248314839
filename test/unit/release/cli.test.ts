import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import type { CliAws } from '../../../src/cli/aws-options';
import type { AwsGateways } from '../../../src/aws/gateways';
import type { UpdateRequest } from '../../../src/core/aws/ports';
import type { FakeAws } from '../helpers/fakeAws';
import { TEMPLATE, world } from '../helpers/fleet';

/**
 * `update` and `replace` in-process on the in-memory fake: what is sent, what
 * is refused (and that a refusal writes nothing), the exit-code contract.
 * The SDK adapters on the wire: aws/moto.test.ts and aws/writes.test.ts.
 */
const WRITES = [
  'createChangeSet',
  'executeChangeSet',
  'updateStack',
  'putTemplate',
  'startInstanceRefresh',
  'terminateInstanceKeepingCapacity',
];

function cliAws(aws: FakeAws, signal?: { aborted: boolean }): CliAws {
  const gateways = {
    stacks: aws,
    release: aws,
    scaling: aws,
    instances: aws,
    templates: aws,
    clock: aws.clock,
    resolveRegion: async () => 'us-east-1',
    dispose: () => undefined,
  } as unknown as AwsGateways; // no SSM: update and replace never use it
  return { gateways: () => gateways, clock: aws.clock, pollMs: 1000, ...(signal ? { signal } : {}) } as CliAws;
}

async function cli(aws: FakeAws, args: string[], cwd = process.cwd(), signal?: { aborted: boolean }) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    {
      cwd,
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_REGION: 'us-east-1' },
    },
    cliAws(aws, signal),
  );
  return { code, stdout, stderr };
}

function writes(aws: FakeAws): string[] {
  return aws.calls.filter((c) => WRITES.includes(c.op)).map((c) => c.op);
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'cfn-hup-update-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const WITH_NEW_PARAMETER = TEMPLATE.replace(
  'Conditions:',
  "  AlarmEmail:\n    Type: String\n    AllowedPattern: '.+@.+'\nConditions:",
);

test('update: every parameter kept, a new one without Default refused until given with --parameter; executed with --yes', async () => {
  const aws = world();
  const cwd = dir({ 'new.yaml': WITH_NEW_PARAMETER });
  const refused = await cli(aws, ['update', '--stack', 'fleet', '--template', 'new.yaml', '--yes'], cwd);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /adds AlarmEmail with no Default: give --parameter AlarmEmail=VALUE/);
  assert.match(refused.stderr, /The stack was not changed\./);
  assert.deepEqual(writes(aws), []);

  const bad = await cli(
    aws,
    ['update', '--stack', 'fleet', '--template', 'new.yaml', '--parameter', 'AlarmEmail=nobody', '--yes'],
    cwd,
  );
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /AlarmEmail=nobody would be rejected/);
  assert.deepEqual(writes(aws), []);

  const out = await cli(
    aws,
    ['update', '--stack', 'fleet', '--template', 'new.yaml', '--parameter', 'AlarmEmail=ops@example.com', '--yes'],
    cwd,
  );
  assert.equal(out.code, 0, out.stdout + out.stderr);
  const request = aws.callsOf('createChangeSet')[0]![0] as UpdateRequest;
  assert.deepEqual(request.parameters, [
    { key: 'BuildNumber', usePreviousValue: true },
    { key: 'Environment', usePreviousValue: true },
    { key: 'DbPassword', usePreviousValue: true },
    { key: 'FleetSize', usePreviousValue: true },
    { key: 'AlarmEmail', value: 'ops@example.com' },
  ]);
  assert.deepEqual(request.capabilities, ['CAPABILITY_IAM']);
  assert.ok('body' in request.template);
  assert.match(out.stdout, /Executing the change set/);
  assert.match(out.stdout, /UPDATE_COMPLETE: fleet was updated from new\.yaml\./);
});

test('update without --yes leaves the change set for review; the cfn-hup checks gate it before any AWS call', async () => {
  const aws = world();
  const cwd = dir({
    'same.yaml': TEMPLATE.replace('Description: A fleet', 'Description: The fleet'),
    'broken.yaml': TEMPLATE.replace('interval=2', 'interval=0'),
  });
  const review = await cli(aws, ['update', '--stack', 'fleet', '--template', 'same.yaml'], cwd);
  assert.equal(review.code, 0, review.stderr);
  assert.match(review.stdout, /Not executed\. Review it/);
  assert.equal(aws.callsOf('executeChangeSet').length, 0);

  const lint = world();
  const gated = await cli(lint, ['update', '--stack', 'fleet', '--template', 'broken.yaml', '--yes'], cwd);
  assert.equal(gated.code, 1);
  assert.match(gated.stderr, /broken\.yaml has 1 error\(s\) from the cfn-hup checks .*--deploy-despite-errors/s);
  assert.match(gated.stderr, /HUP-INTERVAL-INVALID/);
  assert.deepEqual(lint.calls, [], 'not even a read');
  const anyway = await cli(
    lint,
    ['update', '--stack', 'fleet', '--template', 'broken.yaml', '--yes', '--deploy-despite-errors'],
    cwd,
  );
  assert.equal(anyway.code, 0, anyway.stderr);
});

test('update: a template over 51,200 bytes needs --bucket; with one it is uploaded and sent by URL', async () => {
  const aws = world();
  const big = TEMPLATE.replace('Description: A fleet', `Description: A fleet ${'x'.repeat(60_000)}`);
  const cwd = dir({ 'big.yaml': big });
  const refused = await cli(aws, ['update', '--stack', 'fleet', '--template', 'big.yaml', '--yes'], cwd);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /over the 51200-byte TemplateBody limit.*Give one with --bucket\./);
  assert.deepEqual(writes(aws), []);
  const out = await cli(
    aws,
    ['update', '--stack', 'fleet', '--template', 'big.yaml', '--bucket', 'my-templates', '--yes'],
    cwd,
  );
  assert.equal(out.code, 0, out.stderr);
  assert.equal(aws.callsOf('putTemplate')[0]![0], 'my-templates');
  const request = aws.callsOf('createChangeSet')[0]![0] as UpdateRequest;
  assert.match(
    'url' in request.template ? request.template.url : '',
    /^https:\/\/my-templates\.s3\.amazonaws\.com\/cfn-hup-tools\/fleet\//,
  );
});

test('update: usage errors exit 2 without an AWS call', async () => {
  const aws = world();
  const cwd = dir({ 't.yaml': TEMPLATE });
  for (const args of [
    ['update', '--stack', 'fleet'],
    ['update', '--stack', 'fleet', '--template', 'missing.yaml'],
    ['update', '--stack', 'fleet', '--template', 't.yaml', '--parameter', 'NoSuch=1'],
    ['update', '--stack', 'fleet', '--template', 't.yaml', '--parameter', 'novalue'],
  ]) {
    const out = await cli(aws, args, cwd);
    assert.equal(out.code, 2, `${args.join(' ')}: ${out.stderr}`);
  }
  assert.deepEqual(aws.calls, []);
});

test('replace: only the outdated instance by default (one at a time); a refresh cannot skip on a launch configuration', async () => {
  const aws = world();
  const preview = await cli(aws, ['replace', '--stack', 'fleet', '--one-at-a-time']);
  assert.equal(preview.code, 0, preview.stderr);
  assert.match(preview.stdout, /1 outdated instance replaced one at a time .*: i-2\./);
  assert.match(preview.stdout, /Not started\. Run again with --yes/);
  assert.deepEqual(writes(aws), []);

  const refresh = await cli(aws, ['replace', '--stack', 'fleet', '--yes']);
  assert.equal(refresh.code, 1);
  assert.match(refresh.stderr, /cannot skip its up-to-date instances: that needs a launch template/);
  assert.deepEqual(writes(aws), []);

  const out = await cli(aws, ['replace', '--stack', 'fleet', '--one-at-a-time', '--yes']);
  assert.equal(out.code, 0, out.stderr);
  assert.deepEqual(
    aws.callsOf('terminateInstanceKeepingCapacity').map((c) => c[0]),
    ['i-2'],
  );
  assert.match(out.stdout, /Replaced 1 instance of fleet-Group-1 one at a time\./);
});

test('replace --all: an instance refresh keeping --min-healthy; refusals and usage errors start nothing', async () => {
  const aws = world();
  const out = await cli(aws, ['replace', '--stack', 'fleet', '--all', '--min-healthy', '50', '--yes']);
  assert.equal(out.code, 0, out.stderr);
  assert.equal(aws.callsOf('startInstanceRefresh')[0]![0], 'fleet-Group-1');
  assert.equal(
    (aws.callsOf('startInstanceRefresh')[0]![1] as { minHealthyPercentage: number }).minHealthyPercentage,
    50,
  );
  assert.match(out.stdout, /replaced the instances of fleet-Group-1/);

  const none = world();
  none.groups.get('fleet-Group-1')!.instances[1]!.launchConfigurationName = 'fleet-LaunchConfig-1';
  const nothing = await cli(none, ['replace', '--stack', 'fleet', '--only-outdated', '--yes']);
  assert.equal(nothing.code, 1);
  assert.match(nothing.stderr, /every instance of fleet-Group-1 runs its current launch configuration/);
  for (const args of [
    ['replace', '--stack', 'fleet', '--min-healthy', '0', '--yes'],
    ['replace', '--stack', 'fleet', '--one-at-a-time', '--min-healthy', '50'],
    ['replace', '--stack', 'fleet', '--all', '--only-outdated'],
  ])
    assert.equal((await cli(none, args)).code, 2, args.join(' '));
  const noGroup = await cli(none, ['replace', '--stack', 'fleet', '--group', 'Nope', '--all', '--yes']);
  assert.equal(noGroup.code, 1);
  assert.match(noGroup.stderr, /no Auto Scaling group "Nope"; its groups: Group/);
  assert.deepEqual(writes(none), []);
});

test('replace: Ctrl-C while an instance refresh is followed says it goes on, exit 3', async () => {
  const aws = world();
  const signal = { aborted: false };
  const real = aws.describeInstanceRefresh.bind(aws);
  aws.describeInstanceRefresh = async (g, id) => {
    signal.aborted = true;
    return real(g, id);
  };
  const out = await cli(aws, ['replace', '--stack', 'fleet', '--all', '--yes'], process.cwd(), signal);
  assert.equal(out.code, 3, out.stdout + out.stderr);
  assert.match(out.stderr, /Stopped following: instance refresh refresh-1 of fleet-Group-1 goes on in Auto Scaling/);
  assert.doesNotMatch(out.stderr, /Cancelled/);
});

test('replace: a refresh still Baking when the follow time runs out goes on in Auto Scaling: exit 3, not a failure', async () => {
  const aws = world();
  aws.describeInstanceRefresh = async (_g, id) => ({ id, status: 'Baking', percentageComplete: 100 });
  const out = await cli(aws, ['replace', '--stack', 'fleet', '--all', '--yes']);
  assert.equal(out.code, 3, out.stdout + out.stderr);
  assert.match(out.stderr, /Stopped following: instance refresh refresh-1 of fleet-Group-1 goes on in Auto Scaling/);
  assert.ok(aws.clock.now() - Date.parse('2026-01-01T00:00:00Z') >= 2 * 3600_000, 'after the 2-hour follow limit');
});

test('release: a NoEcho build parameter needs --value and its value is never printed', async () => {
  const aws = world();
  const refused = await cli(aws, ['release', '--stack', 'fleet', '--parameter', 'DbPassword', '--yes']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /DbPassword is NoEcho.*--value/);
  const out = await cli(aws, [
    'release',
    '--stack',
    'fleet',
    '--parameter',
    'DbPassword',
    '--value',
    'Sup3r-s3cret',
    '--yes',
  ]);
  assert.equal(out.code, 0, out.stderr);
  assert.doesNotMatch(out.stdout + out.stderr, /Sup3r-s3cret/);
  assert.match(out.stdout, /DbPassword \(NoEcho\) -> \(NoEcho\)/);
});
