import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import type { GatewayOptions } from '../../../src/aws/gateways';
import type { CliAws } from '../../../src/cli/aws-options';
import { FakeClock } from '../helpers/fakeAws';
import { hooksView } from '../../../src/core/aws/hooksView';
import { FIXTURES, startRecorded, xmlEscape, type Handler, type Recorded } from './helpers/recorded';

/**
 * The SDK adapters and the CLI on recorded, real-format AWS responses: the
 * parts moto does not model (Metadata, per-resource events, change-set
 * details, masked NoEcho values, capabilities) and the error paths.
 */
const TEMPLATE = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
const GET_TEMPLATE = `<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult><TemplateBody>${xmlEscape(TEMPLATE)}</TemplateBody><StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable></GetTemplateResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetTemplateResponse>`;

function cliAws(
  clock = new FakeClock(Date.now()),
  override: Partial<GatewayOptions> = {},
): CliAws & { clock: FakeClock } {
  return { gateways: (o) => createGateways({ ...o, ...override }), clock, pollMs: 1000 };
}

async function cli(args: string[], server: Recorded, aws: CliAws = cliAws(), cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    [...args, '--endpoint-url', server.endpoint],
    { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: ENV },
    aws,
  );
  return { code, stdout, stderr };
}

/** A stack whose release rolls back (Bastion's new AMI does not exist). */
function releaseHandler(options: { emptyChangeSet?: boolean; succeed?: boolean } = {}): Handler {
  let executed = false;
  return (r) => {
    switch (r.action) {
      case 'DescribeStacks':
        if (!executed) return { file: 'cloudformation/DescribeStacks-complete-41.xml' };
        return {
          file: options.succeed
            ? 'cloudformation/DescribeStacks-complete-42.xml'
            : 'cloudformation/DescribeStacks-rolled-back-41.xml',
        };
      case 'GetTemplate':
        return { body: GET_TEMPLATE };
      case 'CreateChangeSet':
        return { file: 'cloudformation/CreateChangeSet.xml' };
      case 'DescribeChangeSet':
        return {
          file: options.emptyChangeSet
            ? 'cloudformation/DescribeChangeSet-no-changes.xml'
            : 'cloudformation/DescribeChangeSet-complete.xml',
        };
      case 'DeleteChangeSet':
        return { file: 'cloudformation/DeleteChangeSet.xml' };
      case 'ExecuteChangeSet':
        executed = true;
        return { file: 'cloudformation/ExecuteChangeSet.xml' };
      case 'DescribeStackEvents':
        return {
          file:
            executed && !options.succeed
              ? 'cloudformation/DescribeStackEvents-rollback.xml'
              : 'cloudformation/DescribeStackEvents-before.xml',
        };
      case 'ListStackResources':
        return { file: 'cloudformation/ListStackResources.xml' };
      case 'DescribeAutoScalingGroups':
        return { file: 'autoscaling/DescribeAutoScalingGroups.xml' };
      case 'DescribeLaunchTemplates':
        return { file: 'ec2/DescribeLaunchTemplates.xml' };
      case 'DescribeInstances':
        return { file: 'ec2/DescribeInstances.xml' };
      case 'DescribeStackResource':
        return { file: 'cloudformation/DescribeStackResource-LaunchConfig.xml' };
      default:
        throw new Error(`unexpected ${r.action}`);
    }
  };
}

test('DescribeStacks as AWS returns it: NoEcho masked, capabilities, topics, role, tags', async () => {
  const server = await startRecorded(releaseHandler());
  const g = createGateways({
    region: 'us-east-1',
    endpointUrl: server.endpoint,
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
  });
  try {
    const s = await g.stacks.describeStack('fleet');
    assert.equal(s.status, 'UPDATE_COMPLETE');
    assert.deepEqual(
      s.parameters.find((p) => p.key === 'DbPassword'),
      { key: 'DbPassword', value: '****' },
    );
    assert.deepEqual(s.capabilities, ['CAPABILITY_IAM']);
    assert.deepEqual(s.notificationArns, ['arn:aws:sns:us-east-1:123456789012:releases']);
    assert.equal(s.roleArn, 'arn:aws:iam::123456789012:role/cfn-deployer');
    assert.deepEqual(s.tags, [
      { key: 'team', value: 'ops' },
      { key: 'cost-center', value: '42' },
    ]);
    assert.deepEqual(s.outputs, [{ key: 'Build', value: '41', description: undefined, exportName: undefined }]);
    const cs = await g.release.describeChangeSet('fleet', 'cs-1');
    assert.deepEqual(
      cs.changes.map((c) => [c.logicalId, c.replacement, c.scope, c.details]),
      [
        ['LaunchConfig', 'False', ['Metadata'], ['Metadata']],
        ['Bastion', 'True', ['Properties'], ['ImageId (requires replacement)']],
      ],
    );
    const events = await g.release.describeStackEvents('fleet', new Date(Date.now() - 60_000).toISOString());
    assert.equal(events.length, 0, 'the creation event is older than "since"');
  } finally {
    g.dispose();
    await server.close();
  }
});

test('DescribeStackResource: the Metadata JSON string is parsed, and its hooks are read from it; `metadata` prints it', async () => {
  const server = await startRecorded(releaseHandler());
  try {
    const g = createGateways({
      region: 'us-east-1',
      endpointUrl: server.endpoint,
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    });
    const r = await g.stacks.describeStackResource('fleet', 'LaunchConfig');
    g.dispose();
    assert.deepEqual(r.metadata, JSON.parse(readFileSync(join(FIXTURES, 'live-metadata.json'), 'utf8')));
    assert.deepEqual(
      hooksView(r.metadata, r.logicalId).map((h) => [h.name, h.watchesResource, h.intervalMinutes]),
      [['cfn-auto-reloader-hook', 'LaunchConfig', 2]],
    );
    const out = await cli(['metadata', '--stack', 'fleet', '--resource', 'LaunchConfig'], server);
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(JSON.parse(out.stdout), r.metadata);
    const sent = server.requests.filter((q) => q.action === 'DescribeStackResource').at(-1)!;
    assert.equal(sent.params.get('LogicalResourceId'), 'LaunchConfig');
  } finally {
    await server.close();
  }
});

test('metadata --compare: the local template evaluated with the live parameters matches; an edit is shown', async () => {
  const server = await startRecorded(releaseHandler());
  const dir = mkdtempSync(join(tmpdir(), 'cfn-hup-compare-'));
  writeFileSync(join(dir, 'same.yaml'), TEMPLATE);
  writeFileSync(
    join(dir, 'edited.yaml'),
    TEMPLATE.replace("'build ${BuildNumber} (${Environment})'", "'release ${BuildNumber}'"),
  );
  try {
    const same = await cli(
      ['metadata', '--stack', 'fleet', '--resource', 'LaunchConfig', '--compare', 'same.yaml'],
      server,
      cliAws(),
      dir,
    );
    assert.equal(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /The live Metadata of LaunchConfig matches same\.yaml/);
    const edited = await cli(
      ['metadata', '--stack', 'fleet', '--resource', 'LaunchConfig', '--compare', 'edited.yaml'],
      server,
      cliAws(),
      dir,
    );
    assert.equal(edited.code, 1);
    assert.match(
      edited.stdout,
      /~ AWS::CloudFormation::Init\.config\.files\.\/opt\/app\/build\.txt\.content: live "build 41 \(dev\)", template "release 41"/,
    );
    assert.match(edited.stdout, /1 difference between/);
  } finally {
    await server.close();
  }
});

test('status: a launch-template group at $Latest, the instance from an older version marked, private IPs, the bastion', async () => {
  const server = await startRecorded(releaseHandler());
  try {
    const text = await cli(['status', '--stack', 'fleet'], server);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Stack fleet: UPDATE_COMPLETE/);
    assert.match(text.stdout, /BuildNumber: 41/);
    assert.match(
      text.stdout,
      /Auto Scaling group Group \(fleet-Group-E0H6RFY8T9ZE\): desired 2, min 2, max 3; launch template fleet-web version \$Latest \(= 3\)/,
    );
    assert.match(text.stdout, /i-0aaa0000000000001 {2}InService {2}Healthy {2}10\.0\.1\.11\n/);
    assert.match(
      text.stdout,
      /i-0bbb0000000000002 {2}InService {2}Healthy {2}10\.0\.2\.12 {2}OUTDATED \(launched from fleet-web v2\)/,
    );
    assert.match(text.stdout, /Bastion {2}i-0bastion00000001 {2}running {2}10\.0\.0\.5 {2}"bastion"/);
    const json = await cli(
      ['status', '--stack', 'fleet', '--format', 'json', '--build-parameter', 'Environment'],
      server,
    );
    const v = JSON.parse(json.stdout);
    assert.deepEqual(v.buildParameter, { name: 'Environment', value: 'dev' });
    assert.equal(v.autoScalingGroups[0].instances[1].outdated, true);
    assert.equal(v.stack.statusClass, 'complete');
    // One call per page or batch: never one call per instance.
    const count = (a: string) => server.requests.filter((r) => r.action === a).length;
    assert.equal(count('DescribeInstances'), 2);
    assert.equal(count('DescribeAutoScalingGroups'), 2);
    assert.equal(
      server.requests.find((r) => r.action === 'DescribeInstances')!.params.get('InstanceId.3'),
      'i-0bastion00000001',
    );
  } finally {
    await server.close();
  }
});

test('release --yes: every parameter sent (NoEcho as UsePreviousValue), capabilities carried, no Tags/NotificationARNs/RoleARN; a rollback names the first failed resource', async () => {
  const server = await startRecorded(releaseHandler());
  try {
    const out = await cli(['release', '--stack', 'fleet', '--yes'], server);
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const create = server.requests.find((r) => r.action === 'CreateChangeSet')!.params;
    const sent = Object.fromEntries(create.entries());
    assert.equal(sent.UsePreviousTemplate, 'true');
    assert.equal(sent.ChangeSetType, 'UPDATE');
    assert.deepEqual(
      [1, 2, 3, 4].map((i) => [
        sent[`Parameters.member.${i}.ParameterKey`],
        sent[`Parameters.member.${i}.ParameterValue`] ?? `previous=${sent[`Parameters.member.${i}.UsePreviousValue`]}`,
      ]),
      [
        ['BuildNumber', '42'],
        ['Environment', 'previous=true'],
        ['DbPassword', 'previous=true'],
        ['FleetSize', 'previous=true'],
      ],
    );
    assert.equal(sent['Parameters.member.5.ParameterKey'], undefined);
    assert.equal(sent['Capabilities.member.1'], 'CAPABILITY_IAM');
    assert.deepEqual(
      Object.keys(sent).filter((k) => /^(Tags|NotificationARNs|RoleARN)/.test(k)),
      [],
      "omitted: CloudFormation keeps the stack's",
    );
    assert.match(out.stdout, /BuildNumber "41" -> "42"; 3 other parameter\(s\) keep their values/);
    assert.match(
      out.stdout,
      /!! REPLACES Bastion \(AWS::EC2::Instance\) i-0bastion00000001 because of ImageId \(requires replacement\)/,
    );
    assert.match(out.stdout, /Modify LaunchConfig \(AWS::AutoScaling::LaunchConfiguration\) \[Metadata\]/);
    assert.match(
      out.stdout,
      /cfn-hup: hook "cfn-auto-reloader-hook" .* fires post.update on every instance launched from it within 2 minutes/,
    );
    assert.match(out.stdout, /UPDATE_FAILED +Bastion \(AWS::EC2::Instance\)/);
    assert.match(
      out.stderr,
      /rolled back; BuildNumber is still "41"\. Bastion \(AWS::EC2::Instance\) UPDATE_FAILED: Resource handler returned message: "The image id '\[ami-0123456789abcdef0\]' does not exist/,
    );
    assert.equal(server.requests.filter((r) => r.action === 'ExecuteChangeSet').length, 1);
  } finally {
    await server.close();
  }
});

test('release without --yes only previews; with --yes it exits 0 when the stack reached UPDATE_COMPLETE with the new value', async () => {
  const preview = await startRecorded(releaseHandler({ succeed: true }));
  try {
    const out = await cli(['release', '--stack', 'fleet', '--value', '42'], preview);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Not executed\. Review it, then run again with --yes/);
    assert.equal(preview.requests.filter((r) => r.action === 'ExecuteChangeSet').length, 0);
  } finally {
    await preview.close();
  }
  const server = await startRecorded(releaseHandler({ succeed: true }));
  try {
    const out = await cli(['release', '--stack', 'fleet', '--yes'], server);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /UPDATE_COMPLETE: BuildNumber is now "42"/);
  } finally {
    await server.close();
  }
});

test('release: an empty change set exits 1 with "No updates are to be performed", deletes it, executes nothing', async () => {
  const server = await startRecorded(releaseHandler({ emptyChangeSet: true }));
  try {
    const out = await cli(['release', '--stack', 'fleet', '--yes'], server);
    assert.equal(out.code, 1);
    assert.match(
      out.stderr,
      /No updates are to be performed.*empty change set was deleted\.\nThe stack was not changed\./s,
    );
    assert.equal(server.requests.filter((r) => r.action === 'DeleteChangeSet').length, 1);
    assert.equal(server.requests.filter((r) => r.action === 'ExecuteChangeSet').length, 0);
  } finally {
    await server.close();
  }
});

test('throttling is retried with backoff on the injected clock, then becomes a message', async () => {
  let throttles = 2;
  const flaky = await startRecorded((r) =>
    r.action === 'DescribeStacks' && throttles-- > 0
      ? { status: 400, file: 'cloudformation/Error-Throttling.xml' }
      : releaseHandler()(r, 0),
  );
  try {
    const aws = cliAws();
    const ok = await cli(['status', '--stack', 'fleet'], flaky, aws);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(aws.clock.sleeps.length, 2, 'two backoffs, no real waiting');
    assert.ok(aws.clock.sleeps[1]! > aws.clock.sleeps[0]! / 2);
  } finally {
    await flaky.close();
  }
  const always = await startRecorded(() => ({ status: 400, file: 'cloudformation/Error-Throttling.xml' }));
  try {
    const aws = cliAws();
    const out = await cli(['status', '--stack', 'fleet'], always, aws);
    assert.equal(out.code, 1);
    assert.match(
      out.stderr,
      /AWS is throttling cloudformation:DescribeStacks \(Rate exceeded\)\. Gave up after 5 attempts\.\nWait a minute and try again/,
    );
    assert.equal(always.requests.length, 5);
    assert.equal(aws.clock.sleeps.length, 4);
  } finally {
    await always.close();
  }
});

test('access denied names the missing action; not found and expired tokens say what to do', async () => {
  const cases: [Handler, RegExp][] = [
    [
      () => ({ status: 403, file: 'cloudformation/Error-AccessDenied.xml' }),
      /Access denied: the credentials in use may not call cloudformation:DescribeStacks\.\nAsk for an IAM policy that allows cloudformation:DescribeStacks/,
    ],
    [
      (r, i) =>
        r.action === 'DescribeInstances'
          ? { status: 403, file: 'ec2/Error-UnauthorizedOperation.xml' }
          : releaseHandler()(r, i),
      /may not call ec2:DescribeInstances\.\nAsk for an IAM policy that allows ec2:DescribeInstances/,
    ],
    [
      () => ({ status: 400, file: 'cloudformation/Error-ValidationError-not-found.xml' }),
      /Stack with id nope does not exist\nCheck the name and the region/,
    ],
    [
      () => ({ status: 403, file: 'cloudformation/Error-ExpiredToken.xml' }),
      /session token has expired.*\nRun `aws sso login --profile dev`/,
    ],
  ];
  for (const [handler, message] of cases) {
    const server = await startRecorded(handler);
    try {
      const out = await cli(
        ['status', '--stack', 'nope', '--profile', 'dev'],
        server,
        cliAws(undefined, { credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }),
      );
      assert.equal(out.code, 1);
      assert.match(out.stderr, message);
      assert.doesNotMatch(out.stderr, /\n\s+at /, 'no stack trace');
    } finally {
      await server.close();
    }
  }
});

test('no credentials and an expired SSO session: a message with the next step, and no request sent', async () => {
  const server = await startRecorded(releaseHandler());
  const failing = (message: string) => async () => {
    throw Object.assign(new Error(message), { name: 'CredentialsProviderError' });
  };
  try {
    const none = await cli(
      ['status', '--stack', 'fleet'],
      server,
      cliAws(undefined, { credentials: failing('Could not load credentials from any providers') }),
    );
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No AWS credentials found\.\nChoose a profile with --profile/);
    const sso = await cli(
      ['status', '--stack', 'fleet', '--profile', 'dev'],
      server,
      cliAws(undefined, {
        credentials: failing(
          'The SSO session associated with this profile has expired or is otherwise invalid. To refresh this SSO session run aws sso login with the corresponding profile.',
        ),
      }),
    );
    assert.equal(sso.code, 1);
    assert.match(
      sso.stderr,
      /The SSO session of profile "dev" has expired\.\nRun `aws sso login --profile dev`, then try again\./,
    );
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

test('usage errors exit 2 with a message and no AWS call', async () => {
  const server = await startRecorded(releaseHandler());
  try {
    const cases: [string[], RegExp][] = [
      [['status'], /--stack NAME is required/],
      [['metadata', '--stack', 'fleet'], /--resource LOGICAL_ID is required/],
      [['release', '--stack', 'fleet', '--direct'], /add --yes to confirm/],
      [['status', '--stack', 'fleet', '--format', 'xml'], /unknown --format "xml"/],
      [['status', '--stack', 'fleet', '--region', 'moon'], /not a region name/],
      [['release', '--stack', 'fleet', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      const out = await cli(args, server);
      assert.equal(out.code, 2, args.join(' '));
      assert.match(out.stderr, message);
    }
    assert.equal(server.requests.length, 0);
    const help = await cli(['release', '--help'], server);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /cfn-hup-tools release --stack NAME/);
  } finally {
    await server.close();
  }
});
