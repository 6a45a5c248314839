import type { FakeAws } from '../helpers/fakeAws';
import type {
  InputOptions,
  ModalOptions,
  PickItem,
  PickOptions,
  ReleasePrompter,
  ReleaseDeps,
  ReleaseSettings,
  Step,
} from '../../../src/vscode/release/types';
import { RunningReleases } from '../../../src/vscode/release/running';

export { TEMPLATE, world } from '../helpers/fleet';
export const WRITES = [
  'createChangeSet',
  'executeChangeSet',
  'updateStack',
  'deleteChangeSet',
  'putTemplate',
  'startInstanceRefresh',
  'terminateInstanceKeepingCapacity',
];

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
export class ScriptedPrompter implements ReleasePrompter {
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
    const validation = options.validateInput
      ? await Promise.all([options.value ?? '', ...this.probe].map((v) => options.validateInput!(v)))
      : undefined;
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
  /** What the progress notifications reported, in order. */
  reports: string[];
}

/**
 * Deps over the fake; `cancelAt` presses Cancel when a progress notification whose title matches
 * starts, or when one reports a matching message (e.g. /counting the instances/).
 */
export function harness(
  aws: FakeAws,
  answers: Answer[],
  options: { settings?: Partial<ReleaseSettings>; cancelAt?: RegExp; probe?: string[]; running?: RunningReleases } = {},
): Harness {
  const log: string[] = [];
  const steps: string[] = [];
  const reports: string[] = [];
  const prompter = new ScriptedPrompter(answers, options.probe);
  const deps: ReleaseDeps = {
    aws: {
      stacks: aws,
      release: aws,
      scaling: aws,
      instances: aws,
      templates: aws,
      clock: aws.clock,
      resolveRegion: async () => 'us-east-1',
    },
    ui: {
      prompter,
      log: { info: (m) => log.push(m), warn: (m) => log.push(`WARN ${m}`), error: (m) => log.push(`ERROR ${m}`) },
      showDocument: async (title) => void steps.push(`document: ${title}`),
      withProgress: async <T>(title: string, task: (step: Step) => Promise<T>) => {
        steps.push(title);
        const controller = new AbortController();
        if (options.cancelAt?.test(title)) controller.abort();
        const report = (message: string) => {
          reports.push(message);
          if (options.cancelAt?.test(message)) controller.abort();
        };
        return task({ report, signal: controller.signal });
      },
    },
    settings: {
      buildParameter: 'BuildNumber',
      templateBucket: '',
      minHealthyPercentage: 90,
      pollMs: 1000,
      ...options.settings,
    },
    running: options.running ?? new RunningReleases(),
  };
  return { deps, prompter, log, steps, reports };
}
