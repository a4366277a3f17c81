import type { CallNode, ExprNode } from './ast/expr-node.js';
import type { Template } from './ast/template.js';
import { isExpressionError } from './expression-error.js';
import { ExprCode } from './expression-codes.js';
import { builtinFunctions, lookupFunction } from './functions/function-registry.js';
import { referenceArity, referenceFunctionOf } from './reference-functions.js';
import { parseTemplateCached } from './template-cache.js';

/** What an expression may reference. Each set, when given, lists what may be referenced; undefined = not checked. */
export interface StaticScope {
  readonly parameters?: ReadonlySet<string>;
  readonly variables?: ReadonlySet<string>;
  readonly activities?: ReadonlySet<string>;
  /**
   * Every activity of the pipeline, at any level: an `activity('x')` outside `activities` but in this set
   * exists but is not upstream, and the finding says so.
   */
  readonly allActivities?: ReadonlySet<string>;
  /** The activity whose expression is checked, named in "not upstream of" findings. */
  readonly activityName?: string;
  /** `false`: `item()` is an error; `true` or undefined: not checked. */
  readonly inForEach?: boolean;
  readonly datasetParameters?: ReadonlySet<string>;
  readonly linkedServiceParameters?: ReadonlySet<string>;
  readonly globalParameters?: ReadonlySet<string>;
}

/** One finding of the static checker; `position`/`length` are offsets into the checked string. */
export interface ExpressionIssue {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly position: number;
  readonly length: number;
}

/** ADF's limit on the length of an expression: 8,192 characters (https://learn.microsoft.com/azure/data-factory/control-flow-expression-language-functions). */
export const MAX_EXPRESSION_LENGTH = 8192;

/**
 * Checks a JSON string value without evaluating it: syntax, unknown functions, arity, and references to
 * parameters, variables, activities, `item()`, dataset and linked-service parameters that `scope` does not
 * declare. Collects every finding; never throws.
 * @example checkTemplate("@variables('x')", { variables: new Set(['y']) }) // → [{ code: 'expr/unknown-variable', … }]
 */
export function checkTemplate(text: string, scope: StaticScope): readonly ExpressionIssue[] {
  let template: Template;
  try {
    template = parseTemplateCached(text);
  } catch (err) {
    if (!isExpressionError(err)) throw err;
    return [
      { code: err.code, severity: 'error', message: err.message, position: err.position, length: err.length },
    ];
  }
  const issues: ExpressionIssue[] = [];
  if (template.kind === 'LiteralTemplate') return issues;
  if (text.length > MAX_EXPRESSION_LENGTH)
    issues.push(
      issue(
        ExprCode.TooLong,
        'warning',
        `expression is ${text.length} characters long; ADF allows at most ${MAX_EXPRESSION_LENGTH}`,
        0,
        text.length,
      ),
    );
  const walker = new Walker(scope, issues);
  if (template.kind === 'ExpressionTemplate') walker.visit(template.expression);
  else for (const p of template.parts) if (p.kind === 'Interpolation') walker.visit(p.expression);
  return issues;
}

function issue(
  code: string,
  severity: 'error' | 'warning',
  message: string,
  position: number,
  length: number,
): ExpressionIssue {
  return { code, severity, message, position, length: Math.max(1, length) };
}

/** `.name` or `['name']`: the member name and where it is written. */
function memberOf(
  node: ExprNode,
): { name: string; start: number; length: number; nullSafe: boolean; object: ExprNode } | undefined {
  if (node.kind === 'Property')
    return {
      name: node.name,
      start: node.nameStart,
      length: node.name.length,
      nullSafe: node.nullSafe,
      object: node.object,
    };
  if (node.kind === 'Index' && node.index.kind === 'Literal' && typeof node.index.value === 'string')
    return {
      name: node.index.value,
      start: node.index.start,
      length: node.index.end - node.index.start,
      nullSafe: node.nullSafe,
      object: node.object,
    };
  return undefined;
}

function isCallOf(node: ExprNode, name: string): node is CallNode {
  return node.kind === 'Call' && node.name.toLowerCase() === name && node.args.length === 0;
}

function hasName(set: ReadonlySet<string>, name: string): boolean {
  if (set.has(name)) return true;
  const lower = name.toLowerCase();
  for (const n of set) if (n.toLowerCase() === lower) return true;
  return false;
}

function known(set: ReadonlySet<string>): string {
  return set.size === 0 ? 'none declared' : `known: ${[...set].slice(0, 20).join(', ')}`;
}

class Walker {
  constructor(
    private readonly scope: StaticScope,
    private readonly issues: ExpressionIssue[],
  ) {}

  visit(node: ExprNode): void {
    switch (node.kind) {
      case 'Literal':
        return;
      case 'Call':
        this.call(node);
        for (const a of node.args) this.visit(a);
        return;
      case 'Property':
      case 'Index':
        this.member(node);
        this.visit(node.object);
        if (node.kind === 'Index') this.visit(node.index);
        return;
    }
  }

  private report(
    code: string,
    message: string,
    position: number,
    length: number,
    severity: 'error' | 'warning' = 'error',
  ): void {
    this.issues.push(issue(code, severity, message, position, length));
  }

  private call(node: CallNode): void {
    const ref = referenceFunctionOf(node.name);
    const def = ref === undefined ? lookupFunction(node.name) : undefined;
    if (ref === undefined && def === undefined) {
      const suggestion = suggest(node.name);
      this.report(
        ExprCode.UnknownFunction,
        `unknown function '${node.name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
        node.start,
        node.name.length,
      );
      return;
    }
    const min = ref !== undefined ? referenceArity[ref] : def!.minArgs;
    const max = ref !== undefined ? referenceArity[ref] : def!.maxArgs;
    const n = node.args.length;
    if (n < min || n > max) {
      this.report(
        ExprCode.Arity,
        `${ref ?? def!.name}() expects ${arityText(min, max)}, got ${n}`,
        node.start,
        node.end - node.start,
      );
      return;
    }
    const arg = node.args[0];
    const literal = arg?.kind === 'Literal' && typeof arg.value === 'string' ? arg.value : undefined;
    const s = this.scope;
    if (ref === 'variables' && literal !== undefined && s.variables && !hasName(s.variables, literal))
      this.report(
        ExprCode.UnknownVariable,
        `variable '${literal}' is not declared (${known(s.variables)})`,
        arg!.start,
        arg!.end - arg!.start,
      );
    if (ref === 'activity' && literal !== undefined && s.activities && !hasName(s.activities, literal))
      this.report(
        ExprCode.UnknownActivity,
        s.allActivities && hasName(s.allActivities, literal)
          ? `activity '${literal}' exists, but is not upstream of ${s.activityName === undefined ? 'this activity' : `"${s.activityName}"`}: only activities it depends on, directly or through others, can be referenced (upstream: ${[...s.activities].slice(0, 20).join(', ') || 'none'})`
          : `activity '${literal}' does not exist in this pipeline (upstream: ${[...s.activities].slice(0, 20).join(', ') || 'none'})`,
        arg!.start,
        arg!.end - arg!.start,
      );
    if (ref === 'item' && s.inForEach === false)
      this.report(
        ExprCode.ItemOutsideForEach,
        'item() can only be used inside a ForEach (or a Filter condition)',
        node.start,
        node.end - node.start,
      );
    if (ref !== undefined && arg !== undefined && arg.kind === 'Literal' && typeof arg.value !== 'string')
      this.report(ExprCode.Type, `${ref}() expects a name (a string)`, arg.start, arg.end - arg.start);
  }

  private member(node: ExprNode): void {
    const m = memberOf(node);
    if (m === undefined) return;
    const s = this.scope;
    const severity = m.nullSafe ? 'warning' : 'error';
    const check = (set: ReadonlySet<string> | undefined, code: string, what: string): void => {
      if (set && !hasName(set, m.name))
        this.report(code, `${what} '${m.name}' is not declared (${known(set)})`, m.start, m.length, severity);
    };
    const parent = memberOf(m.object);
    if (parent !== undefined && isCallOf(parent.object, 'pipeline')) {
      const group = parent.name.toLowerCase();
      if (group === 'parameters') check(s.parameters, ExprCode.UnknownParameter, 'pipeline parameter');
      else if (group === 'globalparameters')
        check(s.globalParameters, ExprCode.UnknownGlobalParameter, 'global parameter');
    } else if (isCallOf(m.object, 'dataset')) {
      check(s.datasetParameters, ExprCode.UnknownDatasetParameter, 'dataset parameter');
    } else if (isCallOf(m.object, 'linkedservice')) {
      check(s.linkedServiceParameters, ExprCode.UnknownLinkedServiceParameter, 'linked service parameter');
    }
  }
}

function arityText(min: number, max: number): string {
  const n = (k: number): string => `${k} argument${k === 1 ? '' : 's'}`;
  if (min === max) return min === 0 ? 'no arguments' : `exactly ${n(min)}`;
  if (max === Infinity) return `at least ${n(min)}`;
  return `${min} to ${n(max)}`;
}

const ALL_NAMES = [
  ...builtinFunctions.map((f) => f.name),
  'pipeline',
  'variables',
  'activity',
  'item',
  'dataset',
  'linkedService',
  'trigger',
  'triggerBody',
];

/** The closest known function name (edit distance ≤ 2), for "did you mean". */
function suggest(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestD = 3;
  for (const candidate of ALL_NAMES) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = candidate;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
