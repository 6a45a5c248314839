import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { createGateways } from '../../../src/aws/gateways';
import { maskSecrets } from '../../../src/aws/credentialChain';
import { FakeClock } from '../helpers/fakeAws';
import { startRecorded } from './helpers/recorded';

/**
 * A profile whose own source of credentials fails (its credential_process,
 * its source_profile): the message says so, with the SDK's reason (and the
 * helper's stderr), instead of "no credentials found, check that the profile
 * exists"; the command line, which may carry a secret, is never shown.
 */
const dir = mkdtempSync(join(tmpdir(), 'cfn-hup-credential-source-'));
const helper = (name: string, body: string) => {
  const file = join(dir, `${name}.js`);
  writeFileSync(file, body);
  return `"${process.execPath}" "${file}" --token sEcReT-123`;
};
const CONFIG = `
[profile proc3]
region = us-east-1
credential_process = ${helper('expired', "process.stderr.write('okta: session expired, run okta-login\\n'); process.exit(1);")}

[profile silent]
credential_process = ${helper('silent', 'process.exit(3);')}

[profile nojson]
credential_process = ${helper('nojson', "process.stdout.write('AccessKeyId=AKIA... not JSON');")}

[profile missing]
credential_process = ${join(dir, 'no-such-helper')}

[profile chained]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = absent

[profile viaproc]
role_arn = arn:aws:iam::123456789012:role/deploy
source_profile = proc3

[profile bare]
region = us-east-1
`;

async function status(args: string[], env: Record<string, string>) {
  const configFile = join(dir, 'config');
  writeFileSync(configFile, CONFIG);
  writeFileSync(join(dir, 'credentials'), '');
  const saved = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  // The SDK reads the shared files named in the process's environment.
  process.env.AWS_CONFIG_FILE = configFile;
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  const server = await startRecorded(() => ({ file: 'cloudformation/DescribeStacks-complete-41.xml' }));
  let stdout = '';
  let stderr = '';
  try {
    const code = await main(
      ['status', '--stack', 'fleet', '--endpoint-url', server.endpoint, ...args],
      {
        cwd: process.cwd(),
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        env: { AWS_REGION: 'us-east-1', AWS_CONFIG_FILE: configFile, ...env },
      },
      { gateways: createGateways, clock: new FakeClock(Date.now()), pollMs: 1000 },
    );
    assert.equal(server.requests.length, 0, 'no request without credentials');
    return { code, stdout, stderr };
  } finally {
    await server.close();
    for (const [key, value] of [
      ['AWS_CONFIG_FILE', saved.config],
      ['AWS_SHARED_CREDENTIALS_FILE', saved.credentials],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

test('a credential_process that fails: its own message, and the next step; never its command line', async () => {
  const cases: [string, RegExp][] = [
    ['proc3', /The credential_process behind profile "proc3" failed: okta: session expired, run okta-login\.\n/],
    ['silent', /The credential_process behind profile "silent" failed \(it printed nothing on stderr\)\.\n/],
    ['nojson', /The credential_process behind profile "nojson" failed: .*returned invalid JSON\.\n/],
    ['missing', /The credential_process behind profile "missing" failed: .*no-such-helper.*not found/i],
    ['viaproc', /The credential_process behind profile "viaproc" failed: okta: session expired, run okta-login\.\n/],
  ];
  for (const [profile, message] of cases) {
    const out = await status(['--profile', profile], {});
    assert.equal(out.code, 1, out.stderr);
    assert.match(out.stderr, message);
    assert.match(
      out.stderr,
      new RegExp(
        `Fix or refresh what the helper needs \\(e\\.g\\. run the login it asks for\\), check it with \`aws sts get-caller-identity --profile ${profile}\`, then try again\\.`,
      ),
    );
    assert.doesNotMatch(out.stderr, /No AWS credentials found|exists in ~\/\.aws\/config|sEcReT|AKIA|Command failed/);
  }
});

test('a source_profile that gives no credentials says so; a profile without credentials, also from AWS_PROFILE, is named', async () => {
  const chained = await status(['--profile', 'chained'], {});
  assert.equal(chained.code, 1);
  assert.match(
    chained.stderr,
    /Profile "chained" could not get credentials from its source profile, role or credential_source: .*\[absent\].*\nCheck source_profile, role_arn and credential_source of profile "chained"/,
  );
  const bare = await status(['--profile', 'bare'], {});
  assert.match(bare.stderr, /No AWS credentials found for profile "bare"\.\nCheck that profile "bare" exists/);
  const ghost = await status([], { AWS_PROFILE: 'ghost' });
  assert.equal(ghost.code, 1);
  assert.match(
    ghost.stderr,
    /No AWS credentials found for profile "ghost"\.\nCheck that profile "ghost" exists in ~\/\.aws\/config .*`aws configure --profile ghost`/,
  );
  const proc = await status([], { AWS_PROFILE: 'proc3' });
  assert.match(proc.stderr, /The credential_process behind profile "proc3" failed: okta: session expired/);
});

test('what a failing helper echoes of its secrets is masked; its words and paths stay readable', () => {
  assert.equal(maskSecrets('okta: session expired, run okta-login'), 'okta: session expired, run okta-login');
  assert.equal(maskSecrets('cached token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SIG'), 'cached token=***');
  assert.equal(
    maskSecrets('AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'),
    'AWS_SECRET_ACCESS_KEY: ***',
  );
  assert.equal(maskSecrets('session AQoDYXdzEJr1234567890abcdefghijklmnop expired'), 'session *** expired');
  assert.equal(maskSecrets('see /home/user/.aws/bin/okta-helper.sh'), 'see /home/user/.aws/bin/okta-helper.sh');
});
