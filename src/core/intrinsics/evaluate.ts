import type { CfnNode } from '../template/ast';
import { getProperty, stringValue } from '../template/ast';
import { MASK, noEchoNames } from '../aws/noEcho';
import { TemplateModel } from '../template/model';
import { parseTemplate } from '../template/parse';

/**
 * Evaluates a template value (typically a resource's Metadata) into the plain
 * JSON that CloudFormation would store for it, given the stack's parameter and
 * pseudo parameter values. The result can be compared with the live Metadata
 * that DescribeStackResource returns, which has its intrinsics resolved.
 *
 * Unlike ./render.ts, which renders text with a source position for every
 * character for the rules, this produces whole JSON values (lists, objects,
 * numbers) and drops `AWS::NoValue` the way CloudFormation does. What cannot be
 * known offline (`Fn::GetAtt`, `Fn::ImportValue`, a resource's physical id, an
 * unknown pseudo parameter) stays symbolic as a `${Name}` string and is listed
 * in `symbolic`, so a caller knows a difference there means nothing.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export const PSEUDO_PARAMETERS = [
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
] as const;

export interface EvaluateOptions {
  /** The stack's parameter values; a parameter without one takes its template Default. */
  parameterValues?: Readonly<Record<string, string>>;
  /** `AWS::Region`, `AWS::StackName`, … (`AWS::NotificationARNs` comma-separated). */
  pseudoValues?: Readonly<Record<string, string>>;
  /** Physical ids of the stack's resources, for `Ref` to a resource. */
  physicalIds?: Readonly<Record<string, string>>;
  /**
   * For what a person will read: a NoEcho parameter stays unknown whatever
   * value is given (an emulator may return it unmasked), so its value never
   * reaches the result.
   */
  hideNoEcho?: boolean;
}

export interface Evaluation {
  /** Undefined when the value itself is `AWS::NoValue`. */
  value: JsonValue | undefined;
  /** Names left symbolic, e.g. `WebServer.PublicIp`, `AWS::AccountId`. */
  symbolic: string[];
}

/** Returned by a Ref to `AWS::NoValue`: the enclosing key or list item disappears. */
const NO_VALUE = Symbol('AWS::NoValue');
type Value = JsonValue | typeof NO_VALUE;

const MAX_DEPTH = 100;
/** Intrinsic evaluations per evaluation (one template, one set of values); past it, values are unknown. */
export const MAX_EVALUATION_STEPS = 100_000;
/** Longest string an intrinsic may produce (a `Fn::Join` that doubles itself stops here). */
const MAX_STRING = 1_000_000;
/** AWS returns NoEcho values as this mask; the real value is unknowable. */

class Evaluator {
  readonly symbolic = new Set<string>();
  /** Counts every symbolic value produced, so a condition can tell it compared an unknown. */
  private unknowns = 0;
  /**
   * Each intrinsic node evaluated once (with the unknowns it produced), a node
   * met again while it is being evaluated is a cycle, and the work is capped:
   * self-referencing mappings or conditions end at once with an unknown value.
   */
  private readonly memo = new Map<CfnNode, { value: Value; unknowns: number }>();
  private readonly active = new Set<CfnNode>();
  private readonly conditions = new Map<string, boolean | undefined>();
  private readonly activeConditions = new Set<string>();
  private steps = 0;
  constructor(
    private readonly model: TemplateModel,
    private readonly options: EvaluateOptions,
  ) {}

  value(node: CfnNode | undefined, depth: number): Value {
    if (!node) return null;
    if (depth > MAX_DEPTH) return this.unknown('too-deep');
    if (node.kind === 'scalar') return node.value;
    if (node.kind === 'array') {
      const out: JsonValue[] = [];
      for (const item of node.items) {
        const v = this.value(item, depth + 1);
        if (v !== NO_VALUE) out.push(v);
      }
      return out;
    }
    if (node.properties.length === 1) {
      const key = node.properties[0]!.key;
      if (key === 'Ref' || key.startsWith('Fn::')) return this.memoized(node, key, depth);
    }
    const out: { [key: string]: JsonValue } = {};
    for (const p of node.properties) {
      const v = this.value(p.value, depth + 1);
      if (v !== NO_VALUE) out[p.key] = v;
    }
    return out;
  }

  private memoized(node: CfnNode & { kind: 'object' }, fn: string, depth: number): Value {
    const known = this.memo.get(node);
    if (known) {
      // A shared result counts by its whole size: a list of lists of the same lookup cannot grow unnoticed.
      this.steps += this.sizeOf(known.value);
      if (this.steps > MAX_EVALUATION_STEPS) return this.unknown(fn);
      this.unknowns += known.unknowns;
      return known.value;
    }
    if (this.active.has(node) || ++this.steps > MAX_EVALUATION_STEPS) return this.unknown(fn);
    this.active.add(node);
    const before = this.unknowns;
    let value: Value;
    try {
      value = this.intrinsic(fn, node.properties[0]!.value, depth);
      if (typeof value === 'string' && value.length > MAX_STRING) value = this.unknown(fn);
    } finally {
      this.active.delete(node);
    }
    this.memo.set(node, { value, unknowns: this.unknowns - before });
    return value;
  }

  private readonly sizes = new WeakMap<object, number>();

  /** Values in a result, nested ones included (cached per list or object). */
  private sizeOf(v: Value): number {
    if (v === null || typeof v !== 'object') return 1;
    const cached = this.sizes.get(v);
    if (cached !== undefined) return cached;
    let n = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      n += this.sizeOf(child);
      if (n > MAX_EVALUATION_STEPS) break;
    }
    this.sizes.set(v, n);
    return n;
  }

  private intrinsic(fn: string, arg: CfnNode, depth: number): Value {
    const items = arg.kind === 'array' ? arg.items : [];
    switch (fn) {
      case 'Ref': {
        const name = stringValue(arg);
        return name === undefined ? this.unknown('Ref') : this.ref(name);
      }
      case 'Fn::Sub':
        return this.sub(arg, depth);
      case 'Fn::Join': {
        const delimiter = this.value(items[0], depth + 1);
        const list = this.value(items[1], depth + 1);
        if (typeof delimiter !== 'string' || !Array.isArray(list)) return this.unknown('Fn::Join');
        return list.map(text).join(delimiter);
      }
      case 'Fn::If': {
        const name = stringValue(items[0]);
        const decided = name === undefined ? undefined : this.condition(name, depth + 1);
        if (decided === undefined) return this.unknown(`Fn::If:${name ?? '?'}`);
        return this.value(decided ? items[1] : items[2], depth + 1);
      }
      case 'Fn::Select': {
        const index = Number(this.value(items[0], depth + 1));
        const list = this.value(items[1], depth + 1);
        if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length)
          return this.unknown('Fn::Select');
        return list[index]!;
      }
      case 'Fn::FindInMap': {
        const keys = items.slice(0, 3).map((i) => this.value(i, depth + 1));
        if (keys.length !== 3 || keys.some((k) => typeof k !== 'string' && typeof k !== 'number'))
          return this.unknown('Fn::FindInMap');
        const found = getProperty(
          getProperty(getProperty(this.model.mappings, String(keys[0])), String(keys[1])),
          String(keys[2]),
        );
        return found ? this.value(found, depth + 1) : this.unknown('Fn::FindInMap');
      }
      case 'Fn::Base64': {
        const v = this.value(arg, depth + 1);
        return typeof v === 'string' ? base64Utf8(v) : this.unknown('Fn::Base64');
      }
      case 'Fn::Split': {
        const delimiter = this.value(items[0], depth + 1);
        const source = this.value(items[1], depth + 1);
        if (typeof delimiter !== 'string' || typeof source !== 'string' || delimiter === '')
          return this.unknown('Fn::Split');
        return source.split(delimiter);
      }
      case 'Fn::GetAtt': {
        const parts =
          arg.kind === 'array'
            ? arg.items.map((i) => text(this.value(i, depth + 1)))
            : (stringValue(arg) ?? '?').split('.');
        return this.unknown(parts.join('.'));
      }
      case 'Fn::ImportValue': {
        const name = this.value(arg, depth + 1);
        return this.unknown(`Fn::ImportValue:${typeof name === 'string' ? name : '?'}`);
      }
      case 'Fn::ToJsonString': {
        const v = this.value(arg, depth + 1);
        return v === NO_VALUE ? this.unknown(fn) : JSON.stringify(v);
      }
      case 'Fn::Length': {
        const v = this.value(arg, depth + 1);
        return Array.isArray(v) ? v.length : this.unknown(fn);
      }
      default:
        return this.unknown(fn);
    }
  }

  private ref(name: string): Value {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name.startsWith('AWS::')) {
      const v = this.options.pseudoValues?.[name];
      if (v === undefined) return this.unknown(name);
      return name === 'AWS::NotificationARNs' ? (v === '' ? [] : v.split(',')) : v;
    }
    const param = this.model.parameters.get(name);
    if (param) {
      const given = this.options.parameterValues?.[name];
      const value = given ?? stringValue(getProperty(param.node, 'Default'));
      if (value === undefined || ((value === MASK || this.options.hideNoEcho) && isNoEcho(param.node)))
        return this.unknown(name);
      const type = param.type ?? 'String';
      return type === 'CommaDelimitedList' || type.startsWith('List<') ? value.split(',').map((s) => s.trim()) : value;
    }
    if (this.model.resources.has(name)) {
      const id = this.options.physicalIds?.[name];
      return id ?? this.unknown(name);
    }
    return this.unknown(name);
  }

  private sub(arg: CfnNode, depth: number): Value {
    const template = arg.kind === 'array' ? arg.items[0] : arg;
    const variables = arg.kind === 'array' ? arg.items[1] : undefined;
    const source = stringValue(template);
    if (source === undefined) return this.unknown('Fn::Sub');
    // `${name}` up to the first `}` (as /\$\{([^}]*)\}/g), scanned once: without a `}` left, no `${` after matches.
    const parts: string[] = [];
    let from = 0;
    for (let at = source.indexOf('${'); at >= 0; at = source.indexOf('${', from)) {
      const close = source.indexOf('}', at + 2);
      if (close < 0) break;
      parts.push(source.slice(from, at), this.subVariable(source.slice(at, close + 1), variables, depth));
      from = close + 1;
    }
    parts.push(source.slice(from));
    return parts.join('');
  }

  private subVariable(whole: string, variables: CfnNode | undefined, depth: number): string {
    const inner = whole.slice(2, -1);
    // `${!Literal}` is written out as `${Literal}`.
    if (inner.startsWith('!')) return '${' + inner.slice(1) + '}';
    const name = inner.trim();
    const variable = variables ? getProperty(variables, name) : undefined;
    const v = variable
      ? this.value(variable, depth + 1)
      : name.includes('.') && !name.startsWith('AWS::')
        ? this.unknown(name)
        : this.ref(name);
    if (v === NO_VALUE) return '';
    return Array.isArray(v) ? whole : text(v);
  }

  /** A named condition: true/false, or undefined when it depends on something unknown. */
  condition(name: string, depth: number): boolean | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (this.conditions.has(name)) return this.conditions.get(name);
    if (this.activeConditions.has(name) || ++this.steps > MAX_EVALUATION_STEPS) return undefined;
    this.activeConditions.add(name);
    let decided: boolean | undefined;
    try {
      decided = this.conditionNode(getProperty(this.model.conditions, name), depth + 1);
    } finally {
      this.activeConditions.delete(name);
    }
    this.conditions.set(name, decided);
    return decided;
  }

  private conditionNode(node: CfnNode | undefined, depth: number): boolean | undefined {
    if (!node || node.kind !== 'object' || node.properties.length !== 1 || depth > MAX_DEPTH) return undefined;
    const { key, value: arg } = node.properties[0]!;
    const items = arg.kind === 'array' ? arg.items : [];
    switch (key) {
      case 'Condition': {
        const n = stringValue(arg);
        return n === undefined ? undefined : this.condition(n, depth + 1);
      }
      case 'Fn::Equals': {
        if (items.length !== 2) return undefined;
        const before = this.unknowns;
        const a = this.value(items[0], depth + 1);
        const b = this.value(items[1], depth + 1);
        if (this.unknowns !== before) return undefined;
        return (
          JSON.stringify(a === NO_VALUE ? null : a) === JSON.stringify(b === NO_VALUE ? null : b) || text(a) === text(b)
        );
      }
      case 'Fn::Not': {
        const v = this.conditionNode(items[0], depth + 1);
        return v === undefined ? undefined : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const values = items.map((i) => this.conditionNode(i, depth + 1));
        if (key === 'Fn::And') return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
        return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
      }
      default:
        return undefined;
    }
  }

  private unknown(name: string): string {
    this.unknowns++;
    this.symbolic.add(name);
    return '${' + name + '}';
  }
}

function isNoEcho(node: CfnNode): boolean {
  const v = getProperty(node, 'NoEcho');
  return v?.kind === 'scalar' && String(v.value).toLowerCase() === 'true';
}

function text(v: Value): string {
  if (v === NO_VALUE || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Evaluate any node of a parsed template. */
export function evaluateNode(
  model: TemplateModel,
  node: CfnNode | undefined,
  options: EvaluateOptions = {},
): Evaluation {
  const e = new Evaluator(model, options);
  const v = e.value(node, 0);
  return { value: v === NO_VALUE ? undefined : v, symbolic: [...e.symbolic] };
}

/** Decide a named condition (undefined when it depends on an unknown value). */
export function evaluateCondition(
  model: TemplateModel,
  name: string,
  options: EvaluateOptions = {},
): boolean | undefined {
  return new Evaluator(model, options).condition(name, 0);
}

export type MetadataEvaluation =
  | ({ ok: true; /** The parameters the template declares NoEcho. */ noEcho: string[] } & Evaluation)
  | { ok: false; reason: string };

/** Parse a template's text and evaluate one resource's Metadata. */
export function evaluateResourceMetadata(
  templateText: string,
  logicalId: string,
  options: EvaluateOptions = {},
): MetadataEvaluation {
  const parsed = parseTemplate(templateText);
  if (!parsed.root || parsed.root.kind !== 'object' || parsed.problems.length > 0)
    return { ok: false, reason: `the template does not parse as ${parsed.format.toUpperCase()}` };
  const model = new TemplateModel(parsed.root);
  const resource = model.resources.get(logicalId);
  if (!resource) return { ok: false, reason: `the template has no resource "${logicalId}"` };
  const noEcho = [...noEchoNames(model)];
  if (!resource.metadata) return { ok: true, value: undefined, symbolic: [], noEcho };
  return { ok: true, noEcho, ...evaluateNode(model, resource.metadata, options) };
}

/** Base64 of the UTF-8 bytes, as Fn::Base64 does (the core has no Buffer or btoa). */
export function base64Utf8(s: string): string {
  const bytes: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out +=
      alphabet[(n >> 18) & 63]! +
      alphabet[(n >> 12) & 63]! +
      (b === undefined ? '=' : alphabet[(n >> 6) & 63]!) +
      (c === undefined ? '=' : alphabet[n & 63]!);
  }
  return out;
}
