import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, setup, teardown, test } from 'mocha';
import * as vscode from 'vscode';
import { CloudFormationClient, CreateStackCommand, waitUntilStackCreateComplete } from '@aws-sdk/client-cloudformation';
import type { CfnHupTesting } from '../../src/vscode/testing';
import { closeAllEditors, extension, testingApi } from './helpers';
import { children, description, explorerApi, find, path as treePath, tooltip } from './explorer/tree';
import {
  DUMMY_CREDENTIALS,
  KEEP,
  REGION,
  ScriptedPrompter,
  motoSkipReason,
  startMoto,
  type Moto,
} from './release-helpers';
import type { ReleaseResult } from '../../src/vscode/release';
import { scenarios } from '../support/fakeInstance';
import { SsmStandIn } from '../support/ssmStandIn';

/**
 * Check Instances and Apply Now in the real VS Code: CloudFormation, Auto
 * Scaling and EC2 from moto; Systems Manager from the stand-in, which runs the
 * real report script with bash in a directory per instance moto launched (it
 * forwards everything else to moto, so the session has one endpoint).
 */
suite('Instance checks', () => {
  let moto: Moto | undefined;
  let standIn: SsmStandIn | undefined;
  let hook: CfnHupTesting;
  let cfn: CloudFormationClient;
  const errors: string[] = [];

  suiteSetup(async function () {
    this.timeout(90_000);
    const skip = motoSkipReason();
    if (skip) {
      console.log(`instance check tests skipped: ${skip}`);
      this.skip();
    }
    hook = await testingApi();
    moto = await startMoto();
    standIn = new SsmStandIn({ moto: moto.endpoint, now: () => Date.now() });
    await standIn.start();
    cfn = new CloudFormationClient({ region: REGION, endpoint: moto.endpoint, credentials: DUMMY_CREDENTIALS });
    hook.session.useConnection({ endpointUrl: standIn.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  });

  suiteTeardown(async () => {
    if (hook) {
      hook.session.usePrompter(undefined);
      hook.session.useConnection(undefined);
    }
    cfn?.destroy();
    await standIn?.stop();
    await moto?.stop();
    await closeAllEditors();
  });

  setup(async function () {
    this.timeout(90_000);
    errors.length = 0;
    await moto!.reset();
    standIn!.reset();
    const template = readFileSync(
      path.join(extension().extensionPath, 'test', 'fixtures', 'aws', 'fleet-stack.yaml'),
      'utf8',
    );
    await cfn.send(
      new CreateStackCommand({
        StackName: 'fleet',
        TemplateBody: template,
        Capabilities: ['CAPABILITY_IAM'],
        Parameters: Object.entries({ BuildNumber: '41', Environment: 'dev', DbPassword: 's3cret', FleetSize: '2' }).map(
          ([ParameterKey, ParameterValue]) => ({ ParameterKey, ParameterValue }),
        ),
      }),
    );
    await waitUntilStackCreateComplete(
      { client: cfn, maxWaitTime: 60, minDelay: 1, maxDelay: 1 },
      { StackName: 'fleet' },
    );
    hook.session.usePrompter({
      showErrorMessage: async (message: string) => (errors.push(message), undefined),
      showWarningMessage: async (_m: string, _o: unknown, ...items: string[]) => items[0],
    });
    await vscode.commands.executeCommand('cfnHup.explorer.refresh');
  });

  teardown(() => hook?.session.usePrompter(undefined));

  async function groupInstances() {
    const t = await explorerApi();
    const group = find(await children(t, await treePath(t, 'fleet', 'Auto Scaling groups')), 'Group');
    return { t, group, instances: await children(t, group) };
  }

  test('Check Instances on the stack node: each instance node shows its state; the failing one names cfn-init’s failing command', async function () {
    this.timeout(120_000);
    standIn!.autoAdd = (_id, n) => (instance) => ({
      onCommand: () => (n === 1 ? scenarios.fail(instance, Date.now()) : scenarios.converge(instance, Date.now())),
    });
    const t = await explorerApi();
    const stack = await treePath(t, 'fleet');
    await vscode.commands.executeCommand('cfnHup.instances.check', stack);
    const outcome = hook.instances.lastOutcome!;
    assert.equal(outcome.results.length, 3);
    assert.deepEqual(outcome.results.map((r) => r.state).sort(), ['converged', 'converged', 'failing']);
    const { instances } = await groupInstances();
    const shown = instances.map((n) => description(n));
    assert.ok(
      shown.some((d) => d.includes('cfn-hup: converged')),
      shown.join(' | '),
    );
    const failing = instances.find((n) => description(n).includes('cfn-hup: failing'));
    assert.ok(failing, shown.join(' | '));
    assert.match(tooltip(failing), /Command 01_restart_app \(systemctl restart app\) failed/);
    // Not every instance converged: said once, with the log a click away.
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /1 failing, 2 converged/);
  });

  test('Apply Now on the group node: confirmed, one instance first, then the other; checked again: converged', async function () {
    this.timeout(120_000);
    standIn!.autoAdd = () => (instance) => ({
      onCommand: (kind) => {
        if (kind === 'apply') scenarios.converge(instance, Date.now());
      },
    });
    const { group } = await groupInstances();
    await vscode.commands.executeCommand('cfnHup.instances.applyNow', group);
    assert.equal(hook.instances.lastApply?.kind, 'done');
    const sends = standIn!.received
      .filter((r) => r.operation === 'SendCommand')
      .map((r) => (r.body.InstanceIds as string[]).length);
    assert.deepEqual(sends.slice(0, 2), [1, 1]);
    assert.deepEqual(
      hook.instances.lastOutcome!.results.map((r) => r.state),
      ['converged', 'converged'],
    );
    const { instances } = await groupInstances();
    assert.ok(instances.every((n) => description(n).includes('cfn-hup: converged')));
  });

  test('access denied on SendCommand: every instance unreachable, the node says which IAM action', async function () {
    this.timeout(120_000);
    standIn!.autoAdd = () => () => ({});
    standIn!.denied.add('SendCommand');
    const t = await explorerApi();
    await vscode.commands.executeCommand('cfnHup.instances.check', await treePath(t, 'fleet'));
    assert.ok(hook.instances.lastOutcome!.results.every((r) => r.unreachable === 'access-denied'));
    const { instances } = await groupInstances();
    assert.match(description(instances[0]!), /cfn-hup: unreachable/);
    assert.match(tooltip(instances[0]!), /ssm:SendCommand/);
  });

  /** Release New Build on the fleet stack, executed; the connection polls every 200 ms (CloudFormation and the live view). */
  async function releaseNewBuild(): Promise<ReleaseResult> {
    hook.session.useConnection({
      endpointUrl: standIn!.endpoint,
      region: REGION,
      credentials: DUMMY_CREDENTIALS,
      pollMs: 200,
    });
    hook.session.usePrompter(new ScriptedPrompter([KEEP, 'Execute']));
    const result = await vscode.commands.executeCommand<ReleaseResult>('cfnHup.release.newBuild', {
      kind: 'stack',
      stackName: 'fleet',
    });
    assert.equal(result?.kind, 'succeeded', result?.message);
    return result;
  }

  /**
   * The Convergence document once its text is the watch's final one. VS Code re-reads a virtual document only
   * after its change event, and the URI may still hold an earlier watch's text (a Finished from another test):
   * wait for exactly this text, as an event.
   */
  async function convergenceText(expected: string): Promise<string> {
    const find = () =>
      vscode.workspace.textDocuments.find(
        (d) => d.uri.scheme === 'cfn-hup-plan' && d.uri.path === '/Convergence fleet.md',
      );
    if (find()?.getText() === expected) return expected;
    return new Promise<string>((resolve) => {
      const sub = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.path === '/Convergence fleet.md' && e.document.getText() === expected) {
          sub.dispose();
          resolve(expected);
        }
      });
      if (find()?.getText() === expected) {
        sub.dispose();
        resolve(expected);
      }
    });
  }

  test('after Release New Build the live convergence view re-checks the instances until each settled: the document and the instance nodes show it', async function () {
    this.timeout(180_000);
    standIn!.autoAdd = (_id, n) => (instance) => ({
      onCommand: (_kind, k) => {
        if (k !== 1) return;
        if (n === 1) scenarios.fail(instance, Date.now());
        else scenarios.converge(instance, Date.now());
      },
    });
    try {
      await releaseNewBuild();
      const watch = await hook.release.lastConvergence;
      assert.ok(watch, 'a live view was started');
      assert.equal(watch.kind, 'settled', watch.message);
      assert.deepEqual(watch.outcome!.results.map((r) => r.state).sort(), ['converged', 'failing']);
      // Only the group's instances run the hook the release fires: the bastion is not asked.
      assert.ok(
        standIn!.received
          .filter((r) => r.operation === 'SendCommand')
          .every((r) => (r.body.InstanceIds as string[]).length <= 2),
      );
      assert.match(watch.document!, /\*\*Finished\*\* at .*not all converged \(1 failing, 1 converged\)/);
      // What the user sees: the document beside the editor, refreshed to the final state.
      const text = await convergenceText(watch.document!);
      assert.match(text, /^# Convergence of fleet\n/);
      assert.match(text, /\| ❌ failing \| hook "cfn-auto-reloader-hook": the action exited with 1/);
      assert.match(text, /Command 01_restart_app \(systemctl restart app\) failed/);
      assert.ok(
        vscode.workspace.textDocuments.some(
          (d) => d.uri.path === '/Convergence fleet.md' && d.languageId === 'markdown',
        ),
      );
      // The release changed the stack, so the tree is reloaded; the states on its instance nodes are the live view's.
      await vscode.commands.executeCommand('cfnHup.explorer.refresh');
      const { instances } = await groupInstances();
      const shown = instances.map((n) => description(n));
      assert.ok(
        shown.some((d) => d.includes('cfn-hup: failing')) && shown.some((d) => d.includes('cfn-hup: converged')),
        shown.join(' | '),
      );
    } finally {
      hook.session.useConnection({ endpointUrl: standIn!.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
    }
  });

  test('the live convergence view stops on Cancel while an instance is still pending: "Stopped", the last states kept', async function () {
    this.timeout(180_000);
    standIn!.autoAdd = (_id, n) => (instance) => ({
      onCommand: (_kind, k) => {
        if (n === 0 && k === 1) scenarios.converge(instance, Date.now());
      },
    });
    // Stop once the first round was logged: waited for as an event, never a sleep.
    const firstRound = new Promise<void>((resolve) => {
      const sub = hook.release.onDidLog((line) => {
        if (/^Convergence fleet: round 1: /.test(line)) {
          sub.dispose();
          resolve();
        }
      });
    });
    try {
      await releaseNewBuild();
      await firstRound;
      assert.ok(hook.release.cancelActive() >= 1, 'the live view was running');
      const watch = await hook.release.lastConvergence;
      assert.equal(watch?.kind, 'stopped', watch?.message);
      assert.deepEqual(watch.outcome!.results.map((r) => r.state).sort(), ['converged', 'pending']);
      assert.match(watch.document!, /\*\*Stopped\*\* at .*\(1 pending, 1 converged\)/);
      await convergenceText(watch.document!);
    } finally {
      hook.session.useConnection({ endpointUrl: standIn!.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
    }
  });

  test('a change of the AWS connection stops the live convergence view: "Stopped", said in the log, none left running', async function () {
    this.timeout(180_000);
    standIn!.autoAdd = (_id, n) => (instance) => ({
      onCommand: (_kind, k) => {
        if (n === 0 && k === 1) scenarios.converge(instance, Date.now());
      },
    });
    const logged: string[] = [];
    let resolveRound!: () => void;
    const firstRound = new Promise<void>((resolve) => (resolveRound = resolve));
    const sub = hook.release.onDidLog((line) => {
      logged.push(line);
      if (/^Convergence fleet: round 1: /.test(line)) resolveRound();
    });
    try {
      await releaseNewBuild();
      await firstRound;
      // Another connection (a test's useConnection, as a profile, region or endpoint change): the watch stops.
      hook.session.useConnection({ endpointUrl: standIn!.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
      const watch = await hook.release.lastConvergence;
      assert.equal(watch?.kind, 'stopped', watch?.message);
      assert.ok(
        logged.some((l) => /^Convergence fleet: the AWS connection changed .*; stopping\.$/.test(l)),
        logged.join('\n'),
      );
      assert.equal(hook.release.cancelActive(), 0, 'no watch left running');
    } finally {
      sub.dispose();
      hook.session.useConnection({ endpointUrl: standIn!.endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
    }
  });
});
