import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseReport } from '../../../src/core/instances/report';
import { judgeInstance, type HookExpectation } from '../../../src/core/instances/judge';

/**
 * The parser and the verdicts on report text as the script prints it, with
 * log lines in aws-cfn-bootstrap's exact wording (update_hooks.py, bin/cfn-hup,
 * bin/cfn-init; Python logging's `%(asctime)s [%(levelname)s] %(message)s`).
 */
const HOOK = 'cfn-auto-reloader-hook';
const RELEASE = Date.parse('2026-11-30T12:00:00Z');
const hooks: HookExpectation[] = [{ name: HOOK, intervalMinutes: 5 }];

function report(opts: {
  hup?: string[];
  init?: string[];
  cmd?: string[];
  header?: string[];
  platform?: string;
  tz?: string;
  end?: boolean;
}) {
  return [
    '@@cfn-hup-tools report 1',
    `platform=${opts.platform ?? 'linux'}`,
    'now=1796040000',
    `tz=${opts.tz ?? '+0000'}`,
    ...(opts.header ?? [
      'installed=yes',
      'service_manager=systemd',
      'service_state=active',
      'pid_state=running',
      'version=2.0-32',
      'interval=5',
    ]),
    '@@cfn-hup-tools section hooks',
    `[${HOOK}]`,
    '@@cfn-hup-tools section cfn-hup.log',
    ...(opts.hup ?? []),
    '@@cfn-hup-tools section cfn-init.log',
    ...(opts.init ?? []),
    '@@cfn-hup-tools section cfn-init-cmd.log',
    ...(opts.cmd ?? []),
    '@@cfn-hup-tools section metadata_db',
    `{"${HOOK}|Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init": {}}`,
    ...(opts.end === false ? [] : ['@@cfn-hup-tools end']),
  ].join('\n');
}

const judge = (text: string, now = RELEASE + 60_000, h = hooks) =>
  judgeInstance(parseReport(text), { since: RELEASE, now, hooks: h });

describe('report parser', () => {
  test('reads the header, the hooks, the state file keys and the log lines with their UTC time', () => {
    const r = parseReport(
      report({ hup: ['2026-11-30 12:03:07,512 [INFO] Running action for cfn-auto-reloader-hook'] }),
    );
    assert.equal(r.recognized, true);
    assert.equal(r.truncated, false);
    assert.equal(r.version, '2.0-32');
    assert.deepEqual(r.hooks, [HOOK]);
    assert.deepEqual(r.storedKeys, [`${HOOK}|Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init`]);
    assert.equal(r.hupLog[0]!.time, Date.parse('2026-11-30T12:03:07.512Z'));
    assert.equal(r.hupLog[0]!.level, 'INFO');
    assert.equal(r.hupLog[0]!.message, `Running action for ${HOOK}`);
  });

  test('log times are the instance’s local time: a +01:00 instance’s 13:03 is 12:03 UTC (Windows prints +01:00)', () => {
    const r = parseReport(
      report({ platform: 'windows', tz: '+01:00', hup: ['2026-11-30 13:03:07,512 [INFO] Running action for x\r'] }),
    );
    assert.equal(r.platform, 'windows');
    assert.equal(r.hupLog[0]!.time, Date.parse('2026-11-30T12:03:07.512Z'));
  });

  test('a missing end mark means SSM cut the output; text that is no report is not recognised', () => {
    assert.equal(parseReport(report({ end: false })).truncated, true);
    assert.equal(parseReport('sh: 1: syntax error').recognized, false);
  });

  test('a traceback’s last line is attached to the line that logged it', () => {
    const r = parseReport(
      report({
        hup: [`2026-11-30 12:03:07,512 [ERROR] Exception caught while running hook ${HOOK}`, '  ValueError: bad path'],
      }),
    );
    assert.equal(r.hupLog.length, 1);
    assert.equal(r.hupLog[0]!.exception, 'ValueError: bad path');
  });
});

describe('verdicts', () => {
  test('converged: the action ran after the release and cfn-init completed', () => {
    const v = judge(
      report({
        hup: [
          '2026-11-30 11:50:00,000 [INFO] cfn-hup processing is alive.',
          `2026-11-30 12:03:07,512 [INFO] Data has changed from previous state; action for ${HOOK} will be run`,
          `2026-11-30 12:03:07,513 [INFO] Running action for ${HOOK}`,
        ],
        init: [
          '2026-11-30 12:03:08,000 [INFO] -----------------------Starting build-----------------------',
          '2026-11-30 12:03:20,000 [INFO] -----------------------Build complete-----------------------',
        ],
      }),
    );
    assert.equal(v.state, 'converged');
    assert.match(v.reason, /ran at 2026-11-30T12:03:07.513Z and cfn-init completed/);
  });

  test('a run before the release does not count: pending until the deadline, then silent', () => {
    const old = report({ hup: [`2026-11-30 11:30:00,000 [INFO] Running action for ${HOOK}`] });
    assert.equal(judge(old).state, 'pending');
    const v = judge(old, RELEASE + 8 * 60_000);
    assert.equal(v.state, 'silent');
    assert.match(v.reason, /logged nothing for it since 2026-11-30T12:00:00Z/);
  });

  test('failing: "exited with 1; will retry" with cfn-init’s failing command, and the retry count', () => {
    const v = judge(
      report({
        hup: [
          `2026-11-30 12:03:07,513 [INFO] Running action for ${HOOK}`,
          `2026-11-30 12:03:09,000 [WARNING] Action for ${HOOK} exited with 1; will retry on next iteration`,
          `2026-11-30 12:08:07,513 [INFO] Running action for ${HOOK}`,
          `2026-11-30 12:08:09,000 [WARNING] Action for ${HOOK} exited with 1; will retry on next iteration`,
        ],
        init: [
          '2026-11-30 12:08:08,000 [INFO] -----------------------Starting build-----------------------',
          '2026-11-30 12:08:08,500 [ERROR] Command 01_restart_app (systemctl restart app) failed',
          '2026-11-30 12:08:08,501 [ERROR] Error encountered during build of config: Command 01_restart_app failed',
          '  cfnbootstrap.construction_errors.ToolError: Command 01_restart_app failed',
          '2026-11-30 12:08:08,502 [ERROR] ------------------------BUILD FAILED!------------------------',
          '2026-11-30 12:08:08,503 [ERROR] Unhandled exception during build: Command 01_restart_app failed',
        ],
      }),
      RELEASE + 10 * 60_000,
    );
    assert.equal(v.state, 'failing');
    assert.match(v.reason, /exited with 1 \(2 times since the release/);
    assert.match(v.reason, /cfn-init: Command 01_restart_app \(systemctl restart app\) failed/);
    assert.equal(v.hooks[0]!.failures, 2);
    assert.ok(v.nextStep);
  });

  test('failing: cfn-hup cannot read what the hook watches (Exception caught while running hook)', () => {
    const v = judge(
      report({
        hup: [
          `2026-11-30 12:03:07,513 [ERROR] Exception caught while running hook ${HOOK}`,
          '  IOError: Resource LaunchConfg does not exist in stack fleet',
        ],
      }),
    );
    assert.equal(v.state, 'failing');
    assert.match(v.reason, /LaunchConfg does not exist/);
  });

  test('a later success after failures is converged', () => {
    const v = judge(
      report({
        hup: [
          `2026-11-30 12:03:07,513 [INFO] Running action for ${HOOK}`,
          `2026-11-30 12:03:09,000 [WARNING] Action for ${HOOK} exited with 1; will retry on next iteration`,
          `2026-11-30 12:08:07,513 [INFO] Running action for ${HOOK}`,
        ],
      }),
    );
    assert.equal(v.state, 'converged');
  });

  test('pending while cfn-init is still building after the action started', () => {
    const v = judge(
      report({
        hup: [`2026-11-30 12:03:07,513 [INFO] Running action for ${HOOK}`],
        init: ['2026-11-30 12:03:08,000 [INFO] -----------------------Starting build-----------------------'],
      }),
    );
    assert.equal(v.state, 'pending');
    assert.match(v.reason, /the action is running/);
  });

  test('silent points to lint findings and to a hook the instance does not have', () => {
    const v = judge(report({ hup: [] }), RELEASE + 20 * 60_000, [
      {
        name: 'other-hook',
        intervalMinutes: 5,
        explanations: ['lint HOOK-PATH-UNKNOWN-RESOURCE: path names LaunchConfg'],
      },
    ]);
    assert.equal(v.state, 'silent');
    assert.match(v.reason, /not configured on this instance \(it has: cfn-auto-reloader-hook\)/);
    assert.match(v.reason, /HOOK-PATH-UNKNOWN-RESOURCE/);
  });

  test('cfn-hup down: systemd says failed, with the start-up error line (invalid interval)', () => {
    const v = judge(
      report({
        header: ['installed=yes', 'service_manager=systemd', 'service_state=failed', 'pid_state=none', 'interval=0'],
        hup: ['2026-11-30 11:00:00,000 [ERROR] Invalid interval (must be 1 minute or greater): 0'],
      }),
    );
    assert.equal(v.state, 'down');
    assert.match(v.reason, /not running \(systemd: failed\); its last error: Invalid interval/);
    assert.match(v.nextStep!, /HUP-INTERVAL-INVALID/);
  });

  test('cfn-hup down: sysvinit with a stale pid file, "Error: [main] section must contain stack option"', () => {
    const v = judge(
      report({
        header: ['installed=yes', 'service_manager=sysvinit', 'pid_state=stale'],
        hup: ['2026-11-30 11:00:00,000 [ERROR] Error: [main] section must contain stack option'],
      }),
    );
    assert.equal(v.state, 'down');
    assert.match(v.reason, /stale pid file/);
  });

  test('cfn-hup not installed; Windows service stopped', () => {
    assert.equal(
      judge(report({ header: ['installed=no', 'service_manager=systemd', 'service_state=inactive'] })).state,
      'down',
    );
    const w = judge(
      report({ platform: 'windows', header: ['installed=yes', 'service_manager=windows', 'service_state=Stopped'] }),
    );
    assert.equal(w.state, 'down');
    assert.match(w.reason, /Windows service: Stopped/);
  });

  test('Windows: a running service and the same log format converge', () => {
    const v = judge(
      report({
        platform: 'windows',
        tz: '-05:00',
        header: ['installed=yes', 'service_manager=windows', 'service_state=Running', 'version=2.0.32'],
        hup: [`2026-11-30 07:03:07,513 [INFO] Running action for ${HOOK}`],
        init: ['2026-11-30 07:03:30,000 [INFO] -----------------------Build complete-----------------------'],
      }),
    );
    assert.equal(v.state, 'converged');
  });

  test('unknown lines are ignored; output that is not the report is unreachable, never an exception', () => {
    const v = judge(
      report({
        hup: [
          'garbage',
          '2026-13-45 99:99:99,999 [INFO] ???',
          `2026-11-30 12:03:07,513 [INFO] Running action for ${HOOK}`,
        ],
      }),
    );
    assert.equal(v.state, 'converged');
    assert.equal(judge('').state, 'unreachable');
  });

  test('with several hooks the worst one decides', () => {
    const v = judge(
      report({
        hup: [
          `2026-11-30 12:03:07,513 [INFO] Running action for ${HOOK}`,
          `2026-11-30 12:03:09,000 [INFO] Running action for app-hook`,
          `2026-11-30 12:03:19,000 [WARNING] Action for app-hook exited with 2; will retry on next iteration`,
        ],
      }),
      RELEASE + 60_000,
      [...hooks, { name: 'app-hook', intervalMinutes: 5 }],
    );
    assert.equal(v.state, 'failing');
    assert.equal(v.hooks.length, 2);
    assert.match(v.reason, /app-hook/);
  });
});

describe('verdicts without a release (no "since": what state is the instance in now?)', () => {
  const now = (text: string, h = hooks, at = RELEASE + 24 * 3600_000) =>
    judgeInstance(parseReport(text), { now: at, hooks: h });

  test('no action in the log is idle, never silent, however long ago the stack was updated', () => {
    const v = now(report({ hup: ['2026-11-30 11:50:00,000 [INFO] cfn-hup processing is alive.'] }));
    assert.equal(v.state, 'idle');
    assert.match(v.reason, /logged no action for it in the 1 line\(s\) of cfn-hup\.log read/);
    assert.match(v.reason, /state file holds the values it last acted on/);
    assert.equal(v.nextStep, undefined);
  });

  test('the last action decides, however old: it succeeded → converged', () => {
    const v = now(
      report({
        hup: [
          `2026-11-29 08:00:00,000 [INFO] Running action for ${HOOK}`,
          `2026-11-29 08:00:09,000 [WARNING] Action for ${HOOK} exited with 1; will retry on next iteration`,
          `2026-11-29 08:05:00,000 [INFO] Running action for ${HOOK}`,
        ],
        init: [
          '2026-11-29 08:05:01,000 [INFO] -----------------------Starting build-----------------------',
          '2026-11-29 08:05:20,000 [INFO] -----------------------Build complete-----------------------',
        ],
      }),
    );
    assert.equal(v.state, 'converged');
    assert.match(v.reason, /ran at 2026-11-29T08:05:00Z and cfn-init completed/);
  });

  test('the last action failed → failing with cfn-init’s error, counted in the log read', () => {
    const v = now(
      report({
        hup: [
          `2026-11-29 08:00:00,000 [INFO] Running action for ${HOOK}`,
          `2026-11-29 08:00:09,000 [WARNING] Action for ${HOOK} exited with 1; will retry on next iteration`,
          `2026-11-29 08:05:00,000 [INFO] Running action for ${HOOK}`,
          `2026-11-29 08:05:09,000 [WARNING] Action for ${HOOK} exited with 1; will retry on next iteration`,
        ],
        init: [
          '2026-11-29 08:05:01,000 [INFO] -----------------------Starting build-----------------------',
          '2026-11-29 08:05:02,000 [ERROR] Command 01_restart_app (systemctl restart app) failed',
          '2026-11-29 08:05:03,000 [ERROR] ------------------------BUILD FAILED!------------------------',
        ],
      }),
    );
    assert.equal(v.state, 'failing');
    assert.match(v.reason, /2 times in the log read/);
    assert.match(v.reason, /Command 01_restart_app \(systemctl restart app\) failed/);
  });

  test('an action still running is pending; cfn-hup not running is down, as with a release', () => {
    const running = now(
      report({
        hup: [`2026-11-30 12:03:07,513 [INFO] Running action for ${HOOK}`],
        init: ['2026-11-30 12:03:08,000 [INFO] -----------------------Starting build-----------------------'],
      }),
    );
    assert.equal(running.state, 'pending');
    const down = now(
      report({
        header: ['installed=yes', 'service_manager=systemd', 'service_state=failed', 'pid_state=none'],
      }),
    );
    assert.equal(down.state, 'down');
  });

  test('a hook the Metadata defines but the instance lacks is silent (cfn-hup cannot run it), with or without a release', () => {
    const v = now(report({ hup: [] }), [{ name: 'app-hook', intervalMinutes: 5 }]);
    assert.equal(v.state, 'silent');
    assert.match(v.reason, /not configured on this instance \(it has: cfn-auto-reloader-hook\): cfn-hup cannot run it/);
  });

  test('one converged hook and one idle: the instance is converged (idle is the least notable state)', () => {
    // Both hooks are configured on the instance (hooks.conf); only one has acted.
    const both = now(
      report({ hup: [`2026-11-30 12:03:07,513 [INFO] Running action for ${HOOK}`] }).replace(
        `[${HOOK}]`,
        `[${HOOK}]\n[app-hook]`,
      ),
      [...hooks, { name: 'app-hook', intervalMinutes: 5 }],
    );
    assert.deepEqual(
      both.hooks.map((h) => h.state),
      ['converged', 'idle'],
    );
    assert.equal(both.state, 'converged');
  });

  test('the same report judged against a release a day old: silent (the release expected an action)', () => {
    const text = report({ hup: ['2026-11-30 11:50:00,000 [INFO] cfn-hup processing is alive.'] });
    assert.equal(judge(text, RELEASE + 24 * 3600_000).state, 'silent');
    assert.equal(now(text).state, 'idle');
  });
});
