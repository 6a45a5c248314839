/**
 * The one list of what cfn-hup reads: the `[main]` keys of cfn-hup.conf, the
 * keys of a hook, and the triggers. Rules (what is unknown), completions (what
 * to offer) and hovers (what it does) all read these lists.
 *
 * Source: aws-cfn-bootstrap 1.4-31 update_hooks.py parse_config (stack,
 * credential-file, role, region, url, sqs_url; per hook triggers, path, action,
 * runas, and singleton / send_result for on.command hooks), bin/cfn-hup
 * (interval, verbose, umask, multi-threaded); the cfn-hup docs; see
 * cfn-hup-semantics §1.3 and §2.2. Keys cfn-hup reads but the docs do not
 * describe are marked `legacy`: never reported as unknown, not offered.
 */

export interface VocabularyEntry {
  key: string;
  /** What it does, as a hover or completion shows it (Markdown). */
  summary: string;
  /** Value to suggest after `key=`. */
  example: string;
  /** Read by cfn-hup but undocumented or only for the legacy command service: not offered in completions. */
  legacy?: boolean;
}

export const MAIN_KEYS: readonly VocabularyEntry[] = [
  {
    key: 'stack',
    summary: 'Required. The stack name or id cfn-hup polls. Without it cfn-hup exits at start. Use `${AWS::StackId}`.',
    example: '${AWS::StackId}',
  },
  {
    key: 'region',
    summary:
      "The stack's region. Default **us-east-1**: in any other region cfn-hup never finds the stack. Use `${AWS::Region}`.",
    example: '${AWS::Region}',
  },
  {
    key: 'interval',
    summary: 'Minutes between polls, a whole number ≥ 1 (default 15). `0`, `5m` or `0.5` stop cfn-hup at start.',
    example: '1',
  },
  {
    key: 'verbose',
    summary: 'Debug logging: true/false (also yes/no, on/off, 1/0). Anything else crashes cfn-hup.',
    example: 'false',
  },
  {
    key: 'umask',
    summary: 'Octal umask of the daemon (default 022), at most 0777. Linux daemon mode only.',
    example: '022',
  },
  {
    key: 'role',
    summary:
      'An IAM role whose instance credentials sign the calls. Wins over credential-file. Not needed by default: cfn-hup signs with the instance identity.',
    example: '',
  },
  {
    key: 'credential-file',
    summary: 'A file with `AWSAccessKeyId=` and `AWSSecretKey=` lines; on Linux it must be mode 600 or cfn-hup exits.',
    example: '/etc/cfn/cfn-credentials',
  },
  {
    key: 'url',
    summary: 'Undocumented: a CloudFormation endpoint to use instead of the regional one.',
    example: '',
    legacy: true,
  },
  {
    key: 'sqs_url',
    summary: 'Undocumented: the SQS endpoint of the legacy `on.command` hooks.',
    example: '',
    legacy: true,
  },
  {
    key: 'multi-threaded',
    summary: 'Undocumented: run legacy `on.command` hooks on several threads.',
    example: '',
    legacy: true,
  },
];

export const HOOK_KEYS: readonly VocabularyEntry[] = [
  {
    key: 'triggers',
    summary: 'Comma-separated: `post.add`, `post.update`, `post.remove` (case-sensitive). Anything else is ignored.',
    example: 'post.update',
  },
  {
    key: 'path',
    summary:
      'What to watch: `Resources.<LogicalId>.Metadata[.key…]` or `Resources.<LogicalId>.PhysicalResourceId`. Any other shape stops the whole daemon.',
    example: 'Resources.',
  },
  {
    key: 'action',
    summary:
      'A shell command run when a trigger fires (`/bin/sh -c`, or cmd.exe on Windows). Re-run every interval until it exits 0. Write `%%` for `%`.',
    example: '',
  },
  {
    key: 'runas',
    summary: 'Run the action as this user (through `su`). Optional. Breaks the hook on Windows.',
    example: 'root',
  },
  {
    key: 'singleton',
    summary: 'Legacy `on.command` hooks only: run the action on one instance (the elected leader).',
    example: 'true',
    legacy: true,
  },
  {
    key: 'send_result',
    summary: 'Legacy `on.command` hooks only: send the action result back (default true).',
    example: 'true',
    legacy: true,
  },
];

export const TRIGGERS: readonly VocabularyEntry[] = [
  {
    key: 'post.update',
    summary:
      'Fires when the watched value changed since the last poll. Never on the first poll after cfn-hup starts: that one records a baseline.',
    example: '',
  },
  {
    key: 'post.add',
    summary:
      'Fires when the watched value appears (also on the first poll after the state was cleared or the hook renamed).',
    example: '',
  },
  {
    key: 'post.remove',
    summary: 'Fires when the watched value disappears (for PhysicalResourceId: the resource was deleted).',
    example: '',
  },
  {
    key: 'on.command',
    summary:
      'Legacy command-service hook (SQS); only when it is the hook’s only trigger. Next to other triggers it is ignored.',
    example: '',
    legacy: true,
  },
];

const names = (list: readonly VocabularyEntry[]) => new Set(list.map((e) => e.key));

/** Every key cfn-hup reads in `[main]` (lower case: ConfigParser lower-cases option names). */
export const MAIN_KEY_NAMES: ReadonlySet<string> = names(MAIN_KEYS);
/** Every key cfn-hup reads in a hook section. */
export const HOOK_KEY_NAMES: ReadonlySet<string> = names(HOOK_KEYS);
/** Every trigger cfn-hup acts on. */
export const TRIGGER_NAMES: ReadonlySet<string> = names(TRIGGERS);
/** The documented triggers, for messages and suggestions. */
export const DOCUMENTED_TRIGGERS: readonly string[] = TRIGGERS.filter((t) => !t.legacy).map((t) => t.key);
