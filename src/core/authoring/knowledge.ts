/**
 * What each cfn-hup key, trigger and cfn-init option does, in the words a
 * hover or a completion shows. Facts from the aws-cfn-bootstrap source and
 * the AWS docs (see shared reference: cfn-hup-semantics). The cfn-hup keys
 * and triggers themselves live in cfnhup/vocabulary, shared with the rules.
 */
import { HOOK_KEYS, MAIN_KEYS, TRIGGERS, type VocabularyEntry } from '../cfnhup/vocabulary';
export const CFN_HUP_DOCS_URL = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/cfn-hup.html';
export const CFN_INIT_DOCS_URL = 'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/cfn-init.html';

/** What a completion or hover shows for a key or trigger: the one vocabulary (cfnhup/vocabulary). */
export type KeyDoc = VocabularyEntry;
export { HOOK_KEYS, MAIN_KEYS, TRIGGERS };

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
