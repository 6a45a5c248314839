import type { Rule, RuleContext } from './rule';
import type { LocatedCall } from '../cfnhup/model';
import { INIT_KEY, initOf } from '../cfnhup/model';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';
import { closest, fix, isMisspeltInitKey, replaceRenderedRange, type Range } from './util';
import { entries } from '../template/model';
import { intrinsicName } from '../template/ast';

function callRange(c: LocatedCall, from: number, to: number): Range {
  return c.rendered.sourceRange(from, Math.max(to, from + 1));
}

function where(c: LocatedCall): string {
  return c.site === 'hook'
    ? `Hook [${c.hook!.section.name}]`
    : c.site === 'userdata'
      ? `UserData of "${c.owner.logicalId}"`
      : `A command of "${c.owner.logicalId}"`;
}

/** The stack a call reads from is this one (an opaque AWS::StackName / AWS::StackId), or unknown. */
function targetsThisStack(c: LocatedCall): boolean {
  const s = optionValue(c.call, 'stack')?.value;
  if (!s) return false;
  const unknown = c.rendered.opaqueAt(s.start, s.end);
  if (unknown.length === 0) return false;
  for (const o of unknown) if (o.name !== 'AWS::StackName' && o.name !== 'AWS::StackId') return false;
  return true;
}

export const initCliStackResource: Rule = {
  id: 'INIT-CLI-STACK-RESOURCE',
  severity: 'error',
  conf: true,
  title: 'cfn-init needs both --stack and --resource',
  doc: {
    why: 'cfn-init exits with "You must specify both a stack name and logical resource id" when one of them is missing.',
    source: 'aws-cfn-bootstrap bin/cfn-init L83-100',
    bad: '/opt/aws/bin/cfn-init -v --resource LaunchConfig --region ${AWS::Region}',
    good: '/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}',
  },
  check(ctx) {
    for (const c of ctx.model.calls) {
      const hasStack = !!optionValue(c.call, 'stack');
      const hasResource = !!optionValue(c.call, 'resource');
      if (hasStack === hasResource) continue;
      // An unknown or glued option may be the missing one: their own rules explain the call.
      if ((c.call.unknownOptions.length || c.call.ambiguousOptions.length) && ctx.isEnabled('INIT-CLI-UNKNOWN-OPTION'))
        continue;
      if (c.call.gluedOptions.length && ctx.isEnabled('INIT-CLI-GLUED-TOKENS')) continue;
      if (c.call.expansions.length || c.call.positionals.some((w) => c.rendered.isOpaque(w.start, w.end))) continue; // an unknown value could hold the option
      ctx.report({
        ...callRange(c, c.call.program.start, c.call.program.end),
        message: `${where(c)} runs cfn-init with ${hasStack ? '--stack but no --resource' : '--resource but no --stack'}: cfn-init exits with an error and nothing is applied. Pass both.`,
      });
    }
  },
};

export const initCliUnknownOption: Rule = {
  id: 'INIT-CLI-UNKNOWN-OPTION',
  severity: 'error',
  conf: true,
  title: 'Unknown cfn-init option',
  doc: {
    why: 'cfn-init exits with a usage error on an option it does not know (unambiguous prefixes such as --configset are fine).',
    source: 'aws-cfn-bootstrap bin/cfn-init L32-63 (optparse)',
    bad: 'cfn-init --stack-name ${AWS::StackName} --resource-id LaunchConfig',
    good: 'cfn-init --stack ${AWS::StackName} --resource LaunchConfig',
  },
  check(ctx) {
    for (const c of ctx.model.calls) {
      for (const w of [...c.call.unknownOptions, ...c.call.ambiguousOptions]) {
        if (c.rendered.isOpaque(w.start, w.end)) continue;
        const ambiguous = c.call.ambiguousOptions.includes(w);
        ctx.report({
          ...callRange(c, w.start, w.end),
          message: `${where(c)}: cfn-init ${ambiguous ? 'cannot tell which option' : 'has no option'} "${w.text}"${ambiguous ? ' means' : ''}: it exits with a usage error and nothing is applied. Use -s/--stack, -r/--resource, -c/--configsets, --region.`,
        });
      }
    }
  },
};

export const initCliPositional: Rule = {
  id: 'INIT-CLI-POSITIONAL',
  severity: 'error',
  conf: true,
  title: 'Stray argument to cfn-init',
  doc: {
    why: 'A stray word next to --stack/--resource makes cfn-init exit with "cannot specify more than one input source". Typical causes: `-c a, b`, a single-dash `-resource X` (read as -r "esource" plus "X").',
    source: 'aws-cfn-bootstrap bin/cfn-init L83-92',
    bad: 'cfn-init -v --stack ${AWS::StackName} -resource WebServerInstance',
    good: 'cfn-init -v --stack ${AWS::StackName} --resource WebServerInstance',
  },
  check(ctx) {
    for (const c of ctx.model.calls) {
      if (!optionValue(c.call, 'stack') && !optionValue(c.call, 'resource')) continue;
      for (const w of c.call.positionals) {
        if (c.rendered.isOpaque(w.start, w.end) || w.text === '') continue;
        const single = c.call.options.find(
          (o) => o.written.length === 2 && o.value && o.value.text.length > 2 && o.value.start === o.start + 2,
        );
        ctx.report({
          ...callRange(c, w.start, w.end),
          message: `${where(c)}: cfn-init gets a stray argument "${w.text}"${single ? ` ("${c.rendered.text.slice(single.start, single.end)}" is read as ${single.written} "${single.value!.text}"; long options need two dashes)` : ''}: it exits with "cannot specify more than one input source" and nothing is applied.`,
        });
      }
    }
  },
};

export const initCliGluedTokens: Rule = {
  id: 'INIT-CLI-GLUED-TOKENS',
  severity: 'error',
  conf: true,
  title: 'cfn-init option glued to the previous word',
  doc: {
    why: 'Pieces of an Fn::Join without spaces produce `-v--stack` or `Name--resource`: cfn-init sees an unknown option or a wrong value.',
    source: 'shell word splitting; aws-cfn-bootstrap bin/cfn-init',
    bad: '{ "Fn::Join": ["", ["cfn-init -v", "--stack ", { "Ref": "AWS::StackName" }]] }',
    good: '{ "Fn::Join": ["", ["cfn-init -v ", "--stack ", { "Ref": "AWS::StackName" }]] }',
  },
  check(ctx) {
    for (const c of ctx.model.calls) {
      for (const w of c.call.gluedOptions) {
        const at = w.text.search(/--[a-z]/i);
        const i = w.start + (at > 0 ? at : 0);
        ctx.report({
          ...callRange(c, w.start, w.end),
          message: `${where(c)}: "${w.text}" has no space before "${w.text.slice(at)}": cfn-init reads one word and fails. Add a space at index ${i - w.start}.`,
        });
      }
    }
  },
};

export const initCliResourceUnknown: Rule = {
  id: 'INIT-CLI-RESOURCE-UNKNOWN',
  severity: 'error',
  title: 'cfn-init --resource names a resource that does not exist',
  doc: {
    why: 'cfn-init asks CloudFormation for the metadata of that logical id in this stack; it does not exist, so cfn-init fails and nothing is applied.',
    source: 'aws-cfn-bootstrap cfn_client.py; seen in AWS sample ELBGuidedAutoScalingRollingUpgrade',
    bad: '--resource WebServerInstance (the resource is LaunchConfig)',
    good: '--resource LaunchConfig',
  },
  check(ctx) {
    for (const c of ctx.model.calls) {
      const r = optionValue(c.call, 'resource')?.value;
      // Cheapest tests first (each only decides to go on): most calls name a resource of the template.
      if (!r || ctx.model.model.resources.has(r.text) || isUnknownWord(c.rendered, r) || !targetsThisStack(c)) continue;
      if (
        c.call.positionals.length > 0 &&
        r.start > 0 &&
        c.rendered.text[r.start - 1] === 'r' &&
        c.rendered.text[r.start - 2] === '-' &&
        ctx.isEnabled('INIT-CLI-POSITIONAL')
      )
        continue; // `-resource X`: INIT-CLI-POSITIONAL explains
      const withInit = ctx.model.inits.map((i) => i.resource.logicalId);
      const intended =
        c.site === 'userdata' || c.site === 'command'
          ? initOf(ctx.model, c.owner.logicalId)
            ? c.owner.logicalId
            : undefined
          : hookIntended(ctx, c);
      const suggestion = intended ?? (withInit.length === 1 ? withInit[0] : closest(r.text, withInit));
      const edits = suggestion
        ? replaceRenderedRange(ctx.model.model.root, c.rendered, r.start, r.end, suggestion)
        : undefined;
      ctx.report({
        ...callRange(c, r.start, r.end),
        message: `${where(c)}: cfn-init --resource "${r.text}" is not a resource of this template: cfn-init fails and nothing is applied.${suggestion ? ` The Init is on "${suggestion}".` : ''}`,
        fix: fix(`Use --resource ${suggestion}`, edits),
      });
    }
  },
};

function hookIntended(ctx: RuleContext, c: LocatedCall): string | undefined {
  const path = c.hook?.path?.value;
  const id = path ? /^resources\.([^.]+)/i.exec(path.trim())?.[1] : undefined;
  if (id && initOf(ctx.model, id)) return id;
  return initOf(ctx.model, c.owner.logicalId) ? c.owner.logicalId : undefined;
}

export const initCliResourceNoInit: Rule = {
  id: 'INIT-CLI-RESOURCE-NO-INIT',
  severity: 'error',
  title: 'cfn-init --resource names a resource without Init',
  doc: {
    why: 'Without Metadata cfn-init exits 1; with Metadata but no AWS::CloudFormation::Init it exits 0 having done nothing, so cfn-signal even reports success.',
    source: 'aws-cfn-bootstrap bin/cfn-init L149-151, L168-186',
    bad: '--resource MyASG (the Init is on the launch template)',
    good: '--resource MyLaunchTemplate',
  },
  check(ctx) {
    for (const c of ctx.model.calls) {
      const r = optionValue(c.call, 'resource')?.value;
      // Cheapest tests first (each only decides to go on): most calls name the resource with the Init.
      if (!r || initOf(ctx.model, r.text) || isUnknownWord(c.rendered, r) || !targetsThisStack(c)) continue;
      const resource = ctx.model.model.resources.get(r.text);
      if (!resource) continue;
      if (entries(resource.metadata).some((p) => isMisspeltInitKey(p.key)) && ctx.isEnabled('INIT-KEY-CASE')) continue; // INIT-KEY-CASE explains it, at the key
      const withInit = ctx.model.inits.map((i) => i.resource.logicalId);
      const suggestion = withInit.length === 1 ? withInit[0] : undefined;
      const hasMetadata = !!resource.metadata;
      ctx.report({
        ...callRange(c, r.start, r.end),
        message: `${where(c)}: cfn-init --resource "${r.text}" has ${hasMetadata ? `no ${INIT_KEY}: cfn-init exits 0 having done nothing (cfn-signal reports success)` : 'no Metadata: cfn-init exits with an error'}.${suggestion ? ` The Init is on "${suggestion}".` : ''}`,
        fix: suggestion
          ? fix(
              `Use --resource ${suggestion}`,
              replaceRenderedRange(ctx.model.model.root, c.rendered, r.start, r.end, suggestion),
            )
          : undefined,
      });
    }
  },
};

export const initCliRegionMissing: Rule = {
  id: 'INIT-CLI-REGION-MISSING',
  severity: 'warning',
  conf: true,
  title: 'cfn-init without --region',
  doc: {
    why: 'cfn-init defaults to us-east-1; in any other region it cannot find the stack.',
    source: 'aws-cfn-bootstrap bin/cfn-init L53-54; cfn-init docs',
    bad: 'cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig',
    good: 'cfn-init -v --stack ${AWS::StackName} --resource LaunchConfig --region ${AWS::Region}',
  },
  check(ctx) {
    for (const c of ctx.model.calls) {
      if (optionValue(c.call, 'region') || optionValue(c.call, 'url') || !optionValue(c.call, 'stack')) continue;
      if (c.call.expansions.length) continue; // "$ARGS" may carry --region
      const last = c.call.options[c.call.options.length - 1]!;
      if (c.rendered.isOpaque(last.end, last.end + 1)) continue;
      const s = optionValue(c.call, 'stack')!.value;
      if (s && /^arn:aws[\w-]*:cloudformation:/.test(s.text)) continue;
      ctx.report({
        ...callRange(c, c.call.program.start, c.call.program.end),
        message: `${where(c)} runs cfn-init without --region: it looks for the stack in us-east-1 and fails in any other region. Add "--region \${AWS::Region}".`,
      });
    }
  },
};

export const initCliConfigsetUndefined: Rule = {
  id: 'INIT-CLI-CONFIGSET-UNDEFINED',
  severity: 'error',
  title: 'cfn-init -c names an undefined configSet',
  doc: {
    why: 'cfn-init fails with "no ConfigSet named X exists". Items of -c are not trimmed (`-c "a, b"` asks for " b"), and without -c a configSet named `default` must exist when configSets are defined.',
    source: 'aws-cfn-bootstrap construction.py L406-407, L514-517; bin/cfn-init L108-110',
    bad: '--configsets InstallAndRun (only full_install is defined)',
    good: '--configsets full_install',
  },
  check(ctx) {
    for (const c of ctx.model.calls) {
      const r = optionValue(c.call, 'resource')?.value;
      if (!r || isUnknownWord(c.rendered, r)) continue;
      const init = initOf(ctx.model, r.text);
      if (!init || !targetsThisStack(c)) continue;
      const setsNode = init.configSets?.value;
      // configSets built by an intrinsic (`Fn::If` of two maps): which sets exist is CloudFormation's to decide.
      if (setsNode && (setsNode.kind !== 'object' || intrinsicName(setsNode))) continue;
      const defined = setsNode && setsNode.kind === 'object' ? setsNode.properties.map((p) => p.key) : ['default'];
      const cs = optionValue(c.call, 'configsets');
      if (!cs && c.call.expansions.length) continue; // "$ARGS" may carry -c
      if (!cs) {
        if (setsNode && !defined.includes('default')) {
          ctx.report({
            ...callRange(c, c.call.program.start, c.call.program.end),
            message: `${where(c)} runs cfn-init without -c, so it asks for configSet "default", but "${r.text}" defines only ${defined.map((d) => `"${d}"`).join(', ')}: cfn-init fails ("no ConfigSet named default exists"). Add "-c ${defined.join(',')}".`,
          });
        }
        continue;
      }
      const v = cs.value;
      // `-c ""`: whether cfn-init then runs "default" is not established; no verdict.
      if (!v || isUnknownWord(c.rendered, v) || v.text === '') continue;
      for (const name of v.text.split(',')) {
        if (defined.includes(name)) continue;
        const trimmed = name.trim();
        const suggestion = defined.includes(trimmed)
          ? trimmed
          : (closest(trimmed, defined) ?? (defined.length === 1 ? defined[0] : undefined));
        const edits =
          suggestion && v.text === name
            ? replaceRenderedRange(ctx.model.model.root, c.rendered, v.start, v.end, suggestion)
            : undefined;
        ctx.report({
          ...callRange(c, v.start, v.end),
          message: `${where(c)}: cfn-init -c asks for configSet "${name}", which "${r.text}" does not define${name !== trimmed ? ' (cfn-init does not trim spaces after commas)' : ''}: cfn-init fails and nothing is applied. Defined: ${defined.map((d) => `"${d}"`).join(', ')}.`,
          fix: suggestion ? fix(`Use "${suggestion}"`, edits) : undefined,
        });
      }
    }
  },
};

export const cfnInitRules: Rule[] = [
  initCliStackResource,
  initCliUnknownOption,
  initCliPositional,
  initCliGluedTokens,
  initCliResourceUnknown,
  initCliResourceNoInit,
  initCliRegionMissing,
  initCliConfigsetUndefined,
];
