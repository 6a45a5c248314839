import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  LIMITS,
  LINUX_APPLY_SCRIPT,
  LINUX_REPORT_SCRIPT,
  WINDOWS_APPLY_SCRIPT,
  WINDOWS_REPORT_SCRIPT,
  reportScript,
} from '../../../src/core/instances/script';
import { parseReport } from '../../../src/core/instances/report';
import { FakeInstance, scenarios } from '../../support/fakeInstance';

/**
 * The scripts themselves: the POSIX one run for real (bash, and dash: SSM runs
 * AWS-RunShellScript with `sh`) against an instance-shaped directory; the
 * PowerShell one checked for what it is generated to do (it cannot run here).
 */
const dir = mkdtempSync(join(tmpdir(), 'report-script-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function run(shell: string, instance: FakeInstance, script = LINUX_REPORT_SCRIPT): string {
  const file = join(instance.root, '.state/script.sh');
  writeFileSync(file, script.join('\n') + '\n');
  const r = spawnSync(shell, [file], { env: instance.env(), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

describe('the Linux report script', () => {
  for (const shell of ['bash', 'dash']) {
    test(`${shell}: reports the service, the version, the hooks and the logs in the format the parser reads`, (t) => {
      if (shell === 'dash' && spawnSync('dash', ['-c', 'true']).error) return t.skip('dash is not installed');
      const i = new FakeInstance(join(dir, shell), 120);
      scenarios.fail(i, Date.parse('2026-11-30T12:00:00Z'));
      const r = parseReport(run(shell, i));
      assert.equal(r.recognized, true);
      assert.equal(r.truncated, false);
      assert.equal(r.utcOffsetMinutes, 120);
      assert.equal(r.installed, true);
      assert.equal(r.serviceManager, 'systemd');
      assert.equal(r.serviceState, 'active');
      assert.equal(r.version, '2.0-32');
      assert.equal(r.interval, '5');
      assert.deepEqual(r.hooks, ['cfn-auto-reloader-hook']);
      assert.equal(
        r.hupLog.at(-1)!.message,
        'Action for cfn-auto-reloader-hook exited with 1; will retry on next iteration',
      );
      assert.equal(r.hupLog.at(-1)!.time, Date.parse('2026-11-30T12:00:01.300Z'));
      // Tracebacks shrink to their last line.
      assert.equal(
        r.initLog.find((l) => /Unhandled exception/.test(l.message))!.exception,
        'cfnbootstrap.construction_errors.ToolError: Command 01_restart_app failed',
      );
      assert.ok(r.cmdLog.some((l) => /Exited with error code 1/.test(l)));
    });
  }

  test('stays under SSM’s 24,000 characters however large the logs are, and keeps the newest lines', () => {
    const i = new FakeInstance(join(dir, 'big'));
    const start = Date.parse('2026-11-30T00:00:00Z');
    for (let n = 0; n < 3000; n++) i.hup(start + n * 1000, 'INFO', `line ${n} ${'x'.repeat(400)}`);
    for (let n = 0; n < 3000; n++) i.init(start + n * 1000, 'INFO', `line ${n} ${'y'.repeat(400)}`);
    for (let n = 0; n < 3000; n++) i.cmd(start + n * 1000, 1, 'INFO', 'z'.repeat(400));
    i.storeState({ big: 'q'.repeat(100_000) });
    const out = run('bash', i);
    assert.ok(out.length < 24_000, `${out.length} characters`);
    const r = parseReport(out);
    assert.equal(r.truncated, false);
    assert.equal(r.hupLog.length, LIMITS.hupLog);
    assert.match(r.hupLog.at(-1)!.message, /^line 2999 /);
  });

  test('a machine without cfn-hup: installed=no; no pid file: pid_state=none; sysvinit when only init.d exists', () => {
    const i = new FakeInstance(join(dir, 'bare'));
    i.uninstall();
    rmSync(join(i.root, 'run/systemd'), { recursive: true });
    writeFileSync(join(i.root, 'etc/init.d'), '');
    const r = parseReport(run('bash', i));
    assert.equal(r.installed, false);
    assert.equal(r.pidState, 'none');
    assert.equal(r.serviceManager, 'none');
  });

  test('the apply script runs cfn-hup --no-daemon once and reports its exit code', () => {
    const i = new FakeInstance(join(dir, 'apply'));
    i.setApplyExit(3);
    assert.match(run('bash', i, LINUX_APPLY_SCRIPT), /@@cfn-hup-tools apply-exit=3/);
  });
});

describe('no input ever reaches a script', () => {
  test('the scripts are frozen constants: the same lines for every call, whatever the caller has', () => {
    for (const s of [LINUX_REPORT_SCRIPT, WINDOWS_REPORT_SCRIPT, LINUX_APPLY_SCRIPT, WINDOWS_APPLY_SCRIPT])
      assert.ok(Object.isFrozen(s));
    assert.equal(reportScript('linux'), LINUX_REPORT_SCRIPT);
    assert.equal(reportScript('windows'), WINDOWS_REPORT_SCRIPT);
    assert.throws(() => (LINUX_REPORT_SCRIPT as string[]).push('rm -rf /'));
  });
});

describe('the PowerShell report script (generated, not run)', () => {
  const text = WINDOWS_REPORT_SCRIPT.join('\n');
  test('prints the same keys and sections as the Linux one, in the same order', () => {
    const linux = LINUX_REPORT_SCRIPT.join('\n');
    for (const k of ['platform', 'now', 'tz', 'installed', 'service_manager', 'service_state', 'version', 'interval']) {
      assert.ok(text.includes(`${k}=`), `${k}= missing`);
      assert.ok(linux.includes(`${k}=`), `${k}= missing`);
    }
    const order = [
      'report 1',
      'section hooks',
      "'cfn-hup.log'",
      "'cfn-init.log'",
      "'cfn-init-cmd.log'",
      'section metadata_db',
      '"$M end"',
    ];
    let at = -1;
    for (const o of order) {
      const next = text.indexOf(o, at + 1);
      assert.ok(next > at, `${o} out of order`);
      at = next;
    }
  });

  test('reads the Windows places: the cfn-hup service, C:\\cfn\\log, cfn-hup\\data\\metadata_db.json, the install folder', () => {
    assert.match(text, /Get-Service -Name cfn-hup/);
    assert.match(text, /Join-Path \$env:SystemDrive cfn/);
    assert.match(text, /'log\\' \+ \$n\[0\]/);
    assert.match(text, /cfn-hup\\data\\metadata_db\.json/);
    assert.match(text, /Amazon\\cfn-bootstrap\\cfn-hup\.exe/);
    assert.match(text, new RegExp(`Select-Object -Last \\$n\\[1\\]`));
    assert.match(text, new RegExp(`'cfn-hup.log', ${LIMITS.hupLog}`));
  });

  test('is read-only and minimal: no command that changes or downloads anything', () => {
    for (const bad of [
      /Invoke-Expression|\biex\b/i,
      /Set-|Remove-|New-Item|Stop-Service|Start-Service|Restart-Service/,
      /Invoke-WebRequest|DownloadString/i,
    ])
      assert.doesNotMatch(text, bad);
    assert.ok(WINDOWS_REPORT_SCRIPT.length < 40);
    assert.match(WINDOWS_APPLY_SCRIPT.join('\n'), /& \$exe --no-daemon/);
  });

  test('the Linux report script changes nothing either', () => {
    const linux = LINUX_REPORT_SCRIPT.join('\n');
    for (const bad of [/\brm\b|\bmv\b|\bcp\b|>\s*\/(?!dev\/null)|systemctl (start|stop|restart)|curl|wget/])
      assert.doesNotMatch(linux, bad);
  });
});
