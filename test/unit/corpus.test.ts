import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTemplate } from '../../src/core';
import { corpusOrSkip } from './helpers/corpus';

/**
 * The reality check: 74 real public templates. Every file MANIFEST.tsv marks
 * as having a cfn-hup bug is flagged (error or warning); no other file gets an error.
 * The corpus is third-party and stays outside the project: ../shared/corpus.
 */
const corpus = corpusOrSkip();
const CORPUS = corpus.dir ?? '';

interface Row {
  file: string;
  format: string;
  notes: string;
}

function manifest(): Row[] {
  const [header, ...lines] = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n');
  const cols = header!.split('\t');
  return lines.map((l) => {
    const cells = l.split('\t');
    const get = (name: string) => cells[cols.indexOf(name)]!;
    return { file: get('file'), format: get('format'), notes: get('notes') };
  });
}

test('corpus: every real cfn-hup bug is flagged, and no correct template gets an error', { skip: corpus.skip }, () => {
  const rows = manifest();
  assert.equal(rows.length, readdirSync(join(CORPUS, 'templates')).length);
  const missed: string[] = [];
  const falseErrors: string[] = [];
  for (const row of rows) {
    const text = readFileSync(join(CORPUS, 'templates', row.file), 'utf8');
    const result = analyzeTemplate(text, { fileName: row.file });
    assert.equal(result.isTemplate, true, `${row.file} is a template`);
    assert.ok(
      !result.findings.some((f) => f.ruleId === 'PARSE-ERROR' || f.ruleId === 'INTERNAL-ERROR'),
      `${row.file} parses`,
    );
    const buggy = row.notes.includes('has a bug');
    if (buggy && !result.findings.some((f) => f.severity === 'error' || f.severity === 'warning'))
      missed.push(row.file);
    if (!buggy) {
      const errors = result.findings.filter((f) => f.severity === 'error');
      if (errors.length) falseErrors.push(`${row.file}: ${errors.map((e) => `${e.ruleId} ${e.message}`).join('; ')}`);
    }
  }
  assert.deepEqual(missed, [], 'every marked bug is flagged');
  assert.deepEqual(falseErrors, [], 'no error on a correct template');
  assert.equal(rows.filter((r) => r.notes.includes('has a bug')).length, 26);
});

test('corpus: the specific defects the manifest describes are the ones reported', { skip: corpus.skip }, () => {
  const expect: Record<string, string[]> = {
    'aws-cloudformation__aws-cloudformation-templates__AutoScaling__AutoScalingScheduledAction.json': ['HUP-ONE-LINE'],
    'aws-cloudformation__aws-cloudformation-templates__EC2__InstanceWithCfnInit.yaml': ['HOOK-PATH-UNKNOWN-RESOURCE'],
    'aws-cloudformation__aws-cloudformation-templates__ElasticLoadBalancing__ELBGuidedAutoScalingRollingUpgrade.json': [
      'HUP-ONE-LINE',
    ],
    'aws-cloudformation__aws-cloudformation-templates__Solutions__AmazonCloudWatchAgent__inline__windows.yaml': [
      'HUP-SVC-FILES-MISSING',
    ],
    'aws-cloudformation__aws-cloudformation-templates__Solutions__OperatingSystems__Ubuntu22.04_cfn-hup.json': [
      'INIT-CLI-CONFIGSET-UNDEFINED',
    ],
    'aws-quickstart__quickstart-microsoft-sql__templates__Template_2_SQL_AlwaysOn.template': [
      'INIT-CLI-CONFIGSET-UNDEFINED',
    ],
    'aws-quickstart__quickstart-microsoft-wsus__templates__quickstart-microsoft-wsus-workload.template': [
      'HOOK-PATH-UNKNOWN-RESOURCE',
      'HUP-NOT-STARTED',
    ],
    'aws-samples__cfn101-workshop__code__solutions__cross-stacks__ec2.yaml': ['INIT-CLI-POSITIONAL'],
    'awslabs__aws-cloudformation-templates__aws__services__ElasticLoadBalancing__ELBGuidedAutoScalingRollingUpgrade.yaml':
      ['HOOK-PATH-UNKNOWN-RESOURCE', 'INIT-CLI-RESOURCE-UNKNOWN'],
  };
  for (const [file, rules] of Object.entries(expect)) {
    const ids = analyzeTemplate(readFileSync(join(CORPUS, 'templates', file), 'utf8'), {
      fileName: file,
    }).findings.map((f) => f.ruleId);
    for (const r of rules) assert.ok(ids.includes(r), `${file}: expected ${r}, got ${ids.join(', ')}`);
  }
});
