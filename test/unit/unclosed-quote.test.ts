import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unclosedQuote } from '../../src/core/rules/unclosedQuote';
import { analyzeTemplate } from '../../src/core';
import { LINUX_YAML } from './helpers/templates';
import { replaceOnce } from './helpers/analyze';

/**
 * USERDATA-UNCLOSED-QUOTE must never call a script broken that bash runs: quotes in comments, quotes
 * inside the other kind, escapes and pseudo parameters are followed; constructs that change how quotes
 * pair make the scan give up instead of guessing.
 */
test('scripts bash runs: every quote closed, whatever surrounds it', () => {
  for (const script of [
    "#!/bin/bash\n# don't stop here\necho 'a' \"b\"\n",
    '#!/bin/bash\necho "it\'s fine"\n',
    '#!/bin/bash\necho \'say "hi"\'\n',
    "#!/bin/bash\necho it\\'s\n",
    '#!/bin/bash\necho "a \\" b"\n',
    '#!/bin/bash\necho "${AWS::Region}" \'x\'\n',
    "#!/bin/bash\necho $# 'x'\n",
    "#!/bin/bash\nyum install -y x # needs the repo's key\n",
  ])
    assert.equal(unclosedQuote(script), undefined, script);
});

test('a quote never closed: its offset', () => {
  const single = "#!/bin/bash\ncfn-hup || error_exit 'Failed to start cfn-hup\ncfn-signal -e $?\n";
  assert.equal(unclosedQuote(single), single.indexOf("'"));
  const double = '#!/bin/bash\necho "oops\ncfn-init -s x\n';
  assert.equal(unclosedQuote(double), double.indexOf('"'));
});

test('constructs the scan does not follow: it gives up rather than guess', () => {
  for (const script of [
    "#!/bin/bash\ncat <<EOF > /etc/motd\ndon't panic\nEOF\ncfn-init\n", // a heredoc body is not shell text
    "#!/bin/bash\necho $'it\\'s'\ncfn-init\n", // ANSI-C quoting takes escapes
    '#!/bin/bash\necho "$(echo "nested")\ncfn-init\n', // quotes nest in command substitution
    '#!/bin/bash\necho "${x:-"y}"\ncfn-init\n', // and in parameter expansion
    '#!/bin/bash\necho "`echo "a`"\ncfn-init\n',
  ])
    assert.equal(unclosedQuote(script), undefined, script);
});

test('reported only when cfn-init, cfn-hup or cfn-signal is among what never runs, and not for unknown values', () => {
  const ids = (text: string) => analyzeTemplate(text, { fileName: 't.yaml' }).findings.map((f) => f.ruleId);
  // The quote comes after cfn-init: cfn-init runs; the rule says nothing (out of its scope).
  const after = replaceOnce(
    LINUX_YAML,
    '--resource LaunchConfig --region ${AWS::Region}\n  Group:',
    "--resource LaunchConfig --region ${AWS::Region}\n          echo 'done\n  Group:",
  );
  assert.ok(!ids(after).includes('USERDATA-UNCLOSED-QUOTE'));
  // A parameter's value may hold the closing quote: silent.
  const withParam = replaceOnce(
    replaceOnce(
      LINUX_YAML,
      'BuildNumber:\n    Type: Number',
      'BuildNumber:\n    Type: Number\n  Greeting:\n    Type: String',
    ),
    '#!/bin/bash -xe\n',
    "#!/bin/bash -xe\n          echo 'hello ${Greeting}\n",
  );
  assert.ok(!ids(withParam).includes('USERDATA-UNCLOSED-QUOTE'));
  // The same with a pseudo parameter, which holds no quote: reported.
  const withPseudo = replaceOnce(
    LINUX_YAML,
    '#!/bin/bash -xe\n',
    "#!/bin/bash -xe\n          echo 'in ${AWS::Region}\n",
  );
  assert.ok(ids(withPseudo).includes('USERDATA-UNCLOSED-QUOTE'));
});
