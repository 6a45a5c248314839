import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import type { CliAws } from '../../../src/cli/aws-options';
import { FakeClock } from '../helpers/fakeAws';
import { FIXTURES, startRecorded, xmlEscape, type Handler, type Recorded, type Reply } from './helpers/recorded';

/**
 * Issue 15: `replace` and `update` on recorded, real-format responses, for what moto does not do
 * (update-replace-moto.test.ts does the rest): an instance refresh (StartInstanceRefresh and
 * DescribeInstanceRefreshes, absent from moto), a group with instances from an older launch
 * template version (moto reports every instance on the current one), and what the CLI puts on the
 * wire for `update` against a stack as DescribeStacks really returns it (NoEcho masked,
 * Capabilities), including the S3 upload's ExpectedBucketOwner. The new fixtures are reconstructed
 * from the documented shapes (test/fixtures/aws/README.md), not captured from AWS.
 */
const TEMPLATE = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
const GROUP = 'fleet-Group-E0H6RFY8T9ZE';
const REFRESH = '08b91cf7-8fa6-48af-b6a6-d227f40f1b9b';
const WRITES = [
  'CreateChangeSet',
  'ExecuteChangeSet',
  'UpdateStack',
  'StartInstanceRefresh',
  'TerminateInstanceInAutoScalingGroup',
  'PUT',
];

function getTemplate(body: string): Reply {
  return {
    body: `<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult><TemplateBody>${xmlEscape(body)}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable></GetTemplateResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetTemplateResponse>`,
  };
}

/** The stack and fleet reads every command starts with (the recorded launch-template group, i-0bbb outdated). */
function reads(r: { action: string }): Reply | undefined {
  switch (r.action) {
    case 'DescribeStacks':
      return { file: 'cloudformation/DescribeStacks-complete-41.xml' };
    case 'GetTemplate':
      return getTemplate(TEMPLATE);
    case 'ListStackResources':
      return { file: 'cloudformation/ListStackResources.xml' };
    case 'DescribeLaunchTemplates':
      return { file: 'ec2/DescribeLaunchTemplates.xml' };
    case 'DescribeInstances':
      return { file: 'ec2/DescribeInstances.xml' };
    case 'DescribeAutoScalingGroups':
      return { file: 'autoscaling/DescribeAutoScalingGroups.xml' };
    default:
      return undefined;
  }
}

function serve(more: (r: Parameters<Handler>[0]) => Reply | undefined): Handler {
  return (r) => {
    const reply = more(r) ?? reads(r);
    if (!reply) throw new Error(`unexpected ${r.service} ${r.action || `${r.method} ${r.url}`}`);
    return reply;
  };
}

async function cli(args: string[], server: Recorded, options: { cwd?: string; signal?: { aborted: boolean } } = {}) {
  let stdout = '';
  let stderr = '';
  const clock = new FakeClock(Date.now());
  const aws: CliAws & { signal?: { aborted: boolean } } = {
    gateways: createGateways,
    clock,
    pollMs: 1000,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const code = await main(
    [...args, '--endpoint-url', server.endpoint],
    { cwd: options.cwd ?? process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: ENV },
    aws,
  );
  return { code, stdout, stderr, clock };
}

const writes = (server: Recorded) =>
  server.requests.filter((r) => WRITES.includes(r.action || r.method)).map((r) => r.action || r.method);
const sent = (server: Recorded, action: string) =>
  Object.fromEntries(server.requests.find((r) => r.action === action)!.params.entries());

test('replace --min-healthy: an instance refresh of only the outdated instance (SkipMatching), followed to Successful', async () => {
  const states = ['Pending', 'InProgress', 'Baking', 'Successful'];
  let poll = 0;
  const server = await startRecorded(
    serve((r) => {
      if (r.action === 'StartInstanceRefresh') return { file: 'autoscaling/StartInstanceRefresh.xml' };
      if (r.action === 'DescribeInstanceRefreshes')
        return { file: `autoscaling/DescribeInstanceRefreshes-${states[Math.min(poll++, states.length - 1)]}.xml` };
      return undefined;
    }),
  );
  try {
    const out = await cli(['replace', '--stack', 'fleet', '--min-healthy', '75', '--yes'], server);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      new RegExp(
        `Auto Scaling group Group \\(${GROUP}\\): an instance refresh replaces 1 outdated instance, keeping at least 75% of desired 2 in service \\(SkipMatching`,
      ),
    );
    const start = sent(server, 'StartInstanceRefresh');
    assert.equal(start.AutoScalingGroupName, GROUP);
    assert.equal(start.Strategy, 'Rolling');
    assert.equal(start['Preferences.MinHealthyPercentage'], '75');
    assert.equal(start['Preferences.SkipMatching'], 'true', 'i-0aaa, on the current version, stays');
    assert.deepEqual(writes(server), ['StartInstanceRefresh'], 'one write: the refresh');
    const polled = server.requests.filter((r) => r.action === 'DescribeInstanceRefreshes');
    assert.equal(polled.length, 4, 'followed through Pending, InProgress and Baking to Successful');
    assert.equal(polled[0]!.params.get('InstanceRefreshIds.member.1'), REFRESH);
    assert.match(out.stdout, /Instance refresh 08b91cf7-[\w-]+: InProgress 0%\n.*Baking 100%\n.*Successful 100%/s);
    assert.match(out.stdout, new RegExp(`Instance refresh ${REFRESH} replaced the instances of ${GROUP}\\.`));
    assert.equal(out.clock.sleeps.length, 3, 'polled on the injected clock, never a real sleep');
    // What README's IAM table lists for `replace` (a refresh).
    assert.deepEqual(
      new Set(server.requests.map((r) => r.action)),
      new Set([
        'ListStackResources',
        'DescribeAutoScalingGroups',
        'DescribeLaunchTemplates',
        'DescribeInstances',
        'StartInstanceRefresh',
        'DescribeInstanceRefreshes',
      ]),
    );
  } finally {
    await server.close();
  }
});

test('replace: a refresh that ends Failed exits 1 with its reason; one Auto Scaling refuses starts nothing', async () => {
  let poll = 0;
  const failing = await startRecorded(
    serve((r) => {
      if (r.action === 'StartInstanceRefresh') return { file: 'autoscaling/StartInstanceRefresh.xml' };
      if (r.action === 'DescribeInstanceRefreshes')
        return { file: `autoscaling/DescribeInstanceRefreshes-${poll++ === 0 ? 'InProgress' : 'Failed'}.xml` };
      return undefined;
    }),
  );
  try {
    const out = await cli(['replace', '--stack', 'fleet', '--yes'], failing);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stderr,
      /Instance refresh 08b91cf7-[\w-]+ ended Failed: The instance refresh failed because instance i-0ccc0000000000003 failed health checks/,
    );
    assert.equal(sent(failing, 'StartInstanceRefresh')['Preferences.MinHealthyPercentage'], '90', 'the default');
  } finally {
    await failing.close();
  }

  const busy = await startRecorded(
    serve((r) =>
      r.action === 'StartInstanceRefresh'
        ? { status: 400, file: 'autoscaling/Error-InstanceRefreshInProgress.xml' }
        : undefined,
    ),
  );
  try {
    const out = await cli(['replace', '--stack', 'fleet', '--yes'], busy);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stderr, /An Instance Refresh is already in progress/);
    assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(busy.requests.filter((r) => r.action === 'StartInstanceRefresh').length, 1, 'a write is not retried');
    assert.equal(busy.requests.filter((r) => r.action === 'DescribeInstanceRefreshes').length, 0);
  } finally {
    await busy.close();
  }
});

test('replace: Ctrl-C while a refresh is followed says it goes on in Auto Scaling, exit 3', async () => {
  const signal = { aborted: false };
  const server = await startRecorded(
    serve((r) => {
      if (r.action === 'StartInstanceRefresh') return { file: 'autoscaling/StartInstanceRefresh.xml' };
      if (r.action === 'DescribeInstanceRefreshes') {
        signal.aborted = true; // Ctrl-C while the first poll is answered
        return { file: 'autoscaling/DescribeInstanceRefreshes-InProgress.xml' };
      }
      return undefined;
    }),
  );
  try {
    const out = await cli(['replace', '--stack', 'fleet', '--yes'], server, { signal });
    assert.equal(out.code, 3, out.stdout + out.stderr);
    assert.match(
      out.stderr,
      new RegExp(`Stopped following: instance refresh ${REFRESH} of ${GROUP} goes on in Auto Scaling\\. Watch it with`),
    );
    assert.deepEqual(writes(server), ['StartInstanceRefresh']);
  } finally {
    await server.close();
  }
});

test('replace --one-at-a-time: only the outdated instance is terminated (capacity kept), and the CLI waits for its replacement', async () => {
  let terminated = false;
  let polls = 0;
  const server = await startRecorded(
    serve((r) => {
      if (r.action === 'TerminateInstanceInAutoScalingGroup') {
        terminated = true;
        return { file: 'autoscaling/TerminateInstanceInAutoScalingGroup.xml' };
      }
      if (r.action === 'DescribeAutoScalingGroups' && terminated)
        return { file: `autoscaling/DescribeAutoScalingGroups-${polls++ === 0 ? 'replacing' : 'replaced'}.xml` };
      return undefined;
    }),
  );
  try {
    const out = await cli(['replace', '--stack', 'fleet', '--one-at-a-time', '--yes'], server);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /1 outdated instance replaced one at a time \(desired capacity 2 kept\): i-0bbb0000000000002\./,
    );
    const terminate = server.requests.filter((r) => r.action === 'TerminateInstanceInAutoScalingGroup');
    assert.equal(terminate.length, 1, 'i-0aaa, on the current launch template version, is left alone');
    assert.equal(terminate[0]!.params.get('InstanceId'), 'i-0bbb0000000000002');
    assert.equal(terminate[0]!.params.get('ShouldDecrementDesiredCapacity'), 'false');
    assert.equal(polls, 2, 'waited while the replacement was Pending, until it was InService');
    assert.match(out.stdout, new RegExp(`Replaced 1 instance of ${GROUP} one at a time\\.`));

    // --all: every InService instance, the up-to-date one too (the preview says so; nothing started).
    const all = await cli(['replace', '--stack', 'fleet', '--one-at-a-time', '--all'], server);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /all 2 InService instances replaced one at a time/);
    assert.equal(server.requests.filter((r) => r.action === 'TerminateInstanceInAutoScalingGroup').length, 1);
  } finally {
    await server.close();
  }
});

test('replace refusals start nothing: every instance current (--only-outdated), an unknown group; without --yes a preview', async () => {
  const server = await startRecorded(
    serve((r) =>
      r.action === 'DescribeAutoScalingGroups'
        ? // i-0bbb replaced already: every instance on version 3.
          { file: 'autoscaling/DescribeAutoScalingGroups-replaced.xml' }
        : undefined,
    ),
  );
  try {
    const current = await cli(['replace', '--stack', 'fleet', '--only-outdated', '--yes'], server);
    assert.equal(current.code, 1);
    assert.match(
      current.stderr,
      new RegExp(`every instance of ${GROUP} runs its current launch configuration/template \\(use --all\\)`),
    );
    assert.match(current.stderr, /Nothing was changed\./);
    const group = await cli(['replace', '--stack', 'fleet', '--group', 'Web', '--yes'], server);
    assert.equal(group.code, 1);
    assert.match(group.stderr, /fleet has no Auto Scaling group "Web"; its groups: Group\./);
    const preview = await cli(['replace', '--stack', 'fleet', '--min-healthy', '50'], server);
    assert.equal(preview.code, 0);
    assert.match(preview.stdout, /an instance refresh replaces all 2 InService instances, keeping at least 50%/);
    assert.match(preview.stdout, /Not started\. Run again with --yes/);
    assert.deepEqual(writes(server), []);
  } finally {
    await server.close();
  }
});

/** A stack update through a change set that CloudFormation completes; `onPut` answers S3. */
function updateHandler(onPut?: (r: Parameters<Handler>[0]) => Reply): Handler {
  let executed = false;
  return serve((r) => {
    if (r.service === 's3' && onPut) return onPut(r);
    switch (r.action) {
      case 'GetCallerIdentity':
        return { file: 'sts/GetCallerIdentity.xml' };
      case 'CreateChangeSet':
        return { file: 'cloudformation/CreateChangeSet.xml' };
      case 'DescribeChangeSet':
        return { file: 'cloudformation/DescribeChangeSet-complete.xml' };
      case 'DeleteChangeSet':
        return { file: 'cloudformation/DeleteChangeSet.xml' };
      case 'ExecuteChangeSet':
        executed = true;
        return { file: 'cloudformation/ExecuteChangeSet.xml' };
      case 'DescribeStackEvents':
        return { file: 'cloudformation/DescribeStackEvents-before.xml' };
      case 'DescribeStacks':
        return executed ? { file: 'cloudformation/DescribeStacks-complete-41.xml' } : undefined;
      default:
        return undefined;
    }
  });
}

function folder(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'cfn-hup-update-recorded-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

test('update --bucket: the upload names the caller account as ExpectedBucketOwner; the change set keeps every parameter (NoEcho too) and capability and sends no tags, topics or role', async () => {
  const big = `${TEMPLATE}${'# a long template: notes that make it larger than TemplateBody allows\n'.repeat(800)}`;
  const cwd = folder({ 'big.yaml': big });
  let uploaded = '';
  const server = await startRecorded(
    updateHandler((r) => {
      uploaded = r.url;
      return { body: '', headers: { etag: '"9b2cf535f27731c974343645a3985328"' } };
    }),
  );
  try {
    const out = await cli(
      ['update', '--stack', 'fleet', '--template', 'big.yaml', '--bucket', 'templates', '--yes'],
      server,
      {
        cwd,
      },
    );
    assert.equal(out.code, 0, out.stdout + out.stderr);
    const put = server.requests.find((r) => r.service === 's3')!;
    assert.equal(put.method, 'PUT');
    assert.match(put.url, /^\/templates\/cfn-hup-tools\/fleet\/[\w-]+\.template\?x-id=PutObject$/);
    assert.equal(put.headers['x-amz-expected-bucket-owner'], '123456789012', "the caller's own account, from STS");
    const create = sent(server, 'CreateChangeSet');
    assert.equal(create.TemplateURL, `${server.endpoint}${uploaded.replace(/\?.*$/, '')}`);
    assert.equal(create.TemplateBody, undefined);
    assert.equal(create.ChangeSetType, 'UPDATE');
    assert.deepEqual(
      [1, 2, 3, 4].map((i) => [
        create[`Parameters.member.${i}.ParameterKey`],
        create[`Parameters.member.${i}.UsePreviousValue`],
        create[`Parameters.member.${i}.ParameterValue`],
      ]),
      [
        ['BuildNumber', 'true', undefined],
        ['Environment', 'true', undefined],
        ['DbPassword', 'true', undefined],
        ['FleetSize', 'true', undefined],
      ],
      'every parameter kept as it is; the masked NoEcho value "****" is never sent back',
    );
    assert.equal(create['Capabilities.member.1'], 'CAPABILITY_IAM');
    assert.deepEqual(
      Object.keys(create).filter((k) => /^(Tags|NotificationARNs|RoleARN)/.test(k)),
      [],
      "omitted: CloudFormation keeps the stack's",
    );
    assert.deepEqual(writes(server), ['PUT', 'CreateChangeSet', 'ExecuteChangeSet']);
    // What README's IAM table lists for `update` with an upload (the fleet reads count instances).
    assert.deepEqual(
      new Set(server.requests.map((r) => r.action || `s3:${r.method}`)),
      new Set([
        'DescribeStacks',
        'GetTemplate',
        'GetCallerIdentity',
        's3:PUT',
        'CreateChangeSet',
        'DescribeChangeSet',
        'ExecuteChangeSet',
        'DescribeStackEvents',
        'ListStackResources',
        'DescribeAutoScalingGroups',
        'DescribeLaunchTemplates',
        'DescribeInstances',
      ]),
    );
    assert.match(out.stdout, /UPDATE_COMPLETE: fleet was updated from big\.yaml\./);
  } finally {
    await server.close();
  }
});

test("update --bucket of another account: S3's refusal is explained and nothing reaches CloudFormation", async () => {
  const big = `${TEMPLATE}${'# padding\n'.repeat(6000)}`;
  const cwd = folder({ 'big.yaml': big });
  const server = await startRecorded(updateHandler(() => ({ status: 403, file: 's3/Error-AccessDenied.xml' })));
  try {
    const out = await cli(
      ['update', '--stack', 'fleet', '--template', 'big.yaml', '--bucket', 'theirs', '--yes'],
      server,
      {
        cwd,
      },
    );
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stderr,
      /Not uploading the template to s3:\/\/theirs: .*ExpectedBucketOwner 123456789012 \(your account\)/,
    );
    assert.match(out.stderr, /Use a bucket of account 123456789012/);
    assert.deepEqual(writes(server), ['PUT']);
  } finally {
    await server.close();
  }
});

test('update: a template that needs a capability the stack lacks is refused with the flag to give; --capability acknowledges it', async () => {
  const cwd = folder({ 'new.yaml': TEMPLATE.replace('build ${BuildNumber}', 'release ${BuildNumber}') });
  const insufficient = (r: Parameters<Handler>[0]): Reply | undefined =>
    r.action === 'CreateChangeSet' && !r.params.getAll('Capabilities.member.2').length
      ? {
          status: 400,
          body: '<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>InsufficientCapabilitiesException</Code><Message>Requires capabilities : [CAPABILITY_NAMED_IAM]</Message></Error><RequestId>x</RequestId></ErrorResponse>',
        }
      : undefined;
  const base = updateHandler();
  const server = await startRecorded((r, i) => insufficient(r) ?? base(r, i));
  try {
    const refused = await cli(['update', '--stack', 'fleet', '--template', 'new.yaml', '--yes'], server, { cwd });
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /the template needs CAPABILITY_NAMED_IAM, which the stack was not given/);
    assert.match(refused.stderr, /--capability CAPABILITY_NAMED_IAM/);
    assert.deepEqual(writes(server), ['CreateChangeSet'], 'refused at CreateChangeSet: nothing was created');
    assert.doesNotMatch(
      refused.stderr,
      /DeleteChangeSet|was deleted/,
      'no change set exists, so none is said to be deleted',
    );
    assert.equal(server.requests.filter((r) => r.action === 'DeleteChangeSet').length, 0);

    const typo = await cli(['update', '--stack', 'fleet', '--template', 'new.yaml', '--capability', 'IAM'], server, {
      cwd,
    });
    assert.equal(typo.code, 2, 'an unknown capability is a usage error, before any AWS call');
    assert.match(
      typo.stderr,
      /--capability must be one of CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND/,
    );

    const given = await cli(
      ['update', '--stack', 'fleet', '--template', 'new.yaml', '--capability', 'CAPABILITY_NAMED_IAM', '--yes'],
      server,
      { cwd },
    );
    assert.equal(given.code, 0, given.stdout + given.stderr);
    assert.match(given.stdout, /capabilities CAPABILITY_IAM, CAPABILITY_NAMED_IAM;/);
    const creates = server.requests.filter((r) => r.action === 'CreateChangeSet');
    assert.deepEqual(
      [...creates.at(-1)!.params.entries()].filter(([k]) => k.startsWith('Capabilities')),
      [
        ['Capabilities.member.1', 'CAPABILITY_IAM'],
        ['Capabilities.member.2', 'CAPABILITY_NAMED_IAM'],
      ],
      "the stack's own capability is kept, the acknowledged one added",
    );
  } finally {
    await server.close();
  }
});

test('update: the lint gate reads the project config as lint does; a rule it turns down no longer refuses the update', async () => {
  const broken = TEMPLATE.replace('interval=2', 'interval=0');
  assert.notEqual(broken, TEMPLATE, 'the fixture has interval=2 to break');
  const gatedDir = folder({ 'broken.yaml': broken });
  const configuredDir = folder({
    'broken.yaml': broken,
    '.cfn-hup-tools.yaml': 'rules:\n  HUP-INTERVAL-INVALID: warning\n',
  });
  const server = await startRecorded(updateHandler());
  try {
    const gated = await cli(['update', '--stack', 'fleet', '--template', 'broken.yaml', '--yes'], server, {
      cwd: gatedDir,
    });
    assert.equal(gated.code, 1, gated.stdout + gated.stderr);
    assert.match(gated.stderr, /HUP-INTERVAL-INVALID/);
    assert.deepEqual(writes(server), []);

    const configured = await cli(['update', '--stack', 'fleet', '--template', 'broken.yaml', '--yes'], server, {
      cwd: configuredDir,
    });
    assert.equal(configured.code, 0, configured.stdout + configured.stderr);
    assert.deepEqual(writes(server), ['CreateChangeSet', 'ExecuteChangeSet']);
  } finally {
    await server.close();
  }
});
