import type { JsonValue } from '../../model/index.js';
import { ArmExpression, toArmJson, toPlainJson } from './arm-tree.js';
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

/** ARM parameter names: letters, digits and `_` only. */
export function armSafeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/** Collects the parameters of one template, giving each a unique ARM-safe name. */
export class ArmParameterSet {
  private readonly byName = new Map<string, ArmParameter>();

  /** Adds a parameter (its name made ARM-safe and unique) and returns the `[parameters('…')]` expression. */
  add(parameter: ArmParameter): ArmExpression {
    const base = armSafeName(parameter.name);
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
    return new ArmExpression(`[parameters('${name}')]`);
  }

  /** Number of parameters added so far. */
  get size(): number {
    return this.byName.size;
  }

  /** The template's `parameters` section entries (sorted by name). */
  templateEntries(): [string, JsonValue][] {
    return this.sorted().map((p) => [
      p.name,
      {
        type: p.type,
        ...(p.metadata === undefined ? {} : { metadata: p.metadata }),
        ...(p.withDefault && p.value !== undefined ? { defaultValue: toArmJson(p.value) } : {}),
      },
    ]);
  }

  /** The parameter file entries: the current value, or `""` for secure and unknown values. */
  fileEntries(): [string, JsonValue][] {
    return this.sorted().map((p) => [p.name, { value: p.value === undefined ? '' : toPlainJson(p.value) }]);
  }

  private sorted(): ArmParameter[] {
    return [...this.byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
