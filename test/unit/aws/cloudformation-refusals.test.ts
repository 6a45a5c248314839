import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import { FakeClock } from '../helpers/fakeAws';
import { FIXTURES, startRecorded, xmlEscape, type Reply } from './helpers/recorded';

/**
 * CloudFormation's own refusals of a write, with the next step: a stack that
 * became busy between the check and the change set, too many change sets.
 */
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
const TEMPLATE = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8');
const STACK_ID = 'arn:aws:cloudformation:us-east-1:123456789012:stack/fleet/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

function refusal(code: string, message: string): Reply {
  return {
    status: 400,
    body: `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>r-1</RequestId></ErrorResponse>`,
  };
}

async function release(createChangeSet: Reply, args = ['release', '--stack', 'fleet']) {
  const server = await startRecorded((r) => {
    switch (r.action) {
      case 'DescribeStacks':
        return { file: 'cloudformation/DescribeStacks-complete-41.xml' };
      case 'GetTemplate':
        return {
          body: `<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult><TemplateBody>${xmlEscape(TEMPLATE)}</TemplateBody></GetTemplateResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetTemplateResponse>`,
        };
      case 'CreateChangeSet':
        return createChangeSet;
      case 'DescribeStackEvents':
        return { file: 'cloudformation/DescribeStackEvents-before.xml' };
      case 'DeleteChangeSet':
        return { file: 'cloudformation/DeleteChangeSet.xml' };
      default:
        throw new Error(`unexpected ${r.action}`);
    }
  });
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(
      [...args, '--endpoint-url', server.endpoint],
      { cwd: process.cwd(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: ENV },
      { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 },
    );
    return { code, stdout, stderr };
  } finally {
    await server.close();
  }
}

test('a stack that became busy after the check: CloudFormation refuses, and the advice of the pre-check follows', async () => {
  const out = await release(
    refusal('ValidationError', `Stack:${STACK_ID} is in UPDATE_IN_PROGRESS state and can not be updated.`),
  );
  assert.equal(out.code, 1, out.stdout + out.stderr);
  assert.match(
    out.stderr,
    /Stack:arn:aws:cloudformation:\S+ is in UPDATE_IN_PROGRESS state and can not be updated\.\nAnother operation is running; wait until it finishes, then try again\./,
  );
});

test('ChangeSet limit exceeded: delete old change sets of the stack, with the AWS CLI commands', async () => {
  const out = await release(refusal('LimitExceededException', `ChangeSet limit exceeded for stack: ${STACK_ID}`));
  assert.equal(out.code, 1, out.stdout + out.stderr);
  assert.match(out.stderr, /ChangeSet limit exceeded for stack/);
  assert.match(
    out.stderr,
    /Delete old change sets of the stack \(each preview that is not executed, e\.g\. without --yes, leaves one\): list them with `aws cloudformation list-change-sets --stack-name fleet`, delete each with `aws cloudformation delete-change-set --stack-name fleet --change-set-name NAME`, then try again\./,
  );
  assert.doesNotMatch(out.stderr, /failed: LimitExceededException/);
});

test('update with nothing to change, refused by CreateChangeSet itself: "No updates are to be performed" said once', async () => {
  const out = await release(refusal('ValidationError', 'No updates are to be performed.'), [
    'update',
    '--stack',
    'fleet',
    '--template',
    join(FIXTURES, 'fleet-stack.yaml'),
    '--deploy-despite-errors',
  ]);
  assert.equal(out.code, 1, out.stdout + out.stderr);
  assert.match(out.stderr, /cfn-hup-tools: No updates are to be performed\.\nThe stack was not changed\./);
  assert.doesNotMatch(out.stderr, /performed.*performed/s);
  // Another reason is kept after it.
  const moto = await release(
    refusal(
      'ValidationError',
      "The submitted information didn't contain changes. Submit different information to create a change set.",
    ),
  );
  assert.match(
    moto.stderr,
    /No updates are to be performed \(The submitted information didn't contain changes\. .*\)\./,
  );
});
