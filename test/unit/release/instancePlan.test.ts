import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDeclarations } from '../../../src/core/release/declarations';
import { hookImpact } from '../../../src/core/release/hookImpact';
import { planInstances } from '../../../src/core/release/instancePlan/plan';
import { expandConfigSets } from '../../../src/core/release/instancePlan/configSets';
import { unifiedDiff } from '../../../src/core/release/instancePlan/lineDiff';
import { instancePlanLines, instancePlanMarkdown } from '../../../src/core/release/instancePlan/format';
import type { HookPlan } from '../../../src/core/release/instancePlan/types';

const PSEUDO = {
  'AWS::StackName': 'shop',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:123456789012:stack/shop/1',
  'AWS::Region': 'us-east-1',
};

interface Options {
  /** Extra Metadata keys beside the Init. */
  metadata?: Record<string, unknown>;
  /** The hook's path (default: the Init). */
  path?: string;
  /** The action's cfn-init arguments after --resource App. */
  initArgs?: string;
  windows?: boolean;
  parameters?: Record<string, unknown>;
  resources?: Record<string, unknown>;
}

/** A template whose resource App carries `init` plus the cfn-hup files (in a config of their own). */
function template(init: Record<string, unknown>, o: Options = {}): string {
  const dir = o.windows ? 'c:\\cfn' : '/etc/cfn';
  const sep = o.windows ? '\\' : '/';
  const program = o.windows ? 'cfn-init.exe' : '/opt/aws/bin/cfn-init';
  const hup = {
    [`${dir}${sep}cfn-hup.conf`]: {
      content: { 'Fn::Sub': '[main]\nstack=${AWS::StackName}\nregion=${AWS::Region}\ninterval=1\n' },
    },
    [`${dir}${sep}hooks.d${sep}reloader.conf`]: {
      content: {
        'Fn::Sub': `[reloader]\ntriggers=post.update\npath=${o.path ?? 'Resources.App.Metadata.AWS::CloudFormation::Init'}\naction=${program} -v --stack \${AWS::StackName} --resource App --region \${AWS::Region}${o.initArgs ?? ''}\n`,
      },
    },
  };
  const hasSets = 'configSets' in init;
  const fullInit = hasSets
    ? { ...init, hup: { files: hup } }
    : {
        ...init,
        config: {
          ...((init['config'] as object) ?? {}),
          files: { ...hup, ...((init['config'] as { files?: object })?.files ?? {}) },
        },
      };
  return JSON.stringify({
    Parameters: {
      BuildNumber: { Type: 'String', Default: '1' },
      Environment: { Type: 'String', Default: 'dev' },
      ...o.parameters,
    },
    Resources: {
      App: {
        Type: 'AWS::EC2::Instance',
        Metadata: { ...o.metadata, 'AWS::CloudFormation::Init': fullInit },
        Properties: {},
      },
      ...o.resources,
    },
  });
}

interface PlanCase {
  before?: string;
  params?: Record<string, string>;
  change?: Record<string, string>;
  modified?: string[];
}

function plan(text: string, c: PlanCase = {}): HookPlan[] {
  const d = readDeclarations(text);
  assert.ok(d.ok, 'template parses');
  const beforeModel = c.before ? (readDeclarations(c.before) as { model: typeof d.model }).model : undefined;
  const params = { BuildNumber: '41', Environment: 'dev', ...c.params };
  const before = { parameterValues: params, pseudoValues: PSEUDO };
  const after = { parameterValues: { ...params, ...(c.change ?? { BuildNumber: '42' }) }, pseudoValues: PSEUDO };
  const modifiedResources = new Set(c.modified ?? []);
  const firings = hookImpact({ model: d.model, beforeModel, before, after, modifiedResources });
  return planInstances({ model: d.model, beforeModel, before, after, firings, modifiedResources }).hooks;
}

function only(hooks: HookPlan[]): HookPlan {
  assert.equal(hooks.length, 1, 'exactly one hook fires');
  return hooks[0]!;
}

test('a BuildNumber in Fn::Sub changes the file: a line diff of the old and new content, and the service that watches it restarts', () => {
  const h = only(
    plan(
      template({
        config: {
          files: {
            '/etc/app/app.conf': {
              content: { 'Fn::Sub': 'name=shop\nbuild=${BuildNumber}\nenv=${Environment}\n' },
              mode: '000644',
            },
            '/etc/app/static.conf': { content: 'same every build\n' },
          },
          services: {
            sysvinit: { app: { enabled: true, ensureRunning: true, files: ['/etc/app/app.conf'] } },
            systemd: { other: { files: ['/etc/app/static.conf'] } },
          },
        },
      }),
    ),
  );
  assert.deepEqual(h.runs, [{ resource: 'App', configSets: ['default'], configs: ['config'], platform: 'linux' }]);
  assert.deepEqual(
    h.filesChanged.map((f) => [f.path, f.change]),
    [['/etc/app/app.conf', 'content']],
  );
  assert.equal(h.filesChanged[0]!.diff, '@@ -1,3 +1,3 @@\n name=shop\n-build=41\n+build=42\n env=dev');
  assert.deepEqual(h.servicesRestarted, [
    { config: 'config', name: 'app', manager: 'sysvinit', because: ['file /etc/app/app.conf changes'], certain: true },
  ]);
  assert.equal(h.changesNothing, false);
});

test('a BuildNumber in Fn::Join changes the file it renders', () => {
  const h = only(
    plan(
      template({
        config: {
          files: {
            '/opt/app/VERSION': { content: { 'Fn::Join': ['', ['release-', { Ref: 'BuildNumber' }, '\n']] } },
          },
        },
      }),
    ),
  );
  assert.equal(h.filesChanged.length, 1);
  assert.equal(h.filesChanged[0]!.change, 'content');
  assert.match(h.filesChanged[0]!.diff!, /-release-41\n\+release-42/);
});

test('a mode change alone is applied but not counted as a change: the service that watches the file does not restart', () => {
  const init = (mode: string) => ({
    config: {
      files: { '/etc/app/app.conf': { content: { 'Fn::Sub': 'build=${BuildNumber}' }, mode } },
      services: { sysvinit: { app: { files: ['/etc/app/app.conf'] } } },
    },
  });
  // An update from a new template that changes only the mode (BuildNumber unchanged) and watches the whole resource.
  const h = only(
    plan(template(init('000600'), { path: 'Resources.App.Metadata' }), {
      before: template(init('000644'), { path: 'Resources.App.Metadata' }),
      change: {},
    }),
  );
  assert.deepEqual(
    h.filesChanged.map((f) => [f.path, f.change, f.mode]),
    [['/etc/app/app.conf', 'attributes', { before: '000644', after: '000600' }]],
  );
  assert.deepEqual(h.servicesRestarted, []);
  // With the content changing too, both are listed and the service restarts.
  const both = only(plan(template(init('000600')), { before: template(init('000644')) }));
  assert.equal(both.filesChanged[0]!.change, 'content');
  assert.deepEqual(both.filesChanged[0]!.mode, { before: '000644', after: '000600' });
  assert.equal(both.servicesRestarted.length, 1);
});

test('content not known offline is marked, never guessed: an attribute of a resource the update modifies may change', () => {
  const text = template(
    {
      config: {
        files: {
          '/etc/app/db.conf': { content: { 'Fn::Sub': 'host=${Db.Endpoint.Address}\n' } },
          '/etc/app/build.conf': { content: { 'Fn::Sub': 'build=${BuildNumber}\nhost=${Db.Endpoint.Address}\n' } },
        },
        services: { sysvinit: { app: { files: ['/etc/app/db.conf'] } } },
      },
    },
    { resources: { Db: { Type: 'AWS::RDS::DBInstance', Properties: {} } } },
  );
  const h = only(plan(text, { modified: ['App', 'Db'] }));
  const byPath = Object.fromEntries(h.filesChanged.map((f) => [f.path, f]));
  assert.equal(byPath['/etc/app/db.conf']!.change, 'may-change');
  assert.deepEqual(byPath['/etc/app/db.conf']!.unknown, ['Db.Endpoint.Address']);
  assert.equal(byPath['/etc/app/db.conf']!.diff, undefined);
  assert.equal(byPath['/etc/app/build.conf']!.change, 'content');
  assert.match(byPath['/etc/app/build.conf']!.diff!, /\+build=42/);
  assert.match(byPath['/etc/app/build.conf']!.diff!, / host=\$\{Db\.Endpoint\.Address\}/);
  assert.deepEqual(h.servicesRestarted[0]!.certain, false);
  assert.deepEqual(h.servicesRestarted[0]!.because, ['file /etc/app/db.conf may change']);
  // When the update does not touch Db, the same placeholder stands for the same value: unchanged.
  const quiet = only(plan(text, { modified: ['App'] }));
  assert.deepEqual(
    quiet.filesChanged.map((f) => f.path),
    ['/etc/app/build.conf'],
  );
});

test('a NoEcho build parameter: the file is known to change, but its value never appears in the diff', () => {
  const text = template(
    { config: { files: { '/etc/app/secret.conf': { content: { 'Fn::Sub': 'token=${Token}\n' } } } } },
    { parameters: { Token: { Type: 'String', NoEcho: true } } },
  );
  const h = only(plan(text, { params: { Token: '****' }, change: { Token: 's3cr3t-value' } }));
  assert.equal(h.filesChanged[0]!.change, 'content');
  assert.equal(h.filesChanged[0]!.diff, undefined);
  assert.match(h.filesChanged[0]!.note!, /not shown \(NoEcho\)/);
  assert.doesNotMatch(JSON.stringify(h), /s3cr3t-value/);
  assert.doesNotMatch(instancePlanLines({ hooks: [h] }).join('\n'), /s3cr3t-value/);
});

test('commands: all of them, in cfn-init order (sorted by name), test guards conditional, ignoreErrors/cwd/env shown', () => {
  const h = only(
    plan(
      template({
        config: {
          files: { '/opt/app/build': { content: { Ref: 'BuildNumber' } } },
          commands: {
            '2_restart': { command: 'systemctl restart app', ignoreErrors: 'on' },
            '10_migrate': {
              command: ['/opt/app/migrate', '--to', { Ref: 'BuildNumber' }],
              test: 'test -x /opt/app/migrate',
              ignoreErrors: 'yes',
            },
            '01_fetch': { command: 'aws s3 cp s3://b/app.tgz .', cwd: '/opt/app', env: { HOME: '/root' } },
          },
        },
      }),
    ),
  );
  assert.deepEqual(
    h.commandsRun.map((c) => [c.name, c.conditional, c.ignoreErrors, c.changed]),
    [
      ['01_fetch', false, false, false],
      ['10_migrate', true, true, true],
      ['2_restart', false, false, false],
    ],
  );
  const migrate = h.commandsRun[1]!;
  assert.deepEqual(migrate.command, ['/opt/app/migrate', '--to', '42']);
  assert.equal(migrate.test, 'test -x /opt/app/migrate');
  assert.equal(h.commandsRun[0]!.cwd, '/opt/app');
  assert.deepEqual(h.commandsRun[0]!.env, { HOME: '/root' });
  assert.equal(h.commandsRun[0]!.waitAfterCompletion, undefined, 'no waitAfterCompletion on Linux');
  const text = instancePlanLines({ hooks: [h] }).join('\n');
  assert.match(text, /commands \(all 3, in this order; cfn-init runs every command on every run, changed or not\):/);
  assert.match(text, /10_migrate \[config\]: .*only if test passes: test -x \/opt\/app\/migrate; ignoreErrors/);
});

test('services restart through their commands watch list: always for a command that runs, possibly for a guarded one', () => {
  const h = only(
    plan(
      template({
        config: {
          files: { '/opt/app/build': { content: { Ref: 'BuildNumber' } } },
          commands: { deploy: { command: 'deploy' }, maybe: { command: 'x', test: 'false' } },
          services: {
            systemd: {
              app: { commands: ['deploy'] },
              worker: { commands: ['maybe'] },
              idle: { commands: ['not-a-command'], files: ['/opt/app/other'] },
            },
          },
        },
      }),
    ),
  );
  assert.deepEqual(
    h.servicesRestarted.map((s) => [s.name, s.manager, s.certain, s.because]),
    [
      ['app', 'systemd', true, ['command deploy runs']],
      ['worker', 'systemd', false, ['command maybe runs if its test passes']],
    ],
  );
});

test('a hook fires but nothing on the instance differs: the plan says so explicitly', () => {
  const h = only(
    plan(
      template(
        { config: { files: { '/etc/app/app.conf': { content: 'static\n' } }, commands: { a: { command: 'true' } } } },
        { metadata: { Build: { Ref: 'BuildNumber' } }, path: 'Resources.App.Metadata' },
      ),
    ),
  );
  assert.equal(h.changesNothing, true);
  assert.deepEqual(h.filesChanged, []);
  assert.equal(h.commandsRun.length, 1);
  const text = instancePlanLines({ hooks: [h] }).join('\n');
  assert.match(text, /Nothing changes on the instance: no file, package, source URL, user, group or command differs/);
  assert.match(text, /The 1 command\(s\) run again anyway: cfn-init runs every command on every run/);
  assert.match(instancePlanMarkdown({ hooks: [h] }, 'Release plan'), /\*\*Nothing changes on the instance/);
});

test('Windows: backslash paths, cfn-init.exe, waitAfterCompletion (default 60), windows services, owner ignored', () => {
  const h = only(
    plan(
      template(
        {
          config: {
            files: {
              'c:\\app\\app.config': {
                content: { 'Fn::Sub': '<build>${BuildNumber}</build>' },
                owner: 'Administrator',
              },
            },
            commands: {
              '1-install': { command: 'powershell.exe -File c:\\app\\install.ps1', waitAfterCompletion: 'forever' },
              '2-warm': { command: 'c:\\app\\warm.cmd', runas: 'app' },
            },
            services: { windows: { AppSvc: { files: ['c:\\app\\app.config'] } } },
          },
        },
        { windows: true },
      ),
    ),
  );
  assert.equal(h.runs[0]!.platform, 'windows');
  assert.deepEqual(
    h.filesChanged.map((f) => [f.path, f.change, f.owner]),
    [['c:\\app\\app.config', 'content', undefined]],
  );
  assert.deepEqual(
    h.commandsRun.map((c) => [c.name, c.waitAfterCompletion]),
    [
      ['1-install', 'forever'],
      ['2-warm', 60],
    ],
  );
  assert.deepEqual(h.commandsRun[1]!.problems, ['fails on Windows: runas is not supported']);
  assert.deepEqual(
    h.servicesRestarted.map((s) => [s.manager, s.name, s.certain]),
    [['windows', 'AppSvc', true]],
  );
});

test('configSets: -c names run in order, included configSets expanded in place, configs in their order', () => {
  const init = {
    configSets: {
      default: [{ ConfigSet: 'base' }, 'app'],
      base: ['setup', { ConfigSet: 'tools' }],
      tools: 'tooling',
      deploy: ['app'],
    },
    setup: { files: { '/etc/setup': { content: { 'Fn::Sub': 'setup ${BuildNumber}' } } } },
    tooling: { commands: { t: { command: 'tools' } } },
    app: {
      files: { '/etc/app': { content: { 'Fn::Sub': 'app ${BuildNumber}' } } },
      commands: { a: { command: 'app' } },
    },
  };
  assert.deepEqual(expandConfigSets({ 'AWS::CloudFormation::Init': init }, ['default']), {
    ok: true,
    configs: ['setup', 'tooling', 'app'].map((name) => ({ name, config: (init as Record<string, unknown>)[name] })),
  });
  const h = only(plan(template(init, { initArgs: ' -c deploy,default' })));
  assert.deepEqual(h.runs[0]!.configSets, ['deploy', 'default']);
  assert.deepEqual(h.runs[0]!.configs, ['app', 'setup', 'tooling', 'app']);
  assert.deepEqual(
    h.commandsRun.map((c) => `${c.config}/${c.name}`),
    ['app/a', 'tooling/t', 'app/a'],
  );
  // The second write of /etc/app in the same run is compared with the first: only one change.
  assert.deepEqual(
    h.filesChanged.map((f) => f.path),
    ['/etc/app', '/etc/setup'],
  );
});

test('configSet errors are cfn-init failures, said plainly', () => {
  const md = (init: unknown) => ({ 'AWS::CloudFormation::Init': init });
  const err = (init: unknown, sets: string[]) => {
    const r = expandConfigSets(md(init), sets);
    assert.equal(r.ok, false);
    return (r as { error: string }).error;
  };
  assert.match(err({ configSets: { a: ['x'] }, x: {} }, ['default']), /no configSet named "default"/);
  assert.match(err({ configSets: { a: [{ ConfigSet: 'b' }], b: [{ ConfigSet: 'a' }] } }, ['a']), /circular/);
  assert.match(err({ configSets: { a: ['missing'] } }, ['a']), /no config named "missing"/);
  assert.match(err({ config: {} }, ['install']), /no configSet named "install"/);
  assert.match(err({}, ['default']), /does nothing/);
  // ' b' is not 'b': cfn-init does not strip the names it splits from -c.
  const h = only(
    plan(
      template(
        { configSets: { a: ['x'], b: ['x'] }, x: { files: { '/b': { content: { Ref: 'BuildNumber' } } } } },
        { initArgs: ' -c "a, b"' },
      ),
    ),
  );
  assert.match(h.runs[0]!.error!, /no configSet named " b"/);
  assert.equal(h.changesNothing, false);
});

test('packages, sources, users and groups: a source URL with the build restarts the service that watches it', () => {
  const h = only(
    plan(
      template({
        config: {
          packages: { yum: { app: [{ Ref: 'BuildNumber' }], nginx: [] }, rpm: { tool: 'https://x/tool.rpm' } },
          groups: { app: {} },
          users: { app: { groups: ['app'], homeDir: '/opt/app' } },
          sources: {
            '/opt/app': { 'Fn::Sub': 'https://artifacts.example.com/app-${BuildNumber}.tgz' },
            '/opt/static': 'https://artifacts.example.com/static.tgz',
          },
          services: { sysvinit: { app: { sources: ['/opt/app'], packages: { yum: ['app'] } } } },
        },
      }),
    ),
  );
  assert.deepEqual(h.packagesChanged, [
    { config: 'config', manager: 'yum', name: 'app', change: 'version', before: '41', after: '42' },
  ]);
  assert.deepEqual(
    h.sourcesExtracted.map((s) => [s.path, s.change, s.url, s.before]),
    [
      ['/opt/app', 'url', 'https://artifacts.example.com/app-42.tgz', 'https://artifacts.example.com/app-41.tgz'],
      ['/opt/static', 'same', 'https://artifacts.example.com/static.tgz', undefined],
    ],
  );
  assert.deepEqual(h.usersChanged, []);
  assert.deepEqual(h.groupsChanged, []);
  assert.deepEqual(h.servicesRestarted[0]!.because, [
    'source /opt/app is extracted (on every run)',
    'package yum/app changes version',
  ]);
});

test('a file dropped from the Metadata is left on the instance; a new file is created', () => {
  const before = template({
    config: { files: { '/etc/old.conf': { content: 'old' }, '/etc/b': { content: { Ref: 'BuildNumber' } } } },
  });
  const after = template({
    config: { files: { '/etc/new.conf': { content: 'new\n' }, '/etc/b': { content: { Ref: 'BuildNumber' } } } },
  });
  const h = only(plan(after, { before }));
  assert.deepEqual(
    h.filesChanged.map((f) => [f.path, f.change]),
    [
      ['/etc/b', 'content'],
      ['/etc/new.conf', 'created'],
      ['/etc/old.conf', 'no-longer-managed'],
    ],
  );
  assert.equal(h.filesChanged[1]!.diff, '@@ -0,0 +1,1 @@\n+new');
});

test('an action that does not run cfn-init is said to be unknown, not planned', () => {
  const text = template({ config: { files: { '/b': { content: { Ref: 'BuildNumber' } } } } }).replace(
    '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource App --region ${AWS::Region}',
    '/usr/local/bin/deploy.sh',
  );
  const h = only(plan(text));
  assert.deepEqual(h.runs, []);
  assert.equal(h.changesNothing, false);
  assert.match(h.notes[0]!, /does not run cfn-init/);
});

test('unified diff: hunks with 3 lines of context, far-apart changes in separate hunks', () => {
  const a = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
  const b = a.replace('line 2\n', 'line two\n').replace('line 18\n', '');
  assert.equal(
    unifiedDiff(a, b),
    [
      '@@ -1,5 +1,5 @@',
      ' line 1',
      '-line 2',
      '+line two',
      ' line 3',
      ' line 4',
      ' line 5',
      '@@ -15,6 +15,5 @@',
      ' line 15',
      ' line 16',
      ' line 17',
      '-line 18',
      ' line 19',
      ' line 20',
    ].join('\n'),
  );
  assert.equal(unifiedDiff('same\n', 'same\n'), '');
  assert.equal(unifiedDiff('', 'x'), '@@ -0,0 +1,1 @@\n+x');
});
