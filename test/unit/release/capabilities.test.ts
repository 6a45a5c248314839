import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toAwsError } from '../../../src/aws/errors';
import { AwsError } from '../../../src/core/aws/errors';
import type { UpdateRequest } from '../../../src/core/aws/ports';
import {
  CAPABILITIES,
  CAPABILITY_MEANINGS,
  capabilitiesAsked,
  capabilitiesToAcknowledge,
  withCapabilities,
} from '../../../src/core/release/capabilities';
import { releaseJob } from '../../../src/core/release/jobs';
import { runChangeSet, type RunDriver } from '../../../src/core/release/run';
import { planRelease, type ReleaseServices } from '../../../src/core/release/workflow';
import type { FakeAws } from '../helpers/fakeAws';
import { world } from '../helpers/fleet';

/**
 * Which capabilities a CloudFormation refusal asks for, which of them the user is to acknowledge,
 * and the release run carrying that refusal to its front ends (the editor asks, the CLI names its flag).
 */

/** CreateChangeSet's InsufficientCapabilities answer, through the AWS layer's own translation. */
function insufficient(names: string[]): AwsError {
  return toAwsError(
    {
      name: 'InsufficientCapabilitiesException',
      message: `Requires capabilities : [${names.join(', ')}]`,
      $metadata: { httpStatusCode: 400 },
    },
    { action: 'cloudformation:CreateChangeSet' },
  );
}

test('capabilitiesAsked reads the names from the refusal as the AWS layer words it, and from a FAILED change set reason', () => {
  const e = insufficient(['CAPABILITY_NAMED_IAM']);
  assert.deepEqual(capabilitiesAsked(e.message), ['CAPABILITY_NAMED_IAM']);
  assert.deepEqual(capabilitiesAsked('Requires capabilities : [CAPABILITY_IAM, CAPABILITY_AUTO_EXPAND]'), [
    'CAPABILITY_IAM',
    'CAPABILITY_AUTO_EXPAND',
  ]);
  assert.deepEqual(
    capabilitiesAsked(
      'The change set cfn-hup-tools-template-1 failed: Requires capabilities : [CAPABILITY_AUTO_EXPAND]',
    ),
    ['CAPABILITY_AUTO_EXPAND'],
  );
  assert.equal(capabilitiesAsked('Template format error: Unresolved resource dependencies [Foo]'), undefined);
  assert.equal(capabilitiesAsked("The submitted information didn't contain changes."), undefined);
  // A capability named outside a capability refusal (e.g. a parameter description) is no request.
  assert.equal(capabilitiesAsked('Parameter Mode must be CAPABILITY_IAM'), undefined);
  assert.equal(capabilitiesAsked(''), undefined);
  assert.equal(capabilitiesAsked(undefined), undefined);
});

test('capabilitiesToAcknowledge: only those asked and not given; nothing to ask when all were given, none named, or one is unknown', () => {
  assert.deepEqual(capabilitiesToAcknowledge(['CAPABILITY_NAMED_IAM'], ['CAPABILITY_IAM']), ['CAPABILITY_NAMED_IAM']);
  assert.deepEqual(
    capabilitiesToAcknowledge(['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND'], ['CAPABILITY_IAM']),
    ['CAPABILITY_AUTO_EXPAND'],
    'one the stack already has is not asked again',
  );
  assert.equal(
    capabilitiesToAcknowledge(['CAPABILITY_NAMED_IAM'], ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']),
    undefined,
    'already sent: asking again would loop',
  );
  assert.equal(capabilitiesToAcknowledge([], []), undefined);
  assert.equal(capabilitiesToAcknowledge(undefined, []), undefined);
  assert.equal(
    capabilitiesToAcknowledge(['CAPABILITY_NAMED_IAM', 'CAPABILITY_SOMETHING_NEW'], []),
    undefined,
    'a capability whose meaning cannot be said is not offered',
  );
  // What is sent after acknowledging: the stack's own first, then exactly the acknowledged ones.
  assert.deepEqual(withCapabilities(['CAPABILITY_IAM'], ['CAPABILITY_NAMED_IAM']), [
    'CAPABILITY_IAM',
    'CAPABILITY_NAMED_IAM',
  ]);
});

test('every capability has one plain sentence saying what acknowledging it means', () => {
  assert.deepEqual(Object.keys(CAPABILITY_MEANINGS).sort(), [...CAPABILITIES].sort());
  for (const c of CAPABILITIES) {
    const s = CAPABILITY_MEANINGS[c];
    assert.match(s, /^The template [^\n]+\.$/, c);
    assert.doesNotMatch(s, /CAPABILITY_/, `${c}: said in words, not by name`);
  }
  assert.match(CAPABILITY_MEANINGS.CAPABILITY_IAM, /IAM resources/);
  assert.match(CAPABILITY_MEANINGS.CAPABILITY_NAMED_IAM, /custom names/);
  assert.match(CAPABILITY_MEANINGS.CAPABILITY_AUTO_EXPAND, /macros or transforms/);
});

// ---------------------------------------------------------------- the run carries the refusal

const services = (aws: FakeAws): ReleaseServices => ({ stacks: aws, release: aws, clock: aws.clock });

function driver(): RunDriver {
  return {
    whereToWatch: 'Watch it.',
    region: async () => 'us-east-1',
    countInstances: async () => undefined,
    decide: async () => 'execute',
  };
}

async function job(aws: FakeAws) {
  const p = await planRelease(services(aws), { stackName: 'fleet', value: '42' });
  assert.ok(p.ok);
  return releaseJob(p, aws.clock.now());
}

test('run: CreateChangeSet refused for capabilities → failed before execute with the names and the refusal without the next step; nothing to delete', async () => {
  const aws = world();
  const refusal = insufficient(['CAPABILITY_NAMED_IAM']);
  aws.failures.set('createChangeSet', refusal);
  const r = await runChangeSet(services(aws), await job(aws), driver());
  assert.equal(r.kind, 'failed-before-execute');
  assert.ok(r.kind === 'failed-before-execute');
  assert.deepEqual(r.capabilityRefusal, { asked: ['CAPABILITY_NAMED_IAM'], message: refusal.message });
  assert.doesNotMatch(r.capabilityRefusal!.message, /--capability/);
  assert.match(r.message, /--capability CAPABILITY_NAMED_IAM/, "the CLI's wording is unchanged");
  assert.equal(r.cleanup, undefined, 'CloudFormation created nothing');
  assert.deepEqual(
    aws.calls.filter((c) => c.op === 'deleteChangeSet'),
    [],
  );
});

test('run: a change set FAILED for capabilities (after a transform) carries them too, and is deleted', async () => {
  const aws = world();
  const create = aws.createChangeSet.bind(aws);
  aws.createChangeSet = async (request: UpdateRequest & { changeSetName: string }) => {
    const out = await create(request);
    aws.changeSets.get(`fleet/${request.changeSetName}`)!.statusReason =
      'Requires capabilities : [CAPABILITY_AUTO_EXPAND]';
    return out;
  };
  const r = await runChangeSet(services(aws), await job(aws), driver());
  assert.ok(r.kind === 'failed-before-execute', r.kind);
  assert.deepEqual(r.capabilityRefusal?.asked, ['CAPABILITY_AUTO_EXPAND']);
  assert.match(r.cleanup!.message, /^The change set cfn-hup-tools-BuildNumber-\d+ was deleted\.$/);
  assert.equal(aws.changeSets.size, 0);
});

test('run: any other refusal carries no capabilities', async () => {
  const aws = world();
  aws.failures.set(
    'createChangeSet',
    new AwsError('Validation', 'Template format error: unsupported structure.', '', 'cloudformation:CreateChangeSet'),
  );
  const r = await runChangeSet(services(aws), await job(aws), driver());
  assert.ok(r.kind === 'failed-before-execute');
  assert.equal(r.capabilityRefusal, undefined);
  // An access denial that happens to quote a capability is not a capability refusal either.
  const denied = world();
  denied.failures.set(
    'createChangeSet',
    new AwsError('AccessDenied', 'Not authorized (Requires capabilities : [CAPABILITY_IAM])', '', 'x'),
  );
  const d = await runChangeSet(services(denied), await job(denied), driver());
  assert.ok(d.kind === 'failed-before-execute');
  assert.equal(d.capabilityRefusal, undefined);
});
