import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudFormationClient, CreateStackCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import type { CliAws } from '../../../src/cli/aws-options';
import { loadFleet } from '../../../src/core/aws/fleet';
import { LINUX_REPORT_SCRIPT } from '../../../src/core/instances/script';
import { DUMMY_CREDENTIALS, REGION, motoSkipReason, startMoto, type Moto } from './helpers/moto';
import { FIXTURES } from './helpers/recorded';
import { scenarios, type FakeInstance } from '../../support/fakeInstance';
import { SsmStandIn } from '../../support/ssmStandIn';
import { StepClock } from '../../support/stepClock';

/**
 * `instances` and `release --yes --wait-instances` end to end: CloudFormation,
 * Auto Scaling and EC2 from moto; Systems Manager from the stand-in, which
 * runs the real report script with bash in one directory per instance that
 * moto launched. The CLI is given one endpoint (the stand-in forwards what is
 * not SSM to moto) and an injected clock: waiting costs no real time.
 */
const skip = motoSkipReason();
const TEMPLATE = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');
const PARAMETERS = { BuildNumber: '41', Environment: 'dev', DbPassword: 's3cret', FleetSize: '2' };

describe('instance checks against moto + the SSM stand-in', { skip }, () => {
  let moto: Moto;
  let standIn: SsmStandIn;
  let clock: StepClock;
  let groupIds: string[] = [];
  let bastion = '';
  const env = () => ({
    AWS_ACCESS_KEY_ID: DUMMY_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DUMMY_CREDENTIALS.secretAccessKey,
    AWS_REGION: REGION,
  });

  async function cli(...args: string[]) {
    let stdout = '';
    let stderr = '';
    const aws: CliAws = { gateways: createGateways, clock, pollMs: 1000 };
    const code = await main(
      [...args, '--endpoint-url', standIn.endpoint],
      { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: env() },
      aws,
    );
    return { code, stdout, stderr };
  }

  before(async () => {
    moto = await startMoto();
    clock = new StepClock(Date.now());
    standIn = new SsmStandIn({ moto: moto.endpoint, now: () => clock.now() });
    await standIn.start();
  });
  after(async () => {
    await standIn.stop();
    await moto.stop();
  });

  beforeEach(async () => {
    await moto.reset();
    standIn.reset();
    const cfn = new CloudFormationClient({ region: REGION, endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS });
    await cfn.send(
      new CreateStackCommand({
        StackName: 'fleet',
        TemplateBody: TEMPLATE,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: Object.entries(PARAMETERS).map(([ParameterKey, ParameterValue]) => ({
          ParameterKey,
          ParameterValue,
        })),
      }),
    );
    await waitUntilStackCreateComplete(
      { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { StackName: 'fleet' },
    );
    cfn.destroy();
    const g = createGateways({ region: REGION, endpointUrl: moto.endpoint, credentials: DUMMY_CREDENTIALS });
    const fleet = await loadFleet(g, 'fleet');
    g.dispose();
    groupIds = fleet.groups[0]!.instances.map((i) => i.id);
    bastion = fleet.instances[0]!.id;
    assert.equal(groupIds.length, 2);
  });

  /**
   * Every instance SSM is asked about becomes a simulated one (moto replaces the group's instances
   * when the release changes the launch configuration's Metadata). `behave(n)` says what the n-th
   * one's cfn-hup does when the first check reaches it; it may also change the instance at once.
   */
  function simulate(
    behave: (n: number, instance: FakeInstance) => ((at: number) => void) | undefined,
    extra: (n: number) => object = () => ({}),
  ) {
    standIn.autoAdd = (_id, n) => (instance) => {
      const act = behave(n, instance);
      let done = false;
      return {
        ...extra(n),
        onCommand: () => {
          if (act && !done) {
            done = true;
            act(clock.now());
          }
        },
      };
    };
  }

  test('release --yes --wait-instances: every instance converged → exit 0, each one reported', async () => {
    simulate((_n, i) => (at) => scenarios.converge(i, at));
    const out = await cli('release', '--stack', 'fleet', '--yes', '--wait-instances');
    assert.equal(out.code, 0, out.stderr + out.stdout);
    assert.match(out.stdout, /UPDATE_COMPLETE/);
    assert.equal(out.stdout.match(/i-[0-9a-f]+  Group  converged  hook "cfn-auto-reloader-hook" ran at/g)?.length, 2);
    // The Bastion has no hook the release fires: it is not waited for.
    assert.doesNotMatch(out.stdout, new RegExp(bastion));
    assert.match(out.stdout, /2 converged/);
    // What reached the instances is the constant script, nothing else.
    for (const r of standIn.received.filter((x) => x.operation === 'SendCommand'))
      assert.deepEqual((r.body.Parameters as { commands: string[] }).commands, [...LINUX_REPORT_SCRIPT]);
  });

  test('one instance’s action fails → exit 1 with cfn-init’s failing command for that instance', async () => {
    simulate((n, i) => (n === 1 ? (at) => scenarios.fail(i, at) : (at) => scenarios.converge(i, at)));
    const out = await cli('release', '--stack', 'fleet', '--yes', '--wait-instances');
    assert.equal(out.code, 1, out.stdout);
    assert.match(out.stdout, /i-[0-9a-f]+  Group  converged/);
    assert.match(
      out.stdout,
      /i-[0-9a-f]+  Group  failing .*exited with 1.*Command 01_restart_app \(systemctl restart app\) failed/,
    );
    assert.match(out.stdout, /1 failing, 1 converged/);
  });

  test('release --direct --yes --wait-instances: the same wait as the change-set path (hooks found from the parameters and the update)', async () => {
    simulate((n, i) => (n === 1 ? (at) => scenarios.fail(i, at) : (at) => scenarios.converge(i, at)));
    const out = await cli('release', '--stack', 'fleet', '--direct', '--yes', '--wait-instances');
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(out.stdout, /Updating the stack directly \(UpdateStack/);
    assert.match(out.stdout, /UPDATE_COMPLETE/);
    assert.match(
      out.stdout,
      /Running instances: hook "cfn-auto-reloader-hook" \(in LaunchConfig, path Resources\.LaunchConfig\.Metadata/,
    );
    assert.match(
      out.stdout,
      /Waiting up to 7 minute\(s\) for 2 instance\(s\) to apply the release \(cfn-hup polls every 2 minute/,
    );
    assert.match(out.stdout, /i-[0-9a-f]+  Group  converged/);
    assert.match(out.stdout, /i-[0-9a-f]+  Group  failing .*Command 01_restart_app \(systemctl restart app\) failed/);
    assert.doesNotMatch(out.stdout, new RegExp(bastion));
    // No change set was made on the direct path.
    assert.doesNotMatch(out.stdout, /change set/i);
  });

  test('a hook that never fires → silent after cfn-hup’s interval, exit 1; the wait costs no real time', async () => {
    simulate((_n, i) => (at) => scenarios.alive(i, at));
    const out = await cli('release', '--stack', 'fleet', '--yes', '--wait-instances', '--timeout', '30');
    assert.equal(out.code, 1);
    assert.match(out.stdout, /2 silent/);
    assert.match(out.stdout, /cfn-hup logged nothing for it since/);
  });

  test('cfn-hup crashed at start (invalid interval) on one instance → cfn-hup down with the log line, exit 1', async () => {
    simulate((n, i) => {
      if (n === 0) scenarios.crashInvalidInterval(i, clock.now() - 3_600_000);
      return (at) => scenarios.converge(i, at);
    });
    const out = await cli('release', '--stack', 'fleet', '--yes', '--wait-instances');
    assert.equal(out.code, 1);
    assert.match(
      out.stdout,
      /i-[0-9a-f]+  Group  cfn-hup down  cfn-hup is not running \(systemd: failed\); its last error: Invalid interval/,
    );
    assert.match(out.stdout, /next: Set interval to a whole number/);
  });

  test('an unmanaged instance → unreachable with the next step, exit 1', async () => {
    simulate(
      (_n, i) => (at) => scenarios.converge(i, at),
      (n) => (n === 0 ? { managed: false } : {}),
    );
    const out = await cli('release', '--stack', 'fleet', '--yes', '--wait-instances');
    assert.equal(out.code, 1);
    assert.match(out.stdout, /unreachable  not managed by AWS Systems Manager/);
    assert.match(out.stdout, /AmazonSSMManagedInstanceCore/);
  });

  test('instances --format json: every instance of the stack, stand-alone ones too, with state and evidence', async () => {
    simulate((_n, i) => (at) => scenarios.converge(i, at));
    const out = await cli(
      'instances',
      '--stack',
      'fleet',
      '--format',
      'json',
      '--since',
      new Date(clock.now() - 60_000).toISOString(),
    );
    assert.equal(out.code, 0, out.stderr + out.stdout);
    const json = JSON.parse(out.stdout) as {
      converged: boolean;
      instances: { instanceId: string; group: string; state: string; cfnBootstrapVersion: string }[];
    };
    assert.equal(json.converged, true);
    assert.deepEqual(
      json.instances.map((i) => [i.instanceId, i.group, i.state]).sort(),
      [
        [bastion, 'Bastion', 'converged'],
        [groupIds[0], 'Group', 'converged'],
        [groupIds[1], 'Group', 'converged'],
      ].sort(),
    );
    assert.equal(json.instances[0]!.cfnBootstrapVersion, '2.0-32');
  });

  test('instances without --since (no release): a cfn-hup that only polls is idle, not silent; the last action decides; exit 0 only when nothing is wrong', async () => {
    // The stack was created long ago on the clock; no release is given, so nothing is late.
    clock.advance(24 * 3600_000);
    simulate((n, i) => {
      // Yesterday's actions: the group's first instance succeeded, the Bastion's failed; the other only polls.
      const yesterday = clock.now() - 20 * 3600_000;
      if (n === 0) scenarios.converge(i, yesterday);
      if (n === 2) scenarios.fail(i, yesterday);
      return (at) => scenarios.alive(i, at);
    });
    const out = await cli('instances', '--stack', 'fleet');
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /as they are now \(no release given: each hook is judged on its last action in cfn-hup\.log; one with no action there is idle, not silent/,
    );
    assert.match(out.stdout, /1 failing, 1 converged, 1 idle/);
    assert.match(out.stdout, /idle +hook "cfn-auto-reloader-hook": cfn-hup runs and logged no action for it/);
    assert.match(
      out.stdout,
      /failing +hook "cfn-auto-reloader-hook": the action exited with 1; .*Command 01_restart_app/,
    );
    assert.doesNotMatch(out.stdout, /^ +i-\S+ +\S+ +silent/m);
  });

  test('instances without --since: converged or idle everywhere → exit 0, the JSON says what it judged against; the same fleet judged against --since is silent', async () => {
    clock.advance(24 * 3600_000);
    simulate((n, i) => (n === 0 ? (at) => scenarios.converge(i, at - 3600_000) : (at) => scenarios.alive(i, at)));
    const json = await cli('instances', '--stack', 'fleet', '--format', 'json');
    assert.equal(json.code, 0, json.stdout + json.stderr);
    const parsed = JSON.parse(json.stdout) as {
      since: null;
      judgedAgainst: string;
      healthy: boolean;
      converged: boolean;
    };
    assert.equal(parsed.since, null);
    assert.equal(parsed.judgedAgainst, 'current-state');
    assert.equal(parsed.healthy, true);
    assert.equal(parsed.converged, false);

    // The same instances judged against a release a day ago (--since): silent, exit 1.
    const since = await cli(
      'instances',
      '--stack',
      'fleet',
      '--since',
      new Date(clock.now() - 23 * 3600_000).toISOString(),
    );
    assert.equal(since.code, 1);
    assert.match(since.stdout, /each hook is expected to act after it/);
    assert.match(since.stdout, /2 silent, 1 converged/);
  });

  test('instances: access denied on SendCommand → every instance unreachable, naming the IAM action; exit 1', async () => {
    simulate(() => undefined);
    standIn.denied.add('SendCommand');
    const out = await cli('instances', '--stack', 'fleet');
    assert.equal(out.code, 1);
    assert.match(out.stdout, /3 unreachable/);
    assert.match(out.stdout, /not call ssm:SendCommand/);
    assert.match(out.stdout, /limited to AWS-RunShellScript/);
  });

  test('instances --apply-now --yes: one cfn-hup pass on one instance first, then the rest, then the check sees it', async () => {
    const before = new Date(clock.now()).toISOString();
    standIn.autoAdd = (_id, _n) => (instance) => ({
      onCommand: (kind) => {
        if (kind === 'apply') scenarios.converge(instance, clock.now());
      },
    });
    const out = await cli('instances', '--stack', 'fleet', '--apply-now', '--yes', '--since', before);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(out.stdout.match(/cfn-hup --no-daemon on i-[0-9a-f]+: cfn-hup pass completed/g)?.length, 3);
    const sends = standIn.received
      .filter((r) => r.operation === 'SendCommand')
      .map((r) => (r.body.InstanceIds as string[]).length);
    assert.deepEqual(sends.slice(0, 2), [1, 2]);
    assert.match(out.stdout, /3 converged/);
  });

  test('usage errors: --wait-instances without --yes, a bad --timeout, a bad --since', async () => {
    assert.equal((await cli('release', '--stack', 'fleet', '--wait-instances')).code, 2);
    assert.equal((await cli('release', '--stack', 'fleet', '--yes', '--wait-instances', '--timeout', 'soon')).code, 2);
    assert.equal((await cli('instances', '--stack', 'fleet', '--since', 'yesterday')).code, 2);
    // --direct goes with --wait-instances now; it still needs --yes.
    assert.equal((await cli('release', '--stack', 'fleet', '--direct', '--wait-instances')).code, 2);
    assert.equal((await cli('instances', '--stack', 'fleet', '--apply-now')).code, 2);
  });
});
