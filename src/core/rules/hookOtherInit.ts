/**
 * A hook copied from another resource and not renamed: written by resource A's Init (so it runs on
 * A's instances), it watches resource B and runs B's Init. Found by the eighth fresh sample: the
 * HashiCorp Consul Quick Start's server launch configuration carries the client's hook, so a change
 * to the client's Init reconfigures the servers as clients, and the servers' own Init never reaches
 * them. The path and the action agree and B exists, so no other hook rule speaks.
 */
import type { Rule } from './rule';
import { isSelected } from '../cfnhup/model';
import { isUnknownWord, optionValue } from '../cfnhup/commandLine';
import { contentRange, fix } from './util';
import { bootCalls } from './shared';
import { hookLabel, replaceRendered, watchesOwnStack } from './hooks';
import { hookPathAsMeant } from './inlineComment';

export const hookWatchesOtherInit: Rule = {
  id: 'HOOK-WATCHES-OTHER-INIT',
  severity: 'warning',
  title: "A hook applies another resource's Init on this resource's instances",
  doc: {
    why: 'A hook runs on the instances of the resource whose Init writes it. When its path and its cfn-init --resource both name another resource that has an Init of its own, a change to that resource applies its configuration to these instances, and a change to their own Init never reaches them: a hook copied from another resource and not renamed. Reported only when these instances boot with cfn-init --resource of their own resource and nothing they run (UserData, the commands of their Init) runs the other one (then applying it could be meant).',
    source:
      'aws-cfn-bootstrap update_hooks.py (a hook fires when its path changes and runs its action as written); seen in the HashiCorp Consul Quick Start',
    bad: "ServerLC's Init writes: path=Resources.ClientLC.Metadata.AWS::CloudFormation::Init\naction=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource ClientLC --region ${AWS::Region}",
    good: "ServerLC's Init writes: path=Resources.ServerLC.Metadata.AWS::CloudFormation::Init\naction=/opt/aws/bin/cfn-init -v --stack ${AWS::StackName} --resource ServerLC --region ${AWS::Region}",
  },
  check(ctx) {
    if (ctx.model.inits.length < 2 || !watchesOwnStack(ctx)) return;
    for (const hook of ctx.model.hooks) {
      const own = hook.file.config.init;
      const read = hookPathAsMeant(ctx, hook);
      if (!read) continue;
      const { o, p } = read;
      if (p.fatal || !p.logicalId) continue;
      const other = p.logicalId;
      const otherInit = ctx.model.initsById.get(other);
      if (other === own.resource.logicalId || !otherInit) continue;
      const rendered = hook.file.rendered!;
      const from = o.valueStart + p.logicalIdStart;
      if (rendered.isOpaque(from, from + other.length)) continue;
      // Its action runs the other resource's Init too (a path and action that disagree are HOOK-ACTION-RESOURCE-MISMATCH's).
      const runs = hook.cfnInitCalls
        .map((call) => optionValue(call, 'resource')?.value)
        .find((r) => r !== undefined && !isUnknownWord(rendered, r) && r.text === other);
      if (!runs || !isSelected(hook.file.config)) continue;
      // These instances are configured by their own resource's Init at boot, and never by the other one's:
      // neither their UserData nor their own Init's commands (an Init that chains to it) run it, nor a
      // cfn-init whose --resource this reading cannot tell.
      const boot = bootCalls(ctx.model, own);
      if (boot.length === 0) continue;
      const owners = new Set(boot.map((c) => c.owner));
      owners.add(own.resource);
      const mayRunOther = ctx.model.calls.some((c) => {
        if (c.site === 'hook' || !owners.has(c.owner)) return false;
        const r = optionValue(c.call, 'resource')?.value;
        return !r || isUnknownWord(c.rendered, r) || r.text === other;
      });
      if (mayRunOther) continue;
      const id = own.resource.logicalId;
      const pathEdits = replaceRendered(ctx, hook, from, from + other.length, id);
      const actionEdits = replaceRendered(ctx, hook, runs.start, runs.end, id);
      ctx.report({
        ...contentRange(hook.file, from, from + other.length),
        message: `${hookLabel(hook)} is written by "${id}", so it runs on ${id}'s instances, but it watches "${other}" and runs ${other}'s Init: a change to ${other} applies ${other}'s configuration to ${id}'s instances, and a change to ${id}'s own Init never reaches them. Watch and run "${id}".`,
        fix: fix(`Watch and run ${id}`, pathEdits && actionEdits ? [...pathEdits, ...actionEdits] : undefined),
      });
    }
  },
};
