import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toAwsError } from '../../../src/aws/errors';
import type { UpdateRequest } from '../../../src/core/aws/ports';
import { CAPABILITY_MEANINGS } from '../../../src/core/release/capabilities';
import { releaseNewBuild } from '../../../src/vscode/release/newBuild';
import { updateFromTemplate } from '../../../src/vscode/release/updateFromTemplate';
import type { FakeAws } from '../helpers/fakeAws';
import { TEMPLATE, WRITES, harness, world } from './helpers';

/**
 * Update Stack from Template when CloudFormation refuses the change set for capabilities the
 * stack lacks: a modal names each one and what acknowledging it means; only its button adds
 * exactly those (the stack's own kept) and makes the change set again, which is still confirmed
 * before it is executed; Cancel says nothing was created. Never asked twice.
 */

// A role with a custom name: CloudFormation asks for CAPABILITY_NAMED_IAM; the stack has CAPABILITY_IAM.
const NAMED_ROLE = TEMPLATE.replace(
  '\nResources:\n',
  `\nResources:
  DeployRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: fleet-deploy
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
`,
);
const target = { stackName: 'fleet', text: NAMED_ROLE, fileName: 'fleet.yaml', findings: [] };
const ACK = 'Acknowledge and Update';

/** CloudFormation's InsufficientCapabilities answer, through the AWS layer's own translation. */
function insufficient(names: readonly string[]) {
  return toAwsError(
    {
      name: 'InsufficientCapabilitiesException',
      message: `Requires capabilities : [${names.join(', ')}]`,
      $metadata: { httpStatusCode: 400 },
    },
    { action: 'cloudformation:CreateChangeSet' },
  );
}

/** CreateChangeSet refuses every request that lacks one of `needed` (`asked` names what it says: by default the lacking ones). */
function refuseWithout(aws: FakeAws, needed: readonly string[], asked?: readonly string[]): void {
  const create = aws.createChangeSet.bind(aws);
  aws.createChangeSet = (request: UpdateRequest & { changeSetName: string }) => {
    const missing = needed.filter((c) => !request.capabilities.includes(c));
    if (missing.length) aws.failures.set('createChangeSet', insufficient(asked ?? missing));
    return create(request);
  };
}

const sentCapabilities = (aws: FakeAws) =>
  aws.callsOf('createChangeSet').map((args) => (args[0] as UpdateRequest).capabilities);
const writes = (aws: FakeAws) => aws.calls.filter((c) => WRITES.includes(c.op)).map((c) => c.op);

test("acknowledged: the change set is made again with the stack's capabilities plus exactly the asked one, confirmed, executed; every parameter kept", async () => {
  const aws = world();
  refuseWithout(aws, ['CAPABILITY_NAMED_IAM']);
  const h = harness(aws, [ACK, 'Execute']);
  const r = await updateFromTemplate(h.deps, target);
  assert.equal(r.kind, 'succeeded', r.message);

  const [modal, confirm] = h.prompter.asked;
  assert.equal(modal!.kind, 'modal');
  assert.equal(
    modal!.message,
    'CloudFormation will not update fleet from fleet.yaml until you acknowledge CAPABILITY_NAMED_IAM.',
  );
  assert.deepEqual(modal!.items, [ACK], "Cancel is the modal's own button");
  assert.ok(
    modal!.detail!.includes(`CAPABILITY_NAMED_IAM: ${CAPABILITY_MEANINGS.CAPABILITY_NAMED_IAM}`),
    modal!.detail,
  );
  assert.match(modal!.detail!, /with the stack's own \(CAPABILITY_IAM\) and CAPABILITY_NAMED_IAM, no other capability/);
  assert.match(modal!.detail!, /you still confirm it before anything is executed/);
  assert.match(modal!.detail!, /Nothing was created; fleet was not changed\./);
  assert.match(confirm!.message!, /^Update fleet from fleet\.yaml\?/, 'the confirmation before execute is kept');

  assert.deepEqual(sentCapabilities(aws), [['CAPABILITY_IAM'], ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']]);
  const [first, second] = aws.callsOf('createChangeSet').map((a) => a[0] as UpdateRequest);
  assert.deepEqual(second!.parameters, first!.parameters, 'the same parameters both times');
  assert.deepEqual(second!.parameters, [
    { key: 'BuildNumber', usePreviousValue: true },
    { key: 'Environment', usePreviousValue: true },
    { key: 'DbPassword', usePreviousValue: true },
    { key: 'FleetSize', usePreviousValue: true },
  ]);
  assert.deepEqual(second!.template, { body: NAMED_ROLE });
  assert.deepEqual(writes(aws), ['createChangeSet', 'createChangeSet', 'executeChangeSet']);
  const stack = await aws.describeStack('fleet');
  assert.equal(stack.status, 'UPDATE_COMPLETE');
  assert.deepEqual(stack.tags, [{ key: 'team', value: 'ops' }]);
  assert.ok(
    h.log.some((l) => l === 'CAPABILITY_NAMED_IAM acknowledged by the user for fleet.'),
    h.log.join('\n'),
  );
  assert.ok(!h.log.some((l) => /--capability/.test(l)), 'the editor never points to the CLI flag');
});

test('Cancel on the modal: nothing acknowledged, nothing created or changed, and said so', async () => {
  const aws = world();
  refuseWithout(aws, ['CAPABILITY_NAMED_IAM']);
  const h = harness(aws, [undefined]);
  const r = await updateFromTemplate(h.deps, target);
  assert.equal(r.kind, 'declined', r.message);
  assert.equal(r.message, 'Not updating fleet: CAPABILITY_NAMED_IAM not acknowledged. Nothing was created or changed.');
  assert.equal(h.prompter.asked.length, 1, 'no confirmation: there is nothing to execute');
  assert.deepEqual(sentCapabilities(aws), [['CAPABILITY_IAM']]);
  assert.deepEqual(writes(aws), ['createChangeSet']);
  assert.equal(aws.changeSets.size, 0);
  assert.equal((await aws.describeStack('fleet')).status, 'CREATE_COMPLETE');
});

test('declining the confirmation after acknowledging deletes the second change set; nothing executed', async () => {
  const aws = world();
  refuseWithout(aws, ['CAPABILITY_NAMED_IAM']);
  const h = harness(aws, [ACK, undefined]);
  const r = await updateFromTemplate(h.deps, target);
  assert.equal(r.kind, 'declined', r.message);
  assert.deepEqual(writes(aws), ['createChangeSet', 'createChangeSet', 'deleteChangeSet']);
  assert.equal(aws.changeSets.size, 0);
});

test('refused again after acknowledging: shown as it is, never asked twice, never the CLI flag', async () => {
  for (const asked of [['CAPABILITY_NAMED_IAM'], ['CAPABILITY_AUTO_EXPAND']]) {
    const aws = world();
    // The first refusal names CAPABILITY_NAMED_IAM; the second, sent with it, is refused anyway.
    let calls = 0;
    const create = aws.createChangeSet.bind(aws);
    aws.createChangeSet = (request: UpdateRequest & { changeSetName: string }) => {
      aws.failures.set('createChangeSet', insufficient(calls++ === 0 ? ['CAPABILITY_NAMED_IAM'] : asked));
      return create(request);
    };
    const h = harness(aws, [ACK]);
    const r = await updateFromTemplate(h.deps, target);
    assert.equal(r.kind, 'failed', r.message);
    assert.equal(h.prompter.asked.length, 1, `one modal only (${asked.join()})`);
    assert.match(r.message, new RegExp(`^fleet: CloudFormation refused the update: the template needs ${asked[0]}`));
    assert.match(
      r.message,
      /Nothing was created; the stack was not changed\. \(Sent with CAPABILITY_IAM, CAPABILITY_NAMED_IAM\.\)$/,
    );
    assert.doesNotMatch(r.message, /--capability/);
    assert.deepEqual(sentCapabilities(aws), [['CAPABILITY_IAM'], ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM']]);
    assert.equal(aws.changeSets.size, 0);
  }
});

test('a change set CloudFormation made and FAILED for a capability: it is deleted, the modal says so, acknowledging adds it', async () => {
  const aws = world();
  const create = aws.createChangeSet.bind(aws);
  aws.createChangeSet = async (request: UpdateRequest & { changeSetName: string }) => {
    const out = await create(request);
    if (!request.capabilities.includes('CAPABILITY_AUTO_EXPAND'))
      aws.changeSets.get(`fleet/${request.changeSetName}`)!.statusReason =
        'Requires capabilities : [CAPABILITY_AUTO_EXPAND]';
    return out;
  };
  const cancel = harness(aws, [undefined]);
  const declined = await updateFromTemplate(cancel.deps, target);
  assert.equal(declined.kind, 'declined', declined.message);
  assert.match(
    cancel.prompter.asked[0]!.detail!,
    new RegExp(`CAPABILITY_AUTO_EXPAND: ${CAPABILITY_MEANINGS.CAPABILITY_AUTO_EXPAND.replace(/[()]/g, '\\$&')}`),
  );
  assert.match(
    cancel.prompter.asked[0]!.detail!,
    /The change set cfn-hup-tools-template-\d+ was deleted\. fleet was not changed\./,
  );
  assert.match(
    declined.message,
    /^Not updating fleet: CAPABILITY_AUTO_EXPAND not acknowledged\. The change set cfn-hup-tools-template-\d+ was deleted\. fleet was not changed\.$/,
  );
  assert.equal(aws.changeSets.size, 0);

  const ack = harness(aws, [ACK, 'Execute']);
  const r = await updateFromTemplate(ack.deps, target);
  assert.equal(r.kind, 'succeeded', r.message);
  assert.deepEqual(sentCapabilities(aws).slice(1), [['CAPABILITY_IAM'], ['CAPABILITY_IAM', 'CAPABILITY_AUTO_EXPAND']]);
});

test('nothing is asked for a capability this tool cannot explain, nor in Release New Build; neither points to the CLI flag', async () => {
  const aws = world();
  refuseWithout(aws, ['CAPABILITY_SOMETHING_NEW']);
  const h = harness(aws, []);
  const r = await updateFromTemplate(h.deps, target);
  assert.equal(r.kind, 'failed', r.message);
  assert.match(r.message, /needs CAPABILITY_SOMETHING_NEW.*Nothing was created; the stack was not changed\.$/);
  assert.doesNotMatch(r.message, /--capability/);
  assert.deepEqual(writes(aws), ['createChangeSet']);

  // Release New Build keeps the deployed template and the stack's capabilities: a refusal there is reported, not asked.
  const release = world();
  release.failures.set('createChangeSet', insufficient(['CAPABILITY_NAMED_IAM']));
  const b = harness(release, ['42']);
  const rb = await releaseNewBuild(b.deps, { stackName: 'fleet' });
  assert.equal(rb.kind, 'failed', rb.message);
  assert.equal(b.prompter.asked.filter((a) => a.kind === 'modal').length, 0);
  assert.match(rb.message, /needs CAPABILITY_NAMED_IAM/);
  assert.doesNotMatch(rb.message, /--capability/);
});
