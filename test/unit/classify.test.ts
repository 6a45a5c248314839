import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classify } from '../../src/core';
import { LINUX_YAML, WINDOWS_JSON } from './helpers/templates';

const kind = (name: string, text: string) => {
  const c = classify(name, text);
  return c.kind === 'conf' ? `conf:${c.conf}` : c.kind;
};

test('a template is a template whatever its name: .cfn, .cform, no extension, .txt, hooks.d/', () => {
  for (const name of ['stack.cfn', 'stack.cform', 'Stackfile', 'web.txt', '/repo/hooks.d/web', 'cfn-hup.conf']) {
    assert.equal(kind(name, LINUX_YAML), 'template', `${name} (YAML)`);
    assert.equal(kind(name, WINDOWS_JSON), 'template', `${name} (JSON)`);
  }
  assert.equal(kind('x', 'Resources:\n  A:\n    Type: AWS::SNS::Topic\n'), 'template', 'YAML with Resources only');
  assert.equal(kind('x', '\ufeff{ "Resources": {} }'), 'template', 'JSON with a BOM');
  assert.equal(kind('x', '---\n"AWSTemplateFormatVersion": 2010-09-09\n'), 'template', 'quoted YAML key');
  assert.equal(kind('x', '# a comment\r\nResources:\r\n'), 'template', 'CRLF YAML');
});

test('a nested Resources key (serverless.yml) or other JSON/YAML is not a template', () => {
  assert.equal(
    kind('serverless.yml', 'service: x\nresources:\n  Resources:\n    B:\n      Type: AWS::S3::Bucket\n'),
    'skip',
  );
  assert.equal(kind('package.json', '{ "name": "x", "version": "1.0.0" }'), 'skip');
  assert.equal(kind('notes.yml', 'just: yaml\n'), 'skip');
  assert.equal(kind('README', 'Resources are described below.'), 'skip');
});

test('cfn-hup files by name or location, in any folder and on Windows', () => {
  assert.equal(kind('/etc/cfn/cfn-hup.conf', ''), 'conf:hup-conf');
  assert.equal(kind('copy/CFN-HUP.CONF', 'anything'), 'conf:hup-conf');
  assert.equal(kind('/etc/cfn/hooks.conf', ''), 'conf:hook');
  assert.equal(kind('/etc/cfn/hooks.d/reloader.conf', ''), 'conf:hook');
  assert.equal(kind('hooks.d/reloader', ''), 'conf:hook');
  assert.equal(kind('C:\\cfn\\hooks.d\\reloader.conf', ''), 'conf:hook');
  assert.equal(kind('/etc/hooks.d', ''), 'skip', 'the folder itself is not a hook file');
});

test('cfn-hup files by INI content: [main] with a cfn-hup key, or a section with triggers and path/action', () => {
  assert.equal(kind('copy.conf', '[main]\nstack=arn:x\nregion=eu-west-1\n'), 'conf:hup-conf');
  assert.equal(kind('main.ini', '; comment\n[main]\r\ninterval = 5\r\n'), 'conf:hup-conf');
  assert.equal(kind('reload', '[reloader]\ntriggers=post.update\npath=Resources.A.Metadata\n'), 'conf:hook');
  assert.equal(kind('reload.cfg', '[r]\ntriggers: post.add\naction: /opt/x\n'), 'conf:hook');
  // INI that cfn-hup would not read as its own:
  assert.equal(kind('setup.cfg', '[metadata]\nname = x\n[main]\nfoo = 1\n'), 'skip');
  assert.equal(kind('tox.ini', '[tox]\nenvlist = py3\n'), 'skip');
  assert.equal(kind('a.conf', '[r]\ntriggers=post.update\n'), 'skip', 'triggers alone');
  assert.equal(kind('nginx.conf', 'server { listen 80; }'), 'skip');
});

test('classification is linear: a 5 MB line of spaces and brackets classifies at once', () => {
  const text = '['.repeat(1) + ' '.repeat(5_000_000) + '\n' + 'x'.repeat(1_000_000);
  assert.equal(kind('big', text), 'skip');
  assert.equal(kind('big.json', '{' + ' '.repeat(5_000_000)), 'skip');
});
