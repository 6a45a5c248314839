/**
 * UserData cloud-init never runs. On Linux, cloud-init acts only on user data of a type it knows,
 * told by how the text begins: a script must start with `#!`. Anything else (`#/bin/bash`, a first
 * line that is a command) is "text/plain" and ignored, so the cfn-init in it never runs, the Init and
 * its cfn-hup set-up are never applied, and no update ever reaches the instance. Found by the tenth
 * fresh sample (`#/bin/bash`).
 */
import type { Rule } from './rule';
import { scriptKind } from './userData';
import { fix, replaceRenderedRange } from './util';
import { callsIn } from './shared';

/**
 * The beginnings cloud-init recognises (cloud-init docs, User-Data Formats; it compares case-blind,
 * after leading blanks): scripts, cloud-config, includes, boothooks, part handlers, upstart jobs,
 * Jinja templates and MIME parts.
 */
const CLOUD_INIT_TYPES = [
  '#!',
  '#cloud-config',
  '#include',
  '#cloud-boothook',
  '#part-handler',
  '#upstart-job',
  '## template: jinja',
  'content-type:',
];

export const userDataNotRun: Rule = {
  id: 'USERDATA-NOT-RUN',
  severity: 'warning',
  title: 'UserData that cloud-init never runs',
  doc: {
    why: 'On Linux, cloud-init runs user data as a script only when it begins with "#!" (or is cloud-config, an include, a MIME archive, …, each told by its first characters). A script that begins otherwise, "#/bin/bash" for one, is plain text to cloud-init and is never run: the cfn-init in it never applies the Init or its cfn-hup set-up, and no update reaches the instance. Reported only for Linux UserData that calls cfn-init and whose first line is in the template; Windows UserData (<script>, <powershell>, EC2Launch v2 YAML tasks, cfn-init.exe) is run by EC2Launch, not cloud-init.',
    source:
      'cloud-init docs, User-Data Formats ("User-Data Script: begins with #! or Content-Type: text/x-shellscript")',
    bad: 'UserData: !Base64 |\n  #/bin/bash\n  /opt/aws/bin/cfn-init -v --stack … --resource … --region …',
    good: 'UserData: !Base64 |\n  #!/bin/bash\n  /opt/aws/bin/cfn-init -v --stack … --resource … --region …',
  },
  check(ctx) {
    for (const ud of ctx.model.userData) {
      const r = ud.rendered;
      const calls = callsIn(ctx.model, r);
      if (calls.length === 0) continue; // no cfn-init in it
      if (calls.some((c) => c.call.windows)) continue; // cfn-init.exe: Windows, where EC2Launch runs user data
      const text = r.text;
      const start = text.search(/\S/);
      if (start < 0 || r.isOpaque(start, start + 1)) continue; // begins with a template value
      const begin = text.slice(start, start + 40).toLowerCase();
      if (CLOUD_INIT_TYPES.some((t) => begin.startsWith(t))) continue;
      if (/^version:/.test(begin)) continue; // EC2Launch v2's YAML tasks (Windows)
      if (/mime-version:/i.test(text.slice(0, 4096))) continue; // a MIME archive
      if (scriptKind(text) !== undefined || /<persist>/i.test(text)) continue; // Windows: EC2Launch runs it
      const init = ctx.model.initsById.get(ud.resource.logicalId);
      if (init?.os === 'windows') continue;
      const lineEnd = text.indexOf('\n', start);
      const first = text.slice(start, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
      // A shebang mistyped (`#/bin/bash`, `# !/bin/sh`, `!#/bin/bash`): the fix writes it as one.
      const typo = /^(?:#\s*!?|!#)\s*\/(?:\S*sh\b|\S*\/env\s)/.test(first);
      const shebang = first.replace(/^(?:#\s*!?|!#)\s*/, '#!');
      // Keeps the `#` (edits may not write one into every scalar style): `#/` becomes `#!/`.
      const prefix = /^#\s*!?\s*/.exec(first)?.[0];
      const edits =
        typo && prefix
          ? replaceRenderedRange(
              ctx.model.model.root,
              r,
              start + 1,
              start + prefix.length + 1,
              '!' + first[prefix.length]!,
            )
          : undefined;
      ctx.report({
        ...r.sourceRange(start, start + first.length),
        message: `The UserData of "${ud.resource.logicalId}" begins with "${first.length > 40 ? first.slice(0, 37) + '…' : first}", not "#!": cloud-init takes it for plain text and never runs it, so cfn-init never applies the Init (nor its cfn-hup set-up) and no update reaches the instance.${typo ? ` Write the first line as "${shebang}".` : ' Begin the script with "#!/bin/bash".'}`,
        fix: fix(`Write "${shebang}"`, edits),
      });
    }
  },
};
