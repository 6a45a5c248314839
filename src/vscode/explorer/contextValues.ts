import { CONTEXT } from '../aws/targets';

/**
 * Every contextValue of the explorer's nodes, matched by the `viewItem`
 * regexes of package.json menus. Stacks, groups and resources start with the
 * shared prefixes of ../aws/targets.ts (the release commands match them too):
 * `cfnHup.stack.<statusClass>`, `cfnHup.group[.outdated]`,
 * `cfnHup.resource[.metadata][.hooks]`, `cfnHup.instance[.outdated]`.
 */
export const CONTEXT_VALUES = {
  stack: CONTEXT.stack,
  group: CONTEXT.group,
  instance: CONTEXT.instance,
  resource: CONTEXT.resource,
  standaloneInstance: `${CONTEXT.instance}.standalone`,
  section: 'cfnHup.section',
  buildParameter: 'cfnHup.buildParameter',
  parameter: 'cfnHup.parameter',
  output: 'cfnHup.output',
  hook: 'cfnHup.hook',
  loadMore: 'cfnHup.loadMore',
  loading: 'cfnHup.loading',
  empty: 'cfnHup.empty',
  error: 'cfnHup.error',
  hint: 'cfnHup.hint',
  action: 'cfnHup.action',
  warning: 'cfnHup.warning',
} as const;

/** Context keys for `when` clauses. */
export const CONTEXT_KEYS = {
  filtered: 'cfnHup.explorer.filtered',
  noRegion: 'cfnHup.explorer.noRegion',
} as const;

export const VIEW_ID = 'cfnHup.explorer';
export const LIVE_SCHEME = 'cfn-hup-live';
