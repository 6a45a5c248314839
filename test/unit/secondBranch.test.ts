import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTemplate, parseTemplate } from '../../src/core';
import type { CfnNode } from '../../src/core/template/ast';
import { corpusOrSkip } from './helpers/corpus';
import { mulberry32 } from './helpers/random';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';
import { generatedTemplate } from '../bench/generated';

/**
 * Issue 12: for a template with an undecidable Fn::If the analysis judges both branches, and the second
 * branch reruns only the rules whose check met such a condition (when both branches extracted the same
 * files, hooks and calls). What users rely on: exactly the findings of running every rule in both
 * branches, on real templates and on templates where Fn::If picks between a right and a wrong value in
 * the places cfn-hup reads (hook paths and actions, cfn-hup.conf, commands, UserData, configSets, files).
 */
function sameAsEveryRule(text: string, fileName: string, label: string): void {
  const fast = analyzeTemplate(text, { fileName }).findings;
  const every = analyzeTemplate(text, { fileName, everyRuleInBothBranches: true }).findings;
  assert.deepEqual(fast, every, `${label}: findings differ from running every rule in both branches`);
}

const corpus = corpusOrSkip();
const corpusTemplates = corpus.dir
  ? readdirSync(join(corpus.dir, 'templates'))
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(corpus.dir, 'templates', f), 'utf8') }))
  : [];

test('the corpus: the same findings as running every rule in both branches', { skip: corpus.skip }, () => {
  for (const t of corpusTemplates) sameAsEveryRule(t.text, t.name, t.name);
});

test('examples, test templates and generated templates: the same findings', () => {
  const examples = join(__dirname, '..', '..', '..', 'examples');
  for (const f of readdirSync(examples)) sameAsEveryRule(readFileSync(join(examples, f), 'utf8'), f, f);
  sameAsEveryRule(LINUX_YAML, 'linux.yaml', 'LINUX_YAML');
  sameAsEveryRule(WINDOWS_JSON, 'windows.json', 'WINDOWS_JSON');
  sameAsEveryRule(generatedTemplate(64 * 1024), 'generated.yaml', 'generated');
  sameAsEveryRule(generatedTemplate(64 * 1024, true), 'worst.yaml', 'generated worst case');
});

test('a value two rules read from one memo (a cfn-hup service files list under Fn::If): both rerun', () => {
  // SVC-RESTART-REF-UNRESOLVED reads the list HUP-SVC-FILES-MISSING rendered first; only the second
  // branch lists a hook file another config writes, so the finding exists in that branch alone.
  const template = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Mode: { Type: String }
Conditions:
  IsA: !Equals [!Ref Mode, a]
Resources:
  LaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Metadata:
      AWS::CloudFormation::Init:
        configSets:
          default: [setup, service]
        setup:
          files:
            /etc/cfn/hooks.d/cfn-auto-reloader.conf:
              content: !Sub |
                [cfn-auto-reloader-hook]
                triggers=post.update
                path=Resources.LaunchConfig.Metadata.AWS::CloudFormation::Init
                action=/opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
        service:
          files:
            /etc/cfn/cfn-hup.conf:
              content: !Sub |
                [main]
                stack=\${AWS::StackId}
                region=\${AWS::Region}
                interval=1
          services:
            sysvinit:
              cfn-hup:
                enabled: "true"
                ensureRunning: "true"
                files:
                  - /etc/cfn/cfn-hup.conf
                  - !If [IsA, /etc/cfn/cfn-hup.conf, /etc/cfn/hooks.d/cfn-auto-reloader.conf]
    Properties:
      ImageId: ami-12345678
      InstanceType: t3.micro
      UserData: !Base64
        Fn::Sub: |
          #!/bin/bash -xe
          /opt/aws/bin/cfn-init -v --stack \${AWS::StackName} --resource LaunchConfig --region \${AWS::Region}
`;
  const ids = analyzeTemplate(template, { fileName: 'svc.yaml' }).findings.map((f) => f.ruleId);
  assert.ok(ids.includes('SVC-RESTART-REF-UNRESOLVED'), `the second branch's finding is kept: ${ids.join(', ')}`);
  sameAsEveryRule(template, 'svc.yaml', 'service files list under Fn::If');
});

/**
 * A memo shared by rules must mark the render context at every read when its value met an undecidable
 * Fn::If (as renderText's memo does), or the rules reading it second are not rerun for the other
 * branch. Each module-level cache in the analysis is listed here with why it is safe.
 */
const KNOWN_CACHES: Record<string, string> = {
  'rules/deployment.ts signalTargets': 'scans UserData and command texts the extraction rendered',
  'rules/release.ts watchedRanges': 'hook paths the extraction parsed, resolved in the template tree',
  'rules/shared.ts bootCalls': 'the cfn-init calls the extraction found',
  'rules/shared.ts callsByText': 'the cfn-init calls the extraction found, by the text it rendered',
  'rules/userData.ts cfnSignalLines': 'lines of the UserData scripts the extraction rendered',
  'rules/hooksOutOfSight.ts hooksOutOfSight':
    'hook files and paths the extraction found, and the template tree under UserData, commands and sources, read without rendering or choosing',
  'rules/initStructure.ts readSets': 'the configSets node the extraction found, read without rendering or choosing',
  'rules/templateKeys.ts objectsWithDuplicates': 'the template tree only',
  'rules/initStructure.ts DECIMAL_MODES': 'a constant table',
  'cfnhup/commandLine.ts SHORT_OPTIONS': 'a constant table',
};

test('every cache of the analysis is known to mark, or to hold nothing an Fn::If branch chooses', () => {
  const core = join(__dirname, '..', '..', '..', 'src', 'core');
  const found: string[] = [];
  for (const dir of ['rules', 'cfnhup', 'intrinsics', 'template', 'text']) {
    for (const f of readdirSync(join(core, dir)).filter((n) => n.endsWith('.ts'))) {
      const source = readFileSync(join(core, dir, f), 'utf8');
      // Module-level maps, and slots of the analysis cache (rules/shared.ts cacheSlot).
      for (const m of source.matchAll(/^(?:export )?(?:const|let) (\w+) = new (?:Weak)?Map\b/gm))
        found.push(`${dir}/${f} ${m[1]}`);
      for (const m of source.matchAll(/cacheSlot<[^>]*(?:>[^>(]*)*>\('(\w+)'\)/g)) found.push(`${dir}/${f} ${m[1]}`);
    }
  }
  const unknown = found.filter((c) => !(c in KNOWN_CACHES));
  assert.deepEqual(
    unknown,
    [],
    'a new cache: if it holds a rendered or chosen value it must re-mark the render context on every read; list it here with why it is safe',
  );
});

type Value = string | number | boolean | null | Value[] | { [key: string]: Value };

function toValue(n: CfnNode): Value {
  if (n.kind === 'scalar') return n.value;
  if (n.kind === 'array') return n.items.map(toValue);
  return Object.fromEntries(n.properties.map((p) => [p.key, toValue(p.value)]));
}

/** Wrong twins of a text value: each one of the silent failures a branch could hold. */
const TEXT_MUTATIONS: ((s: string, other: string) => string)[] = [
  (s) => s.replace('Metadata', 'Metdata'),
  (s) => s.replace(/interval=\d+/, 'interval=0'),
  (s) => s.replace(/\n/g, ''),
  (s, other) => s.replace(/(-r|--resource)( +)\S+/, `$1$2${other}`),
  (s) => s.replace(/post\.update/, 'post.updated'),
  (s) => s.replace(/cfn-init/, 'cfn-inti'),
  (s) => s.replace(/stack=/, 'stak='),
  (s) => `${s}%`,
  () => '',
  (s) => s.replace(/-c +\S+/, '-c missing'),
  (s) => `${s}\n\${UndefinedName}`,
];

/**
 * Wraps values under Metadata and UserData in `Fn::If [Undecidable, value, wrong twin]` (or the twin
 * first): each branch is judged, and a finding in one branch only is capped at a warning.
 */
function mutate(root: { [key: string]: Value }, random: () => number): void {
  const resources = root.Resources;
  if (!resources || typeof resources !== 'object' || Array.isArray(resources)) return;
  const ids = Object.keys(resources);
  const other = ids[Math.floor(random() * ids.length)] ?? 'Other';
  const slots: { parent: { [key: string]: Value } | Value[]; key: string | number }[] = [];
  // Fn::Sub's template string must be a literal (CloudFormation takes no function there): it is
  // mutated through its Fn::Sub object (below), never wrapped in an Fn::If of its own.
  const subTemplate = (parent: { [key: string]: Value } | Value[], key: string | number) =>
    Array.isArray(parent) ? key === 0 && subArrays.has(parent) : key === 'Fn::Sub' && typeof parent[key] === 'string';
  const subArrays = new Set<Value[]>();
  const collect = (v: Value, parent: { [key: string]: Value } | Value[], key: string | number, inside: boolean) => {
    if (inside && !subTemplate(parent, key)) slots.push({ parent, key });
    if (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray(v['Fn::Sub'])) subArrays.add(v['Fn::Sub']);
    if (v && typeof v === 'object') {
      if (Array.isArray(v)) v.forEach((item, i) => collect(item, v, i, inside));
      else
        for (const [k, item] of Object.entries(v))
          collect(item, v, k, inside || k === 'Metadata' || k === 'UserData' || k === 'configSets');
    }
  };
  collect(resources, root, 'Resources', false);
  if (slots.length === 0) return;
  root.Parameters = { ...((root.Parameters as object) ?? {}), CfnHupToolsUndecided: { Type: 'String' } };
  root.Conditions = {
    ...((root.Conditions as object) ?? {}),
    CfnHupToolsUndecidedA: { 'Fn::Equals': [{ Ref: 'CfnHupToolsUndecided' }, 'a'] },
    CfnHupToolsUndecidedB: { 'Fn::Not': [{ Condition: 'CfnHupToolsUndecidedA' }] },
  };
  const count = 1 + Math.floor(random() * 3);
  for (let i = 0; i < count; i++) {
    const slot = slots[Math.floor(random() * slots.length)]!;
    const parent = slot.parent as Record<string | number, Value>;
    const value = parent[slot.key]!;
    let twin: Value;
    const sub = value && typeof value === 'object' && !Array.isArray(value) ? value['Fn::Sub'] : undefined;
    const subText =
      typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (typeof value === 'string') twin = TEXT_MUTATIONS[Math.floor(random() * TEXT_MUTATIONS.length)]!(value, other);
    else if (subText !== undefined) {
      const text = TEXT_MUTATIONS[Math.floor(random() * TEXT_MUTATIONS.length)]!(subText, other);
      twin = { 'Fn::Sub': Array.isArray(sub) ? [text, ...sub.slice(1)] : text };
    } else if (Array.isArray(value)) twin = random() < 0.5 ? value.slice(1) : [...value].reverse();
    else if (value && typeof value === 'object') {
      const keys = Object.keys(value);
      twin = Object.fromEntries(
        keys.filter((k) => k !== keys[Math.floor(random() * keys.length)]).map((k) => [k, value[k]!]),
      );
    } else twin = typeof value === 'number' ? 0 : '';
    const condition = random() < 0.5 ? 'CfnHupToolsUndecidedA' : 'CfnHupToolsUndecidedB';
    parent[slot.key] = { 'Fn::If': random() < 0.5 ? [condition, value, twin] : [condition, twin, value] };
  }
}

test('Fn::If between right and wrong values where cfn-hup reads: the same findings', { skip: corpus.skip }, () => {
  const random = mulberry32(12);
  const sources = [
    ...corpusTemplates,
    { name: 'linux.yaml', text: LINUX_YAML },
    { name: 'windows.json', text: WINDOWS_JSON },
  ];
  let compared = 0;
  let branchesDisagree = 0;
  const decided = (text: string, value: string) =>
    JSON.stringify(
      analyzeTemplate(text, { fileName: 'm.json', parameterValues: { CfnHupToolsUndecided: value } }).findings,
    );
  for (const source of sources) {
    const parsed = parseTemplate(source.text, source.name);
    if (!parsed.isTemplate || parsed.root?.kind !== 'object' || parsed.problems.length) continue;
    for (let round = 0; round < 6; round++) {
      const root = toValue(parsed.root) as { [key: string]: Value };
      mutate(root, random);
      const text = JSON.stringify(root, null, 1);
      sameAsEveryRule(text, 'mutated.json', `${source.name}, mutation ${round}`);
      compared++;
      if (decided(text, 'a') !== decided(text, 'b')) branchesDisagree++;
    }
  }
  // The mutations must make the branches disagree often, or this test proves nothing.
  assert.ok(compared >= 400, `only ${compared} mutated templates`);
  assert.ok(branchesDisagree >= compared / 4, `the branches disagree in only ${branchesDisagree} of ${compared}`);
});
