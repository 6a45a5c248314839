import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTemplate } from '../../src/core';
import { TemplateModel } from '../../src/core/template/model';
import { renderText, type RenderContext } from '../../src/core/intrinsics/render';
import { getProperty, type CfnNode } from '../../src/core/template/ast';

/** Render `Outputs.X.Value` of a small template. */
function render(
  template: string,
  options: { parameterValues?: Record<string, string>; pseudo?: Record<string, string>; branch?: 0 | 1 } = {},
) {
  const parsed = parseTemplate(template, template.trimStart().startsWith('{') ? 't.json' : 't.yaml');
  assert.deepEqual(parsed.problems, []);
  const model = new TemplateModel(parsed.root as never);
  const ctx: RenderContext = {
    text: parsed.text,
    model,
    parameterValues: options.parameterValues,
    pseudoValues: options.pseudo,
    unknownConditionBranch: options.branch ?? 0,
    sawUnknownCondition: false,
  };
  const node = getProperty(getProperty(getProperty(parsed.root, 'Outputs'), 'X'), 'Value') as CfnNode;
  return { rendered: renderText(node, ctx), ctx, text: parsed.text };
}

const yaml = (value: string, extra = '') => `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Build:
    Type: String
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Regions:
    us-east-1:
      Ami: ami-111
Resources:
  R:
    Type: AWS::SNS::Topic
${extra}Outputs:
  X:
    Value: ${value}
`;

test('Fn::Join renders literals and keeps unknown Refs symbolic', () => {
  const { rendered } = render(yaml('!Join ["", ["stack=", !Ref "AWS::StackId", "\\n"]]'));
  assert.equal(rendered!.text, 'stack=${AWS::StackId}\n');
  assert.deepEqual(
    rendered!.opaque.map((o) => o.name),
    ['AWS::StackId'],
  );
  assert.equal(rendered!.isOpaque(0, 6), false);
  assert.equal(rendered!.isOpaque(6, 8), true);
});

test('Fn::Sub scalar form: ${!Literal} renders as ${Literal}, variables stay symbolic', () => {
  const { rendered } = render(yaml('!Sub "a=${Build} b=${!NotAVar} c=${AWS::Region}"'));
  assert.equal(rendered!.text, 'a=${Build} b=${NotAVar} c=${AWS::Region}');
  assert.deepEqual(
    rendered!.opaque.map((o) => o.name),
    ['Build', 'AWS::Region'],
  );
});

test('Fn::Sub list form: variables from the map are rendered', () => {
  const { rendered } = render(yaml('!Sub ["v=${Name}-${Build}", { Name: !Join ["-", [a, b]] }]'));
  assert.equal(rendered!.text, 'v=a-b-${Build}');
});

test('known parameter and pseudo parameter values render as text', () => {
  const { rendered } = render(yaml('!Sub "build ${Build} in ${AWS::Region}"'), {
    parameterValues: { Build: '42' },
    pseudo: { 'AWS::Region': 'eu-west-1' },
  });
  assert.equal(rendered!.text, 'build 42 in eu-west-1');
  assert.equal(rendered!.opaque.length, 0);
});

test('Fn::If with AWS::NoValue drops the element from a Join list', () => {
  const tpl = yaml('!Join ["", [a, !If [IsProd, !Ref "AWS::NoValue", b], c]]');
  assert.equal(render(tpl, { parameterValues: { Env: 'prod' } }).rendered!.text, 'ac');
  assert.equal(render(tpl, { parameterValues: { Env: 'dev' } }).rendered!.text, 'abc');
  const unknown = render(tpl, { branch: 1 });
  assert.equal(unknown.rendered!.text, 'abc');
  assert.equal(unknown.ctx.sawUnknownCondition, true);
});

test('Fn::Select and Fn::FindInMap of literals render; unknown keys stay symbolic', () => {
  assert.equal(render(yaml('!Select [1, [x, w, z]]')).rendered!.text, 'w');
  assert.equal(render(yaml('!FindInMap [Regions, us-east-1, Ami]')).rendered!.text, 'ami-111');
  assert.equal(render(yaml('!FindInMap [Regions, !Ref "AWS::Region", Ami]')).rendered!.text, '${Fn::FindInMap}');
  assert.equal(
    render(yaml('!FindInMap [Regions, !Ref "AWS::Region", Ami]'), { pseudo: { 'AWS::Region': 'us-east-1' } }).rendered!
      .text,
    'ami-111',
  );
});

test('Fn::Base64 renders its content; GetAtt stays symbolic with its name', () => {
  assert.equal(render(yaml('!Base64 "#!/bin/bash\\necho hi"')).rendered!.text, '#!/bin/bash\necho hi');
  const r = render(yaml('!GetAtt R.TopicName')).rendered!;
  assert.equal(r.text, '${R.TopicName}');
});

test('every rendered character maps back to its source characters', () => {
  const tpl = `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{},"Outputs":{"X":{"Value":{"Fn::Join":["",["a\\tb", {"Fn::Sub":"c$\{!d}"}]]}}}}`;
  const { rendered, text } = render(tpl);
  assert.equal(rendered!.text, 'a\tbc${d}');
  const src = (i: number) => text.slice(rendered!.startOf(i), rendered!.endOf(i));
  assert.deepEqual(
    [...rendered!.text].map((_c, i) => src(i)),
    ['a', '\\t', 'b', 'c', '$', '{', 'd', '}'],
  );
});
