/**
 * What each cfn-hup key, trigger and cfn-init option does, in the words a
 * hover or a completion shows. Facts from the aws-cfn-bootstrap source and
 * the AWS docs (see shared reference: cfn-hup-semantics).
 */
export const CFN_HUP_DOCS_URL = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/cfn-hup.html';
export const CFN_INIT_DOCS_URL = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/cfn-init.html';

export interface KeyDoc {
  key: string;
  summary: string;
  /** Value to suggest after `key=`. */
  example: string;
}

export const MAIN_KEYS: KeyDoc[] = [
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
];

export const HOOK_KEYS: KeyDoc[] = [
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
];

export const TRIGGERS: KeyDoc[] = [
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
];

export interface OptionDoc {
  names: string[];
  summary: string;
}

export const CFN_INIT_OPTIONS: OptionDoc[] = [
  { names: ['-s', '--stack'], summary: 'The stack that holds the metadata. Required together with --resource.' },
  {
    names: ['-r', '--resource'],
    summary:
      'The logical id whose `AWS::CloudFormation::Init` is applied. Without Metadata cfn-init fails; with Metadata but no Init it does nothing and exits 0.',
  },
  {
    names: ['-c', '--configsets'],
    summary:
      'Comma-separated configSets to run, in order; items are not trimmed. Default: `default` (or the config named `config` when there are no configSets).',
  },
  { names: ['--region'], summary: "The stack's region. Default us-east-1." },
  { names: ['-v', '--verbose'], summary: 'Verbose logging to /var/log/cfn-init.log (C:\\cfn\\log on Windows).' },
  { names: ['-u', '--url'], summary: 'A CloudFormation endpoint to use instead of the regional one.' },
  { names: ['--role'], summary: 'An IAM role for the instance credentials.' },
  { names: ['-f', '--credential-file'], summary: 'A credential file (AWSAccessKeyId= / AWSSecretKey=).' },
  { names: ['--resume'], summary: 'Windows only: resume after a reboot (set by waitAfterCompletion).' },
];
