import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateResourceMetadata, base64Utf8 } from '../../../src/core/intrinsics/evaluate';

const TEMPLATE = `
Parameters:
  BuildNumber: { Type: String, Default: '7' }
  Environment: { Type: String, Default: dev }
  Secret: { Type: String, NoEcho: true }
  Subnets: { Type: CommaDelimitedList, Default: 'a, b,c' }
Mappings:
  RegionMap:
    us-east-1: { Ami: ami-111 }
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
  NotProd: !Not [!Condition IsProd]
Resources:
  Web:
    Type: AWS::EC2::Instance
    Metadata:
      build: !Ref BuildNumber
      sub: !Sub 'b-\${BuildNumber} in \${AWS::Region} for \${AWS::StackName} \${!Literal} \${Web.PrivateIp}'
      subVars: !Sub ['\${X}-\${AWS::AccountId}', { X: !Ref Environment }]
      join: !Join ['-', [a, !Ref BuildNumber, !Ref 'AWS::NoValue', c]]
      tier: !If [IsProd, production, development]
      tier2: !If [NotProd, !Ref 'AWS::NoValue', kept]
      pick: !Select [1, !Ref Subnets]
      ami: !FindInMap [RegionMap, !Ref 'AWS::Region', Ami]
      user: !Base64 'héllo'
      att: !GetAtt Web.PublicIp
      imported: !ImportValue shared-vpc
      secret: !Ref Secret
      split: !Split [',', 'x,y']
      self: !Ref Web
      number: 5
      list: [1, !Ref 'AWS::NoValue', two]
      urls: !Sub 'https://s3.\${AWS::URLSuffix}/\${AWS::Partition}'
`;

const pseudo = {
  'AWS::Region': 'us-east-1',
  'AWS::StackName': 'fleet',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::Partition': 'aws',
};

test('evaluates Metadata to plain JSON: Ref, Sub, Join, If, Select, FindInMap, Base64, Split; NoValue dropped', () => {
  const r = evaluateResourceMetadata(TEMPLATE, 'Web', {
    parameterValues: { BuildNumber: '42', Secret: '****' },
    pseudoValues: pseudo,
  });
  assert.ok(r.ok);
  assert.deepEqual(r.value, {
    build: '42',
    sub: 'b-42 in us-east-1 for fleet ${Literal} ${Web.PrivateIp}',
    subVars: 'dev-123456789012',
    join: 'a-42-c',
    tier: 'development',
    pick: 'b',
    ami: 'ami-111',
    user: Buffer.from('héllo', 'utf8').toString('base64'),
    att: '${Web.PublicIp}',
    imported: '${Fn::ImportValue:shared-vpc}',
    secret: '${Secret}',
    split: ['x', 'y'],
    self: '${Web}',
    number: 5,
    list: [1, 'two'],
    urls: 'https://s3.amazonaws.com/aws',
  });
  assert.equal((r.value as Record<string, unknown>).tier2, undefined, 'a NoValue branch removes the key');
  assert.deepEqual([...r.symbolic].sort(), [
    'Fn::ImportValue:shared-vpc',
    'Secret',
    'Web',
    'Web.PrivateIp',
    'Web.PublicIp',
  ]);
});

test('conditions follow parameter values; physical ids resolve Ref to resources', () => {
  const r = evaluateResourceMetadata(TEMPLATE, 'Web', {
    parameterValues: { Environment: 'prod' },
    pseudoValues: pseudo,
    physicalIds: { Web: 'i-123' },
  });
  assert.ok(r.ok);
  const v = r.value as Record<string, unknown>;
  assert.equal(v.tier, 'production');
  assert.equal(v.tier2, 'kept');
  assert.equal(v.self, 'i-123');
  assert.equal(v.build, '7', 'a parameter without a value takes its Default');
});

test('an undecidable condition stays symbolic; a missing resource or template error is reported', () => {
  const r = evaluateResourceMetadata(TEMPLATE, 'Web', { parameterValues: {}, pseudoValues: {} });
  assert.ok(r.ok);
  assert.equal((r.value as Record<string, unknown>).ami, '${Fn::FindInMap}');
  assert.deepEqual(evaluateResourceMetadata(TEMPLATE, 'Nope'), {
    ok: false,
    reason: 'the template has no resource "Nope"',
  });
  assert.equal(evaluateResourceMetadata('{ "Resources": ', 'Web').ok, false);
  const cond = evaluateResourceMetadata(
    `Conditions:\n  C: !Equals [!GetAtt X.Y, a]\nResources:\n  R:\n    Type: AWS::EC2::Instance\n    Metadata: { v: !If [C, a, b] }\n`,
    'R',
  );
  assert.ok(cond.ok);
  assert.deepEqual(cond.value, { v: '${Fn::If:C}' });
});

test('base64 matches Buffer for ASCII, multi-byte and astral characters', () => {
  for (const s of ['', 'a', 'ab', 'abc', '#!/bin/bash\necho ok\n', 'héllo wörld', '日本', '😀 emoji'])
    assert.equal(base64Utf8(s), Buffer.from(s, 'utf8').toString('base64'), s);
});
