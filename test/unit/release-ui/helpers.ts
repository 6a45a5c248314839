import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FakeAws, FakeClock } from '../../../src/core/aws/fake';
import type { InputOptions, ModalOptions, PickItem, PickOptions, Prompter, ReleaseDeps, ReleaseSettings, Step } from '../../../src/vscode/release/types';

export const TEMPLATE = readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'aws', 'fleet-stack.yaml'), 'utf8');
export const WRITES = ['createChangeSet', 'executeChangeSet', 'updateStack', 'deleteChangeSet', 'putTemplate', 'startInstanceRefresh', 'terminateInstanceKeepingCapacity'];

/** The fleet of test/fixtures/aws/fleet-stack.yaml in the in-memory fake: BuildNumber 41, a NoEcho password, two instances. */
export function world(status = 'CREATE_COMPLETE'): FakeAws {
  const aws = new FakeAws(new FakeClock());
  aws.addStack(
    {
      name: 'fleet',
      status,
      parameters: [
        { key: 'BuildNumber', value: '41' },
        { key: 'Environment', value: 'dev' },
        { key: 'DbPassword', value: '****' },
        { key: 'FleetSize', value: '2' },
      ],
      tags: [{ key: 'team', value: 'ops' }],
      capabilities: ['CAPABILITY_IAM'],
    },
    TEMPLATE,
    [
      { logicalId: 'LaunchConfig', physicalId: 'fleet-LaunchConfig-1', type: 'AWS::AutoScaling::LaunchConfiguration', status: 'CREATE_COMPLETE', metadata: {} },
      { logicalId: 'Group', physicalId: 'fleet-Group-1', type: 'AWS::AutoScaling::AutoScalingGroup', status: 'CREATE_COMPLETE', metadata: undefined },
    ],
  );
  aws.groups.set('fleet-Group-1', {
    name: 'fleet-Group-1',
    minSize: 2,
    maxSize: 3,
    desiredCapacity: 2,
    launchConfigurationName: 'fleet-LaunchConfig-1',
    instances: [
      { id: 'i-1', lifecycleState: 'InService', health: 'Healthy', launchConfigurationName: 'fleet-LaunchConfig-1' },
      { id: 'i-2', lifecycleState: 'InService', health: 'Healthy', launchConfigurationName: 'fleet-LaunchConfig-0' },
    ],
  });
  return aws;
}

export type Answer = string | undefined | ((items: readonly PickItem[]) => PickItem | undefined);

export interface Asked {
  kind: 'pick' | 'input' | 'modal';
  title?: string;
  message?: string;
  detail?: string;
  items?: string[];
  value?: string;
  /** validateInput on the proposed value, and on each of `probe`. */
  validation?: (string | undefined)[];
}

/** A Prompter that answers from a script, in order, and records every question. */
export class ScriptedPrompter implements Prompter {
  readonly asked: Asked[] = [];
  constructor(
    private readonly answers: Answer[],
    private readonly probe: string[] = [],
  ) {}
  private next(kind: Asked['kind']): Answer {
    if (!this.answers.length) throw new Error(`unexpected ${kind}: the script has no answer left`);
    return this.answers.shift();
  }
  async showQuickPick<T extends PickItem>(items: readonly T[], options: PickOptions): Promise<T | undefined> {
    this.asked.push({ kind: 'pick', title: options.title, items: items.map((i) => i.label) });
    const a = this.next('pick');
    if (typeof a === 'function') return a(items) as T | undefined;
    return items.find((i) => i.label === a);
  }
  async showInputBox(options: InputOptions): Promise<string | undefined> {
    const validation = options.validateInput ? await Promise.all([options.value ?? '', ...this.probe].map((v) => options.validateInput!(v))) : undefined;
    this.asked.push({ kind: 'input', title: options.title, message: options.prompt, value: options.value, validation });
    const a = this.next('input');
    return a === KEEP ? options.value : (a as string | undefined);
  }
  async showWarningMessage(message: string, options: ModalOptions, ...items: string[]): Promise<string | undefined> {
    this.asked.push({ kind: 'modal', message, detail: options.detail, items });
    const a = this.next('modal');
    return a as string | undefined;
  }
}

/** Answer an InputBox with the value it proposes. */
export const KEEP = '\u0000keep';

export interface Harness {
  deps: ReleaseDeps;
  prompter: ScriptedPrompter;
  log: string[];
  steps: string[];
}

/** Deps over the fake; `cancelAt` presses Cancel when a progress step whose title matches starts. */
export function harness(aws: FakeAws, answers: Answer[], options: { settings?: Partial<ReleaseSettings>; cancelAt?: RegExp; probe?: string[] } = {}): Harness {
  const log: string[] = [];
  const steps: string[] = [];
  const prompter = new ScriptedPrompter(answers, options.probe);
  const deps: ReleaseDeps = {
    aws: { stacks: aws, release: aws, scaling: aws, instances: aws, templates: aws, clock: aws.clock, resolveRegion: async () => 'us-east-1' },
    ui: {
      prompter,
      log: { info: (m) => log.push(m), warn: (m) => log.push(`WARN ${m}`), error: (m) => log.push(`ERROR ${m}`) },
      withProgress: async <T>(title: string, task: (step: Step) => Promise<T>) => {
        steps.push(title);
        const controller = new AbortController();
        if (options.cancelAt?.test(title)) controller.abort();
        return task({ report: () => undefined, signal: controller.signal });
      },
    },
    settings: { buildParameter: 'BuildNumber', templateBucket: '', minHealthyPercentage: 90, pollMs: 1000, ...options.settings },
  };
  return { deps, prompter, log, steps };
}
