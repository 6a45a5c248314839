/**
 * What a release will do on an instance, per cfn-hup hook that fires: the
 * cfn-init run its action starts, and per config (in cfn-init's order) the
 * files, commands, services, packages, sources, users and groups it touches.
 * Plain JSON, so the CLI prints it as `--format json` unchanged.
 *
 * Values that cannot be known offline (Fn::GetAtt, a NoEcho parameter, …)
 * appear as `${Name}` placeholders and are listed in `unknown`: never guessed.
 */
export type Platform = 'linux' | 'windows';

/** One cfn-init invocation in a hook's action. */
export interface CfnInitRun {
  /** `-r/--resource`: whose Metadata it reads. */
  resource: string;
  /** `-c/--configsets` as cfn-init splits it (on commas, not stripped); `["default"]` when absent. */
  configSets: string[];
  /** The configs it runs, in order (configSets that include other configSets expanded). */
  configs: string[];
  platform: Platform;
  /** Why cfn-init will fail or do nothing, when it will. */
  error?: string;
}

export type FileChangeKind =
  /** Not written by the previous run: created (or overwritten if it exists). */
  | 'created'
  /** The content cfn-init writes differs: counted as changed (restarts services that watch it). */
  | 'content'
  /** Downloaded from a different `source` URL: the content most likely differs, but is not known offline. */
  | 'source'
  /** Only mode/owner/group differ: cfn-init applies them but does not count the file as changed. */
  | 'attributes'
  /** The same text, but it contains values this update may change (e.g. an attribute of a modified resource). */
  | 'may-change'
  /** Written by the previous run, no longer in the Metadata: cfn-init leaves it on the instance as it is. */
  | 'no-longer-managed';

export interface Delta {
  before?: string;
  after?: string;
}

export interface FileChange {
  config: string;
  path: string;
  change: FileChangeKind;
  /** Unified line diff of the rendered content (previous parameters vs new); absent when not shown. */
  diff?: string;
  mode?: Delta;
  owner?: Delta;
  group?: Delta;
  source?: Delta;
  /** Names of values not known offline that the content contains. */
  unknown?: string[];
  note?: string;
}

export interface CommandRun {
  config: string;
  name: string;
  command: string | string[];
  /** Has a `test` guard: runs only when the test exits 0. */
  conditional: boolean;
  test?: string;
  ignoreErrors: boolean;
  /** Windows only (Linux ignores it): seconds to wait after the command, or `forever` (reboot). */
  waitAfterCompletion?: number | string;
  cwd?: string;
  env?: Record<string, string>;
  runas?: string;
  /** Differs from the previous Metadata's command of the same name (new counts as changed). */
  changed: boolean;
  /** Problems cfn-init will have with it (e.g. runas on Windows). */
  problems?: string[];
}

export type ServiceManager = 'sysvinit' | 'systemd' | 'windows';

export interface ServiceRestart {
  config: string;
  name: string;
  manager: ServiceManager;
  /** What in its watch lists changed, e.g. `file /etc/app.conf changed`. */
  because: string[];
  /** False when every reason is a possibility (a guarded command, a file whose content may change). */
  certain: boolean;
}

export interface PackageChange {
  config: string;
  manager: string;
  name: string;
  change: 'install' | 'version' | 'no-longer-managed';
  before?: string;
  after?: string;
}

export interface SourceExtraction {
  config: string;
  /** Target directory. */
  path: string;
  url: string;
  /** cfn-init downloads and extracts every source on every run; this says whether the URL changed. */
  change: 'url' | 'new' | 'same';
  before?: string;
}

export interface AccountChange {
  config: string;
  name: string;
  change: 'create' | 'modify' | 'no-longer-managed';
  before?: string;
  after?: string;
}

export interface HookPlan {
  hook: string;
  /** The resource whose Metadata defines the hook. */
  definedIn: string;
  watches: string;
  trigger: string;
  /** The hook's action as it will run. */
  action: string;
  instances?: number;
  /** cfn-hup polls this often: the action runs within this many minutes of the update. */
  intervalMinutes: number;
  runs: CfnInitRun[];
  filesChanged: FileChange[];
  /** Every command of every config: cfn-init does not detect changes for commands, it runs them all each time. */
  commandsRun: CommandRun[];
  servicesRestarted: ServiceRestart[];
  packagesChanged: PackageChange[];
  sourcesExtracted: SourceExtraction[];
  usersChanged: AccountChange[];
  groupsChanged: AccountChange[];
  /** True when no file, package, source URL, user, group or command differs from the previous run. */
  changesNothing: boolean;
  notes: string[];
}

export interface InstancePlan {
  hooks: HookPlan[];
}
