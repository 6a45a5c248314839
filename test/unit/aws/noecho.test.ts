import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import { redactSecrets, unmaskedSecrets } from '../../../src/core/aws/noEcho';
import { evaluationContextOf } from '../../../src/core/aws/pseudo';
import { evaluateResourceMetadata } from '../../../src/core/intrinsics/evaluate';
import {
  createChangeSet,
  outcome,
  planRelease,
  type ReleasePlan,
  type ReleaseServices,
} from '../../../src/core/release/workflow';
import {
  deployedTemplateFacts,
  hookDescription,
  parameterDisplay,
  stackDescription,
} from '../../../src/vscode/explorer/model';
import { FakeClock } from '../helpers/fakeAws';
import { harness } from '../release-ui/helpers';
import { releaseNewBuild } from '../../../src/vscode/release/newBuild';
import { world } from '../helpers/fleet';
import { FIXTURES, fixture, startRecorded, xmlEscape, type Handler } from './helpers/recorded';

/**
 * NoEcho values never shown, even when the endpoint returns them unmasked
 * (moto does; a proxy could): AWS's own masking is never relied on. Each
 * place that shows stack parameters or renders Metadata with them has a case.
 */
const SECRET = 'S3cret-Xyzzy';
const ENV = { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1' };
/** fleet-stack.yaml with DbPassword (NoEcho) used in Metadata: in a file's content and in a hook's action. */
const TEMPLATE = readFileSync(join(FIXTURES, 'fleet-stack.yaml'), 'utf8')
  .replace("'build ${BuildNumber} (${Environment})'", "'build ${BuildNumber} (${Environment}) ${DbPassword}'")
  .replace('--region ${AWS::Region}\n', '--region ${AWS::Region} --password ${DbPassword}\n');

function services(aws: ReturnType<typeof world>): ReleaseServices {
  return { stacks: aws, release: aws, scaling: aws, instances: aws, clock: aws.clock } as unknown as ReleaseServices;
}

/** The fake stack as an emulator would return it: the NoEcho parameter in clear. */
function unmaskedWorld() {
  const aws = world();
  const stack = aws.stacks.get('fleet')!;
  stack.detail.parameters = stack.detail.parameters.map((p) => (p.key === 'DbPassword' ? { ...p, value: SECRET } : p));
  return aws;
}

test('NoEcho release (core): the change set description, and every message, carry no NoEcho value', async () => {
  const aws = unmaskedWorld();
  const s = services(aws);
  const same = await planRelease(s, { stackName: 'fleet', parameter: 'DbPassword', value: SECRET });
  assert.ok(!same.ok && same.reason === 'same-value');
  assert.doesNotMatch(same.message, new RegExp(SECRET));
  assert.match(same.message, /DbPassword is already \(NoEcho\)/);

  const plan = await planRelease(s, { stackName: 'fleet', parameter: 'DbPassword', value: 'N3w-Secret' });
  assert.ok(plan.ok);
  await createChangeSet(s, plan);
  const [request] = aws.callsOf('createChangeSet')[0] as [{ description?: string }];
  assert.equal(request.description, 'DbPassword (NoEcho) changed (cfn-hup-tools)');

  const p = plan as ReleasePlan & { ok: true };
  const stack = await aws.describeStack('fleet');
  const wrong = outcome(p, { ...stack, status: 'UPDATE_COMPLETE' }, []);
  const rolled = outcome(p, { ...stack, status: 'UPDATE_ROLLBACK_COMPLETE' }, []);
  for (const o of [wrong, rolled]) {
    const message = 'message' in o ? (o.message ?? '') : '';
    assert.ok(message, `${o.kind} says something`);
    assert.doesNotMatch(message, new RegExp(`${SECRET}|N3w-Secret`), message);
  }
});

test('NoEcho in the explorer (model): parameters, the stack description and hook actions never show one', () => {
  const stack = world().stacks.get('fleet')!.detail;
  const unmasked = {
    ...stack,
    parameters: stack.parameters.map((p) => (p.key === 'DbPassword' ? { ...p, value: SECRET } : p)),
  };
  const facts = deployedTemplateFacts(TEMPLATE, evaluationContextOf(unmasked, 'us-east-1'));
  assert.deepEqual([...facts.noEcho], ['DbPassword']);
  const db = unmasked.parameters.find((p) => p.key === 'DbPassword')!;
  assert.equal(parameterDisplay(db, facts.noEcho), '****');
  assert.equal(parameterDisplay(db, undefined), '(not shown)', 'no template: no value at all');
  assert.equal(parameterDisplay({ key: 'BuildNumber', value: '41' }, facts.noEcho), '41');
  assert.equal(
    stackDescription('UPDATE_COMPLETE', { name: 'DbPassword', value: parameterDisplay(db, facts.noEcho) }),
    'DbPassword **** · update complete',
  );
  const hooks = [...facts.hooks.values()].flat();
  assert.ok(hooks.length > 0);
  for (const h of hooks) {
    assert.doesNotMatch(JSON.stringify(h) + hookDescription(h), new RegExp(SECRET));
  }
  assert.match(hooks[0]!.action, /--password \$\{DbPassword\}/, 'the NoEcho value stays unknown');
});

test('NoEcho in a Metadata comparison (core): the rendering keeps it unknown; an unmasked live value is taken out', () => {
  const stack = world().stacks.get('fleet')!.detail;
  const unmasked = {
    ...stack,
    parameters: stack.parameters.map((p) => (p.key === 'DbPassword' ? { ...p, value: SECRET } : p)),
  };
  const evaluated = evaluateResourceMetadata(TEMPLATE, 'LaunchConfig', {
    ...evaluationContextOf(unmasked, 'us-east-1'),
    hideNoEcho: true,
  });
  assert.ok(evaluated.ok);
  assert.deepEqual(evaluated.noEcho, ['DbPassword']);
  assert.doesNotMatch(JSON.stringify(evaluated.value), new RegExp(SECRET));
  assert.ok(evaluated.symbolic.includes('DbPassword'));
  // Without hideNoEcho (what a release decides with, never shows), the value is used.
  const decided = evaluateResourceMetadata(TEMPLATE, 'LaunchConfig', evaluationContextOf(unmasked, 'us-east-1'));
  assert.match(JSON.stringify(decided.ok && decided.value), new RegExp(SECRET));

  const secrets = unmaskedSecrets(unmasked.parameters, new Set(evaluated.noEcho));
  assert.deepEqual(secrets, [SECRET]);
  assert.deepEqual(unmaskedSecrets(stack.parameters, new Set(['DbPassword'])), [], "AWS's mask is no secret");
  assert.deepEqual(redactSecrets({ a: [`x ${SECRET} y ${SECRET}`, 1, null], [SECRET]: true }, secrets), {
    a: ['x **** y ****', 1, null],
    '****': true,
  });
});

/** An endpoint that returns the NoEcho parameter in clear, for fleet with TEMPLATE deployed. */
function unmaskedHandler(getTemplate: 'ok' | 'denied' = 'ok'): Handler {
  return (r) => {
    switch (r.action) {
      case 'DescribeStacks':
        return { body: fixture('cloudformation/DescribeStacks-complete-41.xml').replace('****', SECRET) };
      case 'GetTemplate':
        return getTemplate === 'denied'
          ? { status: 403, file: 'cloudformation/Error-AccessDenied.xml' }
          : {
              body: `<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult><TemplateBody>${xmlEscape(TEMPLATE)}</TemplateBody></GetTemplateResult><ResponseMetadata><RequestId>x</RequestId></ResponseMetadata></GetTemplateResponse>`,
            };
      case 'DescribeStackResource':
        return {
          body: fixture('cloudformation/DescribeStackResource-LaunchConfig.xml').replace(
            'build 41 (dev)',
            `build 41 (dev) ${SECRET}`,
          ),
        };
      case 'ListStackResources':
        return { file: 'cloudformation/ListStackResources.xml' };
      case 'DescribeAutoScalingGroups':
        return { file: 'autoscaling/DescribeAutoScalingGroups.xml' };
      case 'DescribeLaunchTemplates':
        return { file: 'ec2/DescribeLaunchTemplates.xml' };
      case 'DescribeInstances':
        return { file: 'ec2/DescribeInstances.xml' };
      default:
        throw new Error(`unexpected ${r.action}`);
    }
  };
}

async function cli(args: string[], endpoint: string, cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    [...args, '--endpoint-url', endpoint],
    { cwd, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: ENV },
    { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 },
  );
  return { code, stdout, stderr, all: stdout + stderr };
}

test('NoEcho in the CLI: status (text, json) never prints a NoEcho build value an endpoint returned in clear', async () => {
  const server = await startRecorded(unmaskedHandler());
  try {
    const text = await cli(['status', '--stack', 'fleet', '--build-parameter', 'DbPassword'], server.endpoint);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^DbPassword: \(NoEcho, not shown\)$/m);
    assert.doesNotMatch(text.all, new RegExp(SECRET));
    const json = await cli(
      ['status', '--stack', 'fleet', '--build-parameter', 'DbPassword', '--format', 'json'],
      server.endpoint,
    );
    assert.deepEqual(JSON.parse(json.stdout).buildParameter, { name: 'DbPassword', value: null, noEcho: true });
    assert.doesNotMatch(json.all, new RegExp(SECRET));
    const build = await cli(['status', '--stack', 'fleet'], server.endpoint);
    assert.match(build.stdout, /^BuildNumber: 41$/m, 'other parameters as before');
  } finally {
    await server.close();
  }
  // The template unreadable and the endpoint not AWS's own: the value is not printed either.
  const denied = await startRecorded(unmaskedHandler('denied'));
  try {
    const out = await cli(['status', '--stack', 'fleet', '--build-parameter', 'DbPassword'], denied.endpoint);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^DbPassword: \(not shown: the stack's template could not be read/m);
    assert.doesNotMatch(out.all, new RegExp(SECRET));
  } finally {
    await denied.close();
  }
});

test('NoEcho in the CLI: metadata --compare shows neither the rendered nor the live NoEcho value', async () => {
  const server = await startRecorded(unmaskedHandler());
  const dir = mkdtempSync(join(tmpdir(), 'noecho-'));
  writeFileSync(join(dir, 'fleet.yaml'), TEMPLATE.replace("'build ${BuildNumber}", "'release ${BuildNumber}"));
  try {
    const out = await cli(
      ['metadata', '--stack', 'fleet', '--resource', 'LaunchConfig', '--compare', 'fleet.yaml'],
      server.endpoint,
      dir,
    );
    // The content depends on an unknown (NoEcho) value: not comparable offline, so not counted as a difference.
    assert.equal(out.code, 0, out.stderr);
    assert.match(
      out.stdout,
      /^\? .*build\.txt\.content: live "build 41 \(dev\) \*\*\*\*", template "release 41 \(dev\) \$\{DbPassword\}"$/m,
    );
    assert.doesNotMatch(out.all, new RegExp(SECRET));
  } finally {
    await server.close();
  }
});

test('NoEcho in the editor release (Release New Build): nothing proposed; prompts, plan, log and result carry neither the old nor the new value', async () => {
  const aws = unmaskedWorld();
  const h = harness(aws, ['N3w-Secret', 'Execute']);
  const documents: string[] = [];
  const show = h.deps.ui.showDocument;
  h.deps.ui.showDocument = async (title: string, markdown: string) => {
    documents.push(title, markdown);
    return show(title, markdown);
  };
  const result = await releaseNewBuild(h.deps, { stackName: 'fleet', parameter: 'DbPassword' });
  assert.equal(result.kind, 'succeeded', result.message);
  const input = h.prompter.asked.find((a) => a.kind === 'input') as { value?: string };
  assert.equal(input.value, '', 'no value proposed');
  assert.ok(documents.length > 0, 'the release plan was shown');
  const everything = [
    JSON.stringify(h.prompter.asked),
    h.log.join('\n'),
    documents.join('\n'),
    result.message,
    // The change set request must carry the new value as a parameter; its description (stored by AWS) must not.
    JSON.stringify(aws.callsOf('createChangeSet').map(([r]) => (r as { description?: string }).description)),
  ].join('\n');
  assert.doesNotMatch(everything, new RegExp(`${SECRET}|N3w-Secret`));
});
