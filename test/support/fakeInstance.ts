import { chmodSync, mkdirSync, appendFileSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A temporary directory laid out like an EC2 instance with aws-cfn-bootstrap,
 * for the real report script (src/core/instances/script.ts) to read through
 * its test-only root ($CFN_HUP_TOOLS_TEST_ROOT):
 *
 *   opt/aws/bin/cfn-hup          a stub: "Apply Now" runs it (exit code from .state/apply-exit)
 *   bin/systemctl, bin/rpm       stubs answering from .state/ (the service state, the package version)
 *   run/systemd/system/          present: systemd manages services here
 *   etc/cfn/cfn-hup.conf, hooks.d/*.conf
 *   var/log/cfn-hup.log, cfn-init.log, cfn-init-cmd.log
 *   var/lib/cfn-hup/data/metadata_db.json
 *
 * Log lines are written in aws-cfn-bootstrap's format (Python logging's
 * `%(asctime)s [%(levelname)s] %(message)s`) in the instance's local time.
 */
export class FakeInstance {
  constructor(
    readonly root: string,
    /** Minutes east of UTC: log times are local, as on a real instance. */
    readonly utcOffsetMinutes = 0,
  ) {
    for (const d of [
      'opt/aws/bin',
      'bin',
      'run/systemd/system',
      'etc/cfn/hooks.d',
      'var/log',
      'var/lib/cfn-hup/data',
      '.state',
    ])
      mkdirSync(join(root, d), { recursive: true });
    this.stub('bin/systemctl', 'cat "$CFN_HUP_TOOLS_TEST_ROOT/.state/service"');
    this.stub('bin/rpm', 'cat "$CFN_HUP_TOOLS_TEST_ROOT/.state/version"');
    this.stub('opt/aws/bin/cfn-hup', 'echo "cfn-hup pass"; exit "$(cat "$CFN_HUP_TOOLS_TEST_ROOT/.state/apply-exit")"');
    this.setService('active');
    this.setVersion('2.0-32');
    this.setApplyExit(0);
    this.writeConfig(5, ['cfn-auto-reloader-hook']);
  }

  /** The environment the stand-in runs the script with. */
  env(): Record<string, string> {
    const sign = this.utcOffsetMinutes >= 0 ? '-' : '+'; // POSIX TZ counts west of UTC
    const abs = Math.abs(this.utcOffsetMinutes);
    const tz = `XXX${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    return { PATH: `${join(this.root, 'bin')}:/usr/bin:/bin`, CFN_HUP_TOOLS_TEST_ROOT: this.root, TZ: tz, LC_ALL: 'C' };
  }

  setService(state: 'active' | 'inactive' | 'failed'): void {
    writeFileSync(join(this.root, '.state/service'), `${state}\n`);
  }

  setVersion(version: string): void {
    writeFileSync(join(this.root, '.state/version'), version);
  }

  setApplyExit(code: number): void {
    writeFileSync(join(this.root, '.state/apply-exit'), String(code));
  }

  uninstall(): void {
    writeFileSync(join(this.root, 'opt/aws/bin/cfn-hup'), '');
    chmodSync(join(this.root, 'opt/aws/bin/cfn-hup'), 0o644);
  }

  writeConfig(interval: number | string, hooks: string[]): void {
    writeFileSync(
      join(this.root, 'etc/cfn/cfn-hup.conf'),
      `[main]\nstack=arn:aws:cloudformation:us-east-1:123456789012:stack/fleet/1\nregion=us-east-1\ninterval=${interval}\n`,
    );
    writeFileSync(
      join(this.root, 'etc/cfn/hooks.d/cfn-auto-reloader.conf'),
      hooks
        .map(
          (h) =>
            `[${h}]\ntriggers=post.update\npath=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init\naction=/opt/aws/bin/cfn-init -v --stack fleet --resource LaunchConfig --region us-east-1\nrunas=root\n`,
        )
        .join('\n'),
    );
  }

  hup(at: number, level: string, message: string, traceback?: string[]): void {
    this.log('cfn-hup.log', at, level, message, traceback);
  }

  init(at: number, level: string, message: string, traceback?: string[]): void {
    this.log('cfn-init.log', at, level, message, traceback);
  }

  cmd(at: number, pid: number, level: string, message: string): void {
    appendFileSync(join(this.root, 'var/log/cfn-init-cmd.log'), `${this.stamp(at)} P${pid} [${level}] ${message}\n`);
  }

  storeState(state: Record<string, unknown>): void {
    writeFileSync(join(this.root, 'var/lib/cfn-hup/data/metadata_db.json'), JSON.stringify(state, null, 2));
  }

  readLog(name: string): string {
    const file = join(this.root, 'var/log', name);
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  private log(file: string, at: number, level: string, message: string, traceback?: string[]): void {
    const lines = [`${this.stamp(at)} [${level}] ${message}`, ...(traceback ?? [])];
    appendFileSync(join(this.root, 'var/log', file), lines.join('\n') + '\n');
  }

  /** `2026-11-30 12:03:07,512` in the instance's local time. */
  stamp(at: number): string {
    const d = new Date(at + this.utcOffsetMinutes * 60_000);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())},${p(d.getUTCMilliseconds(), 3)}`;
  }

  private stub(path: string, body: string): void {
    const file = join(this.root, path);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
}

/** What cfn-hup and cfn-init write, as aws-cfn-bootstrap words it (update_hooks.py, bin/cfn-init, command_tool.py). */
export const scenarios = {
  /** The hook's action ran and cfn-init completed. */
  converge(i: FakeInstance, at: number, hook = 'cfn-auto-reloader-hook'): void {
    i.hup(at, 'INFO', `Data has changed from previous state; action for ${hook} will be run`);
    i.hup(at + 1, 'INFO', `Running action for ${hook}`);
    i.init(at + 500, 'INFO', '-----------------------Starting build-----------------------');
    i.init(at + 600, 'INFO', 'Running configSets: default');
    i.init(at + 700, 'INFO', 'Running configSet default');
    i.init(at + 800, 'INFO', 'Running config config');
    i.init(at + 3000, 'INFO', 'ConfigSets completed');
    i.init(at + 3001, 'INFO', '-----------------------Build complete-----------------------');
  },
  /** A command of the config exits 1: cfn-init fails, cfn-hup will retry every interval. */
  fail(i: FakeInstance, at: number, hook = 'cfn-auto-reloader-hook', command = '01_restart_app'): void {
    i.hup(at, 'INFO', `Data has changed from previous state; action for ${hook} will be run`);
    i.hup(at + 1, 'INFO', `Running action for ${hook}`);
    i.init(at + 500, 'INFO', '-----------------------Starting build-----------------------');
    i.init(at + 800, 'INFO', 'Running config config');
    i.init(at + 1200, 'ERROR', `Command ${command} (systemctl restart app) failed`);
    i.init(at + 1201, 'ERROR', `Error encountered during build of config: Command ${command} failed`, [
      'Traceback (most recent call last):',
      '  File "/usr/lib/python3.7/site-packages/cfnbootstrap/construction.py", line 579, in run_config',
      `cfnbootstrap.construction_errors.ToolError: Command ${command} failed`,
    ]);
    i.init(at + 1202, 'ERROR', '------------------------BUILD FAILED!------------------------');
    i.init(at + 1203, 'ERROR', `Unhandled exception during build: Command ${command} failed`, [
      'Traceback (most recent call last):',
      '  File "/opt/aws/bin/cfn-init", line 176, in <module>',
      `cfnbootstrap.construction_errors.ToolError: Command ${command} failed`,
    ]);
    i.cmd(at + 1100, 4242, 'INFO', `Command ${command}`);
    i.cmd(at + 1150, 4242, 'INFO', '-----------------------Command Output-----------------------');
    i.cmd(at + 1151, 4242, 'INFO', '\tJob for app.service failed because the control process exited with error code.');
    i.cmd(at + 1199, 4242, 'INFO', '------------------------------------------------------------');
    i.cmd(at + 1200, 4242, 'ERROR', 'Exited with error code 1');
    i.hup(at + 1300, 'WARNING', `Action for ${hook} exited with 1; will retry on next iteration`);
  },
  /** cfn-hup is alive and polls, but nothing is logged for the hook. */
  alive(i: FakeInstance, at: number): void {
    i.hup(at, 'INFO', 'cfn-hup processing is alive.');
  },
  /** cfn-hup refused to start: `interval=0` (bin/cfn-hup exits 1). */
  crashInvalidInterval(i: FakeInstance, at: number): void {
    i.writeConfig(0, ['cfn-auto-reloader-hook']);
    i.hup(at, 'ERROR', 'Invalid interval (must be 1 minute or greater): 0');
    i.setService('failed');
  },
};
