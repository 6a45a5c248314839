import { getProperty, intrinsicName, type CfnNode } from '../../template/ast';
import type { TemplateModel } from '../../template/model';
import { MASK } from '../../aws/noEcho';
import { evaluateNode, type EvaluateOptions } from '../../intrinsics/evaluate';

/**
 * The four evaluations of the template a plan needs: before (the stack's
 * current parameters) and after (the new ones), each once with real values,
 * to decide what changes, and once with every NoEcho parameter masked, for
 * what is shown. A NoEcho value never reaches a diff.
 */
export type Side = 'before' | 'after';

export interface PlanEvaluationInput {
  model: TemplateModel;
  beforeModel?: TemplateModel;
  before: EvaluateOptions;
  after: EvaluateOptions;
  modifiedResources?: ReadonlySet<string>;
  replacedResources?: ReadonlySet<string>;
}

export class PlanEvaluation {
  private readonly cache = new Map<string, { value: unknown; symbolic: string[] }>();
  /** Names whose value may differ after the update although the text shows the same placeholder. */
  private readonly volatile = new Set<string>();

  constructor(private readonly input: PlanEvaluationInput) {
    const b = input.before.parameterValues ?? {};
    const a = input.after.parameterValues ?? {};
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) if (a[k] !== b[k]) this.volatile.add(k);
    for (const r of input.modifiedResources ?? []) this.volatile.add(r);
    for (const r of input.replacedResources ?? []) this.volatile.add(r);
  }

  modelOf(side: Side): TemplateModel {
    return side === 'before' ? (this.input.beforeModel ?? this.input.model) : this.input.model;
  }

  /** The resource's evaluated Metadata; `shown` masks NoEcho parameters. */
  metadata(side: Side, resource: string, shown = false): unknown {
    return this.evaluate(side, resource, shown).value;
  }

  hasResource(resource: string): boolean {
    return this.input.model.resources.has(resource);
  }

  /**
   * Names left symbolic in the value at `keys` below the resource's Metadata
   * (both sides). Found on the node itself when the path has no intrinsic;
   * otherwise the resource's symbolic names that appear in `text`.
   */
  unknownIn(resource: string, keys: string[], text: string): string[] {
    const names = new Set<string>();
    for (const side of ['before', 'after'] as const) {
      const model = this.modelOf(side);
      const node = nodeAt(model.resources.get(resource)?.metadata, keys);
      const symbolic = node
        ? evaluateNode(model, node, this.options(side, false)).symbolic
        : this.evaluate(side, resource, false).symbolic.filter((n) => text.includes('${' + n + '}'));
      for (const n of symbolic) names.add(n);
    }
    return [...names].sort();
  }

  /** Whether any of these unknown names may stand for a different value after the update. */
  mayChange(names: readonly string[]): boolean {
    return names.some((n) => n.startsWith('Fn::If') || this.volatile.has(n) || this.volatile.has(n.split('.')[0]!));
  }

  /** Parameter and pseudo parameter values, with NoEcho parameters masked when `shown`. */
  options(side: Side, shown: boolean): EvaluateOptions {
    const options = side === 'before' ? this.input.before : this.input.after;
    if (!shown) return options;
    const masked: Record<string, string> = { ...options.parameterValues };
    for (const p of this.modelOf(side).parameters.values()) {
      const noEcho = getProperty(p.node, 'NoEcho');
      if (noEcho?.kind === 'scalar' && String(noEcho.value).toLowerCase() === 'true') masked[p.name] = MASK;
    }
    return { ...options, parameterValues: masked };
  }

  private evaluate(side: Side, resource: string, shown: boolean): { value: unknown; symbolic: string[] } {
    const key = `${side}\0${shown}\0${resource}`;
    let e = this.cache.get(key);
    if (!e) {
      const model = this.modelOf(side);
      const node = model.resources.get(resource)?.metadata;
      e = node ? evaluateNode(model, node, this.options(side, shown)) : { value: undefined, symbolic: [] };
      this.cache.set(key, e);
    }
    return e;
  }
}

/** The node at a key path of plain objects (undefined when an intrinsic or a list is in the way). */
function nodeAt(node: CfnNode | undefined, keys: string[]): CfnNode | undefined {
  let n = node;
  for (const k of keys) {
    if (!n || n.kind !== 'object' || intrinsicName(n)) return undefined;
    n = getProperty(n, k);
  }
  return n;
}
