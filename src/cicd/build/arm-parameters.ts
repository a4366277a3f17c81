import type { JsonValue } from '../../model/index.js';
import { ArmExpression, armQuote, toArmJson, toPlainJson } from './arm-tree.js';
import type { ArmTree } from './arm-tree.js';
import { isSecureType } from './parameter-directive.js';
import type { ArmParameterType } from './parameter-directive.js';

/** One generated ARM template parameter. */
export interface ArmParameter {
  readonly name: string;
  readonly type: ArmParameterType;
  /** The current (dev) value: the template default for `=`, the parameter file value. Never set for secure types. */
  readonly value?: ArmTree;
  /** True when the template declares `value` as defaultValue (`=` directives). */
  readonly withDefault: boolean;
  readonly metadata?: string;
}

/** `[parameters('name')]`, the name quoted as an ARM string literal. */
export function parameterExpression(name: string): ArmExpression {
  return new ArmExpression(`[parameters(${armQuote(name)})]`);
}

/**
 * Collects the parameters of one template. Names are kept as ADF writes them (spaces and hyphens of
 * resource names included, so existing override files keep matching); a name taken twice (case-insensitive,
 * as ARM compares them) gets `_2`, `_3`, ….
 */
export class ArmParameterSet {
  private readonly byName = new Map<string, ArmParameter>();

  /** Adds a parameter and returns the `[parameters('…')]` expression. */
  add(parameter: ArmParameter): ArmExpression {
    const base = parameter.name;
    let name = base;
    for (let n = 2; this.byName.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    const secure = isSecureType(parameter.type);
    const { value: _value, ...rest } = parameter;
    this.byName.set(name.toLowerCase(), {
      ...rest,
      name,
      ...(secure || parameter.value === undefined ? {} : { value: parameter.value }),
      withDefault: parameter.withDefault && !secure,
    });
    return parameterExpression(name);
  }

  /** Number of parameters added so far. */
  get size(): number {
    return this.byName.size;
  }

  /** The parameter of that name (case-insensitive), if any. */
  get(name: string): ArmParameter | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /**
   * The parameters in ADF's order: secure ones first, then the others, each group in the order the
   * resources use them (`order`: names by first use; parameters no resource uses come last).
   */
  ordered(order: readonly string[]): ArmParameter[] {
    const seen = new Set<string>();
    const out: ArmParameter[] = [];
    for (const name of [...order, ...[...this.byName.values()].map((p) => p.name)]) {
      const p = this.get(name);
      if (p === undefined || seen.has(p.name.toLowerCase())) continue;
      seen.add(p.name.toLowerCase());
      out.push(p);
    }
    return [...out.filter((p) => isSecureType(p.type)), ...out.filter((p) => !isSecureType(p.type))];
  }
}

/** A parameter's entry in a template's `parameters` section. */
export function templateEntry(p: ArmParameter): JsonValue {
  return {
    type: p.type,
    ...(p.metadata === undefined ? {} : { metadata: p.metadata }),
    ...(p.withDefault && p.value !== undefined ? { defaultValue: toArmJson(p.value) } : {}),
  };
}

/** A parameter's entry in a parameter file: the current value, or `""` for secure and unknown values. */
export function fileEntry(p: ArmParameter): JsonValue {
  return { value: p.value === undefined ? '' : toPlainJson(p.value) };
}

/** The parameter names an ARM JSON value references (`parameters('x')`), in order of first use. */
export function referencedParameters(
  value: JsonValue,
  out: string[] = [],
  seen = new Set<string>(),
): string[] {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/parameters\('((?:[^']|'')*)'\)/g)) {
      const name = (m[1] ?? '').replace(/''/g, "'");
      if (!seen.has(name.toLowerCase())) {
        seen.add(name.toLowerCase());
        out.push(name);
      }
    }
  } else if (Array.isArray(value)) {
    for (const v of value as readonly JsonValue[]) referencedParameters(v, out, seen);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) if (v !== undefined) referencedParameters(v, out, seen);
  }
  return out;
}
