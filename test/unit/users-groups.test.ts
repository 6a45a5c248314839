import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINUX_YAML } from './helpers/templates';
import { findings, replaceOnce } from './helpers/analyze';

/**
 * users and groups as cfn-init reads them (user_group_tools.py, posix_security.py): keys it never reads,
 * and a user's groups given as one name, which cfn-init iterates letter by letter.
 */
const withSections = (sections: string) =>
  replaceOnce(LINUX_YAML, '        config:\n          files:\n', `        config:\n${sections}          files:\n`);
const ids = (text: string) =>
  findings(text)
    .filter((f) => f.ruleId.startsWith('USER-'))
    .map((f) => f.ruleId);

test('the keys cfn-init reads, a list of groups, and values from intrinsics: silent', () => {
  const good = `          groups:
            docker: {}
            app: {gid: "501"}
          users:
            app:
              groups: [docker, app]
              homeDir: /opt/app
              uid: 501
            ops:
              groups: !If [IsProd, [docker], [app]]
            ci:
              groups: !Ref AWS::NoValue
`;
  assert.deepEqual(ids(withSections(good)), []);
});

test('homedir, Groups, UID and a group Gid: each reported with the key cfn-init reads', () => {
  const text = withSections(`          groups:
            app: {Gid: "501"}
          users:
            app:
              homedir: /opt/app
              Groups: [app]
              UID: 501
`);
  const found = findings(text).filter((f) => f.ruleId === 'USER-UNKNOWN-KEY');
  assert.deepEqual(
    found.map((f) => /did you mean "(\w+)"/.exec(f.message)?.[1]),
    ['gid', 'homeDir', 'groups', 'uid'],
  );
  assert.ok(found.every((f) => f.severity === 'warning'));
});

test("a user's groups as one name: an error that names the letter cfn-init looks up", () => {
  const [f] = findings(withSections('          users:\n            app:\n              groups: docker\n')).filter(
    (x) => x.ruleId === 'USER-GROUPS-NOT-LIST',
  );
  assert.equal(f?.severity, 'error');
  assert.match(f!.message, /a group "d" and fails config "config"/);
  // An empty string iterates nothing: cfn-init adds no group and goes on.
  assert.deepEqual(ids(withSections('          users:\n            app:\n              groups: ""\n')), []);
});
