/**
 * Lines a regex with backtracking takes quadratic (or worse) time on: runs of
 * blanks, " \n" runs, a command of tens of thousands of words — each about
 * 1 MB, inside a template (cfn-hup.conf, a hook, any Init file, a command,
 * UserData) and as standalone cfn-hup files. Used by the linear-time test;
 * `size` scales them (the test uses 1 MiB; smaller sizes show the growth).
 */
export const MB = 1 << 20;

const blanks = (size: number) => ' \t'.repeat(size / 4); // size/2 characters of spaces and tabs
const words = (count: number) => Array.from({ length: count }, (_, i) => (i % 3 ? 'w' + i : '-x')).join(' ');

/** Contents of a cfn-hup.conf or hook file, each with one pathological line (or run of lines). */
export function hostileConfTexts(size = MB): [string, string][] {
  const BLANKS = blanks(size);
  const SPACES = ' '.repeat(size);
  const SPACE_NEWLINES = ' \n'.repeat(size / 2);
  const LONG_WORD = 'a'.repeat(size);
  const WORDS = words(Math.round((50_000 * size) / MB));
  return [
    [
      'cfn-hup.conf: blanks inside a key=value line',
      `[main]\nstack=${BLANKS}x\nregion=us-east-1\ninterval=${BLANKS}1\n`,
    ],
    ['cfn-hup.conf: a line of blanks only', `[main]\nstack=x\n${BLANKS}\nregion=y\n`],
    ['cfn-hup.conf: blanks before "=" and a key never ended', `[main]\nstack${SPACES}=x\nregion${SPACES}\n`],
    ['cfn-hup.conf: blanks in a section header', `[${BLANKS}main${BLANKS}\nstack=x\n`],
    ['cfn-hup.conf: " \\n" runs', `[main]\n${SPACE_NEWLINES}stack=x\n`],
    ['cfn-hup.conf: one long word', `[main]\nstack=${LONG_WORD}\n${LONG_WORD}\n`],
    ['cfn-hup.conf: settings run together with blanks', `[main]\nstack=x${SPACES}region=y${SPACES}interval=1\n`],
    [
      'hook: blanks around triggers and path',
      `[h]\ntriggers=${BLANKS}post.update${BLANKS},${BLANKS}\npath=${BLANKS}Resources.${BLANKS}\naction=x\n`,
    ],
    [
      'hook: an action of 50,000 words',
      `[h]\ntriggers=post.update\npath=Resources.R.Metadata\naction=/opt/aws/bin/cfn-init ${WORDS}\n`,
    ],
    [
      'hook: an action of blanks and dashes',
      `[h]\ntriggers=post.update\npath=Resources.R\naction=cfn-init ${'- '.repeat(size / 2)}\n`,
    ],
    ['hook: " \\n" runs', `[h]\n${SPACE_NEWLINES}triggers=post.update\npath=Resources.R\naction=x\n`],
  ];
}

/** The places in a template where rules read text. */
export const PLACES = [
  'cfn-hup.conf content',
  'hook file content',
  'other file content',
  'Fn::Sub file content',
  'Fn::Join file content',
  'command',
  'cfn-init command',
  'UserData',
] as const;
export type Place = (typeof PLACES)[number];

/** A template (JSON) with the pathological string `s` in one place. */
export function hostileTemplate(place: Place, s: string): string {
  const files: Record<string, unknown> = {
    '/etc/cfn/cfn-hup.conf': { content: place === 'cfn-hup.conf content' ? s : '[main]\nstack=x\nregion=y\n' },
    '/etc/cfn/hooks.d/cfn-auto-reloader.conf': {
      content:
        place === 'hook file content'
          ? s
          : '[h]\ntriggers=post.update\npath=Resources.LaunchConfig.Metadata\naction=/opt/aws/bin/cfn-init -v --stack x --resource LaunchConfig --region y\n',
    },
  };
  if (place === 'other file content') files['/etc/app/other.conf'] = { content: s, mode: '000644' };
  if (place === 'Fn::Sub file content') files['/etc/app/sub.conf'] = { content: { 'Fn::Sub': s } };
  if (place === 'Fn::Join file content')
    files['/etc/app/joined.conf'] = { content: { 'Fn::Join': ['', [s, { Ref: 'BuildNumber' }, s]] } };
  const commands: Record<string, unknown> = {};
  if (place === 'command') commands['01'] = { command: s };
  if (place === 'cfn-init command') commands['02'] = { command: `cfn-init ${s}` };
  const userData = place === 'UserData' ? `/opt/aws/bin/cfn-init ${s}\n${s}` : '/opt/aws/bin/cfn-init -v --stack x';
  return JSON.stringify({
    AWSTemplateFormatVersion: '2010-09-09',
    Parameters: { BuildNumber: { Type: 'String' } },
    Resources: {
      LaunchConfig: {
        Type: 'AWS::AutoScaling::LaunchConfiguration',
        Metadata: {
          'AWS::CloudFormation::Init': {
            config: {
              files,
              commands,
              services: { sysvinit: { 'cfn-hup': { enabled: 'true', ensureRunning: 'true' } } },
            },
          },
        },
        Properties: {
          ImageId: 'ami-12345678',
          InstanceType: 't3.micro',
          UserData: { 'Fn::Base64': { 'Fn::Sub': `#!/bin/bash\n${userData}\n` } },
        },
      },
    },
  });
}

/** The strings placed in each place by hostileTemplate. */
export function hostileValues(size = MB): [string, string][] {
  const SPACES = ' '.repeat(size);
  return [
    ['1 MB of spaces and tabs', `[main]\nstack=${blanks(size)}\ninterval=${blanks(size)}1\n`],
    ['a " \\n" run', `[main]\n${' \n'.repeat(size / 2)}`],
    ['a command of 50,000 words', `cfn-init -v ${words(Math.round((50_000 * size) / MB))}`],
    ['a cfn-init line of blanks', `cfn-init${SPACES}--stack${SPACES}x${SPACES}-r${SPACES}`],
    ['one 1 MB word', 'a'.repeat(size)],
    ['a ${ never closed after blanks', `\${${SPACES}`],
    ['% and blanks', `%${SPACES}%${SPACES}`],
    ['a " \\n" run and nothing else', `${' \n'.repeat(size / 2)}x`],
    ['"cfn-signal" over and over on one line', `${'cfn-signal '.repeat(size / 11)}-r`],
    ['"cfn-hup" over and over on one line', `${'cfn-hup '.repeat(size / 8)}-c`],
    ['"sudo" over and over, then cfn-init', `${'sudo '.repeat(size / 5)}cfn-init -v`],
    ['"sudo cfn-init -v" over and over', 'sudo cfn-init -v '.repeat(size / 17)],
    ['cfn-init with "$(" never closed, on every line', 'cfn-init -v $(\n'.repeat(size / 15)],
    ['"${" never closed, over and over', '${'.repeat(size / 2)],
    ['a glued "--" word that never ends in an option', `cfn-init ${'a--'.repeat(size / 3)}1`],
  ];
}
