// Over ~350 lines on purpose: the intrinsic renderer. Rendering, Fn::If choices and condition decisions
// share one memo and budget per render context (what makes the second Fn::If pass exact), so they stay
// together; the Rendered text type lives in rendered.ts.
import type { CfnNode, ObjectNode } from '../template/ast';
import { getProperty, intrinsicName, stringValue } from '../template/ast';
import type { TemplateModel } from '../template/model';
import { Rendered, RenderedBuilder } from './rendered';

/** What the renderer may know. Without values, parameters and pseudo parameters stay symbolic. */
export interface RenderContext {
  text: string;
  model: TemplateModel;
  /** Known parameter values (for example a live stack's). */
  parameterValues?: Readonly<Record<string, string>>;
  /** Known pseudo parameter values (`AWS::Region`, …). */
  pseudoValues?: Readonly<Record<string, string>>;
  /** Which branch of an `Fn::If` whose condition cannot be decided. */
  unknownConditionBranch: 0 | 1;
  /** Set when an undecidable `Fn::If` was rendered: the caller may render again with the other branch. */
  sawUnknownCondition: boolean;
  /**
   * The renderer's own state for this context (memo and budget), made on first use. Kept on the context
   * rather than in a WeakMap keyed by it: an entry per analysis in a WeakMap made every young-generation
   * collection dearer (issue 12: the corpus analysis spent twice the GC time with two such maps).
   */
  renderState?: RenderState;
}

/** Opaque outside this module. */
export type RenderState = Budget;

const MAX_DEPTH = 64;
/** Intrinsic evaluations per render context (per template and parameter values); past it, values are unknown. */
export const MAX_RENDER_STEPS = 100_000;
/** Longest rendered text; a `Fn::Join` that doubles itself stops here and becomes unknown. */
export const MAX_RENDERED_CHARS = 1_000_000;

/**
 * Per render context (one template, one set of parameter values, one `Fn::If`
 * branch choice): each intrinsic node is rendered once (memo), a node met
 * again while it is being rendered is a cycle (unknown), and the total work is
 * capped. So `Fn::Join` of two `Fn::FindInMap` of itself, or a condition that
 * names itself three times, ends at once with an unknown value instead of
 * branching exponentially.
 */
interface Budget {
  /** Each intrinsic node's rendering (null when it renders to nothing). */
  memo: Map<CfnNode, Rendered | null>;
  /**
   * The nodes being rendered, outermost first: one met again is a cycle. A stack, not a set: it
   * holds one node per nesting level (a handful), where a set was added to and deleted from for
   * every node rendered.
   */
  active: CfnNode[];
  /** The memoised nodes whose rendering chose a branch of an undecidable Fn::If (met again, they say so again). */
  sawUnknownCondition: Set<CfnNode>;
  conditions: Map<string, boolean | undefined>;
  activeConditions: Set<string>;
  steps: number;
  /**
   * Set when a node or condition was met again while being rendered or decided, or the depth limit was
   * reached: a value memoised then depends on where its rendering started.
   */
  orderDependent: boolean;
  /** The greatest depth an intrinsic was rendered at. */
  deepest: number;
}

function budgetOf(ctx: RenderContext): Budget {
  let b = ctx.renderState;
  if (!b) {
    b = {
      memo: new Map(),
      sawUnknownCondition: new Set(),
      active: [],
      conditions: new Map(),
      activeConditions: new Set(),
      steps: 0,
      orderDependent: false,
      deepest: 0,
    };
    ctx.renderState = b;
  }
  return b;
}

/**
 * What rendering in this context has spent of its MAX_RENDER_STEPS, the greatest depth it rendered an
 * intrinsic at, and whether it cut a cycle or reached the depth limit. Without a cycle, away from the
 * depth limit and within the budget, every value rendered is the same whatever order the renders came in.
 */
export function renderBudgetUse(ctx: RenderContext): { steps: number; deepest: number; orderDependent: boolean } {
  const b = ctx.renderState;
  return { steps: b?.steps ?? 0, deepest: b?.deepest ?? 0, orderDependent: b?.orderDependent ?? false };
}

/** The depth past which a value is not rendered (unknown). */
export const MAX_RENDER_DEPTH = MAX_DEPTH;

/** Past the depth limit: the value is unknown, and memoised values may depend on where rendering started. */
function tooDeep(depth: number, ctx: RenderContext, budget: Budget | undefined): boolean {
  if (depth <= MAX_DEPTH) return false;
  (budget ?? budgetOf(ctx)).orderDependent = true;
  return true;
}

/**
 * Render a value to text. Returns `undefined` for `AWS::NoValue` and for
 * values that are not text at all (objects, lists outside an intrinsic).
 */
export function renderText(node: CfnNode | undefined, ctx: RenderContext, depth = 0): Rendered | undefined {
  if (!node || tooDeep(depth, ctx, undefined)) return undefined;
  if (node.kind === 'scalar') return Rendered.ofScalar(node, ctx.text);
  if (node.kind === 'array' || !isIntrinsic(node)) return undefined;
  return renderIntrinsicNode(node, ctx, budgetOf(ctx), depth);
}

/**
 * renderText inside the renderer: the context's budget is looked up once per
 * call from outside and handed down, not once per node.
 */
function render(node: CfnNode | undefined, ctx: RenderContext, budget: Budget, depth: number): Rendered | undefined {
  if (!node || tooDeep(depth, ctx, budget)) return undefined;
  if (node.kind === 'scalar') return Rendered.ofScalar(node, ctx.text);
  if (node.kind === 'array' || !isIntrinsic(node)) return undefined;
  return renderIntrinsicNode(node, ctx, budget, depth);
}

/** As `intrinsicName(node) !== undefined`, for an object node. */
function isIntrinsic(node: ObjectNode): boolean {
  if (node.properties.length !== 1) return false;
  const key = node.properties[0]!.key;
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

function renderIntrinsicNode(
  node: ObjectNode,
  ctx: RenderContext,
  budget: Budget,
  depth: number,
): Rendered | undefined {
  if (depth > budget.deepest) budget.deepest = depth;
  const memo = budget.memo;
  const known = memo.get(node);
  if (known !== undefined) {
    if (budget.sawUnknownCondition.size > 0 && budget.sawUnknownCondition.has(node)) ctx.sawUnknownCondition = true;
    return known ?? undefined;
  }
  const fn = node.properties[0]!.key;
  // A cycle, or too much work: the value is unknown, so no rule judges text built from it.
  const active = budget.active;
  if (active.includes(node)) {
    budget.orderDependent = true;
    return opaque(node, fn, ctx);
  }
  if (++budget.steps > MAX_RENDER_STEPS) return opaque(node, fn, ctx);
  active.push(node);
  const outer = ctx.sawUnknownCondition;
  ctx.sawUnknownCondition = false;
  let rendered: Rendered | undefined;
  try {
    rendered = renderIntrinsic(node, fn, ctx, budget, depth);
    if (rendered && rendered.text.length > MAX_RENDERED_CHARS) rendered = opaque(node, fn, ctx);
  } finally {
    active.pop();
  }
  const saw = ctx.sawUnknownCondition;
  ctx.sawUnknownCondition = outer || saw;
  memo.set(node, rendered ?? null);
  if (saw) budget.sawUnknownCondition.add(node);
  return rendered;
}

function renderIntrinsic(
  node: ObjectNode,
  fn: string,
  ctx: RenderContext,
  budget: Budget,
  depth: number,
): Rendered | undefined {
  const arg = node.properties[0]!.value;
  switch (fn) {
    case 'Ref':
      return renderRef(node, arg, ctx);
    case 'Fn::Sub':
      return renderSub(node, arg, ctx, budget, depth);
    case 'Fn::Join':
      return renderJoin(node, arg, ctx, budget, depth);
    case 'Fn::If': {
      const branch = chooseBranchIn(arg, ctx, budget);
      if (branch === undefined) return opaque(node, 'Fn::If', ctx);
      return render(branch, ctx, budget, depth + 1);
    }
    case 'Fn::Select':
      return renderSelect(node, arg, ctx, budget, depth);
    case 'Fn::FindInMap': {
      const found = lookupMapping(arg, ctx, budget, depth);
      return found ? render(found, ctx, budget, depth + 1) : opaque(node, 'Fn::FindInMap', ctx);
    }
    case 'Fn::Base64':
      return render(arg, ctx, budget, depth + 1) ?? opaque(node, 'Fn::Base64', ctx);
    case 'Fn::GetAtt': {
      const parts =
        arg.kind === 'array' ? arg.items.map((i) => stringValue(i) ?? '?') : (stringValue(arg) ?? '?').split('.');
      return opaque(node, parts.join('.'), ctx);
    }
    default:
      return opaque(node, fn, ctx);
  }
}

/** True when the node is `{Ref: AWS::NoValue}` (or an If whose chosen branch is). */
export function isNoValue(node: CfnNode | undefined, ctx: RenderContext, depth = 0): boolean {
  return isNoValueIn(node, ctx, undefined, depth);
}

function isNoValueIn(
  node: CfnNode | undefined,
  ctx: RenderContext,
  budget: Budget | undefined,
  depth: number,
): boolean {
  if (!node || tooDeep(depth, ctx, budget) || node.kind !== 'object' || node.properties.length !== 1) return false;
  const { key, value } = node.properties[0]!;
  if (key === 'Ref') return stringValue(value) === 'AWS::NoValue';
  if (key === 'Fn::If') {
    const branch = chooseBranchIn(value, ctx, budget ?? budgetOf(ctx));
    return branch !== undefined && isNoValueIn(branch, ctx, budget, depth + 1);
  }
  return false;
}

function opaque(node: CfnNode, name: string, ctx: RenderContext): Rendered {
  return Rendered.uniform('${' + name + '}', node.start, node.end, ctx.text, name);
}

function knownValue(name: string, ctx: RenderContext): string | undefined {
  if (name.startsWith('AWS::')) return ctx.pseudoValues?.[name];
  if (ctx.model.parameters.has(name)) return ctx.parameterValues?.[name];
  return undefined;
}

function renderRef(node: CfnNode, arg: CfnNode, ctx: RenderContext): Rendered | undefined {
  const name = stringValue(arg);
  if (name === undefined) return opaque(node, 'Ref', ctx);
  if (name === 'AWS::NoValue') return undefined;
  const value = knownValue(name, ctx);
  if (value === undefined) return opaque(node, name, ctx);
  return Rendered.uniform(value, node.start, node.end, ctx.text);
}

function renderSub(
  node: CfnNode,
  arg: CfnNode,
  ctx: RenderContext,
  budget: Budget,
  depth: number,
): Rendered | undefined {
  let templateNode: CfnNode | undefined = arg;
  let variables: CfnNode | undefined;
  if (arg.kind === 'array') {
    templateNode = arg.items[0];
    variables = arg.items[1];
  }
  if (!templateNode || templateNode.kind !== 'scalar' || typeof templateNode.value !== 'string')
    return opaque(node, 'Fn::Sub', ctx);
  const source = templateNode.value;
  const scalar = templateNode;
  const b = new RenderedBuilder(ctx.text);
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('${', i);
    const close = open < 0 ? -1 : source.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      b.appendScalar(scalar, source, i, source.length);
      break;
    }
    b.appendScalar(scalar, source, i, open);
    const inner = source.slice(open + 2, close);
    if (inner.startsWith('!')) {
      // `${!Literal}` renders as the literal `${Literal}`.
      b.appendScalar(scalar, source, open, open + 2);
      b.appendScalar(scalar, source, open + 3, close + 1);
    } else {
      const name = inner.trim();
      const variable = variables ? getProperty(variables, name) : undefined;
      const rendered = variable ? render(variable, ctx, budget, depth + 1) : undefined;
      const value = variable ? undefined : knownValue(name, ctx);
      if (rendered) b.append(rendered);
      else if (value !== undefined) b.appendScalarSpan(value, scalar, open, close + 1);
      // Unknown: it stays as written (one copy of the source when nothing was trimmed).
      else
        b.appendScalarSpan(
          name === inner ? source.slice(open, close + 1) : '${' + name + '}',
          scalar,
          open,
          close + 1,
          name,
        );
    }
    i = close + 1;
  }
  return b.build();
}

function renderJoin(
  node: CfnNode,
  arg: CfnNode,
  ctx: RenderContext,
  budget: Budget,
  depth: number,
): Rendered | undefined {
  if (arg.kind !== 'array' || arg.items.length !== 2) return opaque(node, 'Fn::Join', ctx);
  const delimiterNode = arg.items[0]!;
  const list = arg.items[1]!;
  // A literal delimiter (nearly all) is appended in place each time, as its rendering would be copied.
  const literalDelimiter = delimiterNode.kind === 'scalar' && depth + 1 <= MAX_DEPTH ? delimiterNode : undefined;
  const delimiter = literalDelimiter ? undefined : render(delimiterNode, ctx, budget, depth + 1);
  if ((!literalDelimiter && !delimiter) || list.kind !== 'array') return opaque(node, 'Fn::Join', ctx);
  const b = new RenderedBuilder(ctx.text);
  let first = true;
  for (const item of list.items) {
    if (item.kind === 'object' && isNoValueIn(item, ctx, budget, 0)) continue;
    if (!first) {
      if (literalDelimiter) b.appendScalarValue(literalDelimiter);
      else b.append(delimiter!);
    }
    if (item.kind === 'scalar' && depth + 1 <= MAX_DEPTH) {
      // A literal (most items) goes straight in: rendered alone it would be built only to be copied.
      b.appendScalarValue(item);
    } else {
      b.append(render(item, ctx, budget, depth + 1) ?? opaque(item, 'value', ctx));
    }
    first = false;
  }
  return b.build();
}

function renderSelect(
  node: CfnNode,
  arg: CfnNode,
  ctx: RenderContext,
  budget: Budget,
  depth: number,
): Rendered | undefined {
  if (arg.kind !== 'array' || arg.items.length !== 2) return opaque(node, 'Fn::Select', ctx);
  const index = Number(render(arg.items[0], ctx, budget, depth + 1)?.text);
  const list = arg.items[1]!;
  if (!Number.isInteger(index) || list.kind !== 'array' || index < 0 || index >= list.items.length)
    return opaque(node, 'Fn::Select', ctx);
  return render(list.items[index], ctx, budget, depth + 1);
}

function lookupMapping(arg: CfnNode, ctx: RenderContext, budget: Budget, depth: number): CfnNode | undefined {
  if (arg.kind !== 'array' || arg.items.length !== 3) return undefined;
  const keys: string[] = [];
  for (const item of arg.items) {
    const r = render(item, ctx, budget, depth + 1);
    if (!r || r.opaque.length > 0) return undefined;
    keys.push(r.text);
  }
  return getProperty(getProperty(getProperty(ctx.model.mappings, keys[0]!), keys[1]!), keys[2]!);
}

/**
 * The chosen branch of `Fn::If: [cond, a, b]`, deciding the condition when values are known.
 * Exported so structure chosen by Fn::If (configSets, files maps) follows the same branch as text.
 */
export function chooseBranch(arg: CfnNode, ctx: RenderContext): CfnNode | undefined {
  return chooseBranchIn(arg, ctx, budgetOf(ctx));
}

function chooseBranchIn(arg: CfnNode, ctx: RenderContext, budget: Budget): CfnNode | undefined {
  if (arg.kind !== 'array' || arg.items.length !== 3) return undefined;
  const conditionName = stringValue(arg.items[0]);
  const decided = conditionName !== undefined ? evaluateCondition(conditionName, ctx, budget, 0) : undefined;
  if (decided !== undefined) return decided ? arg.items[1] : arg.items[2];
  ctx.sawUnknownCondition = true;
  return ctx.unknownConditionBranch === 0 ? arg.items[1] : arg.items[2];
}

/** A named condition, decided once per context; a condition that depends on itself is undecided. */
function evaluateCondition(name: string, ctx: RenderContext, budget: Budget, depth: number): boolean | undefined {
  if (tooDeep(depth, ctx, budget)) return undefined;
  if (budget.conditions.has(name)) return budget.conditions.get(name);
  if (budget.activeConditions.has(name)) {
    budget.orderDependent = true;
    return undefined;
  }
  if (++budget.steps > MAX_RENDER_STEPS) return undefined;
  budget.activeConditions.add(name);
  let decided: boolean | undefined;
  try {
    decided = evaluateConditionNode(getProperty(ctx.model.conditions, name), ctx, budget, depth + 1);
  } finally {
    budget.activeConditions.delete(name);
  }
  budget.conditions.set(name, decided);
  return decided;
}

function evaluateConditionNode(
  node: CfnNode | undefined,
  ctx: RenderContext,
  budget: Budget,
  depth: number,
): boolean | undefined {
  if (!node || tooDeep(depth, ctx, budget)) return undefined;
  const fn = intrinsicName(node);
  if (!fn || node.kind !== 'object') return undefined;
  const arg = node.properties[0]!.value;
  const items = arg.kind === 'array' ? arg.items : [];
  switch (fn) {
    case 'Condition': {
      const n = stringValue(arg);
      return n === undefined ? undefined : evaluateCondition(n, ctx, budget, depth + 1);
    }
    case 'Fn::Equals': {
      if (items.length !== 2) return undefined;
      const a = render(items[0], ctx, budget, depth + 1);
      const b = render(items[1], ctx, budget, depth + 1);
      if (!a || !b || a.opaque.length || b.opaque.length) return undefined;
      return a.text === b.text;
    }
    case 'Fn::Not': {
      const v = evaluateConditionNode(items[0], ctx, budget, depth + 1);
      return v === undefined ? undefined : !v;
    }
    case 'Fn::And':
    case 'Fn::Or': {
      const values = items.map((i) => evaluateConditionNode(i, ctx, budget, depth + 1));
      if (fn === 'Fn::And') return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
      return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
    }
    default:
      return undefined;
  }
}
