/**
 * The `users` and `groups` sections of a config, read as cfn-init reads them (user_group_tools.py,
 * posix_security.py): a user has `uid`, `groups` (a list) and `homeDir`, a group has `gid`; anything
 * else is never read, and `groups` is iterated name by name.
 */
import type { Rule, RuleContext } from './rule';
import type { InitConfig } from '../cfnhup/model';
import { chosen } from '../cfnhup/model';
import { getProperty, intrinsicName, type ObjectNode, type Property } from '../template/ast';
import { nodeRange } from './util';
import { eachConfig, reportUnknownKeys } from './initDetails';

const USER_KEYS = ['uid', 'groups', 'homeDir'];
const GROUP_KEYS = ['gid'];

/** The literal entries of a section (`users` or `groups`) of a config, each entry's value chosen. */
function entriesOf(ctx: RuleContext, config: InitConfig, section: string): { entry: Property; value: ObjectNode }[] {
  const node = chosen(getProperty(config.node, section), ctx.model.ctx);
  if (!node || node.kind !== 'object' || intrinsicName(node)) return [];
  const found: { entry: Property; value: ObjectNode }[] = [];
  for (const entry of node.properties) {
    const value = chosen(entry.value, ctx.model.ctx);
    if (value && value.kind === 'object' && !intrinsicName(value)) found.push({ entry, value });
  }
  return found;
}

export const userUnknownKey: Rule = {
  id: 'USER-UNKNOWN-KEY',
  severity: 'warning',
  title: 'Unknown key in an Init user or group',
  doc: {
    why: 'cfn-init reads only `uid`, `groups` and `homeDir` of a user and `gid` of a group (case-sensitive): `homedir:` or `group:` is never read, so the user is created without that home directory or those groups, and nothing says so.',
    source: 'aws-cfn-bootstrap user_group_tools.py (attributes.get("groups"), attributes.get("homeDir"), "uid", "gid")',
    bad: 'users:\n  app:\n    homedir: /opt/app',
    good: 'users:\n  app:\n    homeDir: /opt/app',
  },
  check(ctx) {
    eachConfig(ctx, (config) => {
      for (const { entry, value } of entriesOf(ctx, config, 'users'))
        reportUnknownKeys(ctx, value, USER_KEYS, `of user "${entry.key}"`);
      for (const { entry, value } of entriesOf(ctx, config, 'groups'))
        reportUnknownKeys(ctx, value, GROUP_KEYS, `of group "${entry.key}"`);
    });
  },
};

export const userGroupsNotList: Rule = {
  id: 'USER-GROUPS-NOT-LIST',
  severity: 'error',
  title: "A user's groups given as one name instead of a list",
  doc: {
    why: 'cfn-init iterates a user\'s `groups` name by name: a single name (`groups: docker`) is iterated character by character, so it looks up a group "d" and the config fails ("d is not a valid group name"); nothing after it in the configSet runs.',
    source: 'aws-cfn-bootstrap posix_security.py _get_gids (for group_name in groups: grp.getgrnam)',
    bad: 'users:\n  app:\n    groups: docker',
    good: 'users:\n  app:\n    groups: [docker]',
  },
  check(ctx) {
    eachConfig(ctx, (config) => {
      for (const { entry, value } of entriesOf(ctx, config, 'users')) {
        const groups = chosen(getProperty(value, 'groups'), ctx.model.ctx);
        if (!groups || groups.kind !== 'scalar' || typeof groups.value !== 'string' || groups.value === '') continue;
        ctx.report({
          ...nodeRange(groups),
          message: `The groups of user "${entry.key}" are one name, "${groups.value}": cfn-init reads it letter by letter, looks up a group "${groups.value[0]}" and fails config "${config.name}", so nothing after it runs. Write a list: [${groups.value}].`,
        });
      }
    });
  },
};

export const usersGroupsRules: Rule[] = [userUnknownKey, userGroupsNotList];
