import { isObject, type ConfigRef, type JsonObject } from './configSets';
import type { PlanEvaluation } from './evaluation';
import type { FileState } from './fileState';
import type { HookPlan, Platform } from './types';

/** What a simulated cfn-init run has left on the instance so far, and where the plan is written. */
export type Out = Pick<
  HookPlan,
  | 'filesChanged'
  | 'commandsRun'
  | 'servicesRestarted'
  | 'packagesChanged'
  | 'sourcesExtracted'
  | 'usersChanged'
  | 'groupsChanged'
  | 'notes'
>;

export interface Owned {
  config: string;
  /** Compared (real values). */
  value: string;
  /** Shown (NoEcho masked). */
  shown: string;
}

export class InstanceState {
  readonly files = new Map<string, FileState>();
  readonly commands = new Map<string, string>();
  readonly packages = new Map<string, Owned>();
  readonly sources = new Map<string, Owned>();
  readonly users = new Map<string, Owned>();
  readonly groups = new Map<string, Owned>();
}

export function obj(v: unknown): JsonObject {
  return isObject(v) ? v : {};
}

/** One cfn-init run to simulate: the configs of the previous run and of this one. */
export interface RunInput {
  evaluation: PlanEvaluation;
  resource: string;
  platform: Platform;
  before: ConfigRef[];
  after: ConfigRef[];
}
