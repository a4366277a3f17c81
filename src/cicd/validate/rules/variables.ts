import type { JsonValue, PipelineResource } from '../../../model/index.js';
import { isJsonObject } from '../../../model/index.js';
import type { Findings } from '../finding.js';
import { knownList } from '../finding.js';
import type { PipelineLayout } from '../pipeline-scopes.js';

/** The JSON type a literal must have for each variable type (expressions are not checked here). */
const LITERAL_TYPE: Readonly<Record<string, string>> = {
  String: 'string',
  Boolean: 'boolean',
  Integer: 'number',
  Array: 'array',
};

function literalType(v: JsonValue): string | undefined {
  if (typeof v === 'string') return v.startsWith('@') ? undefined : 'string';
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (isJsonObject(v)) return v['type'] === 'Expression' ? undefined : 'object';
  return typeof v;
}

/**
 * SetVariable / AppendVariable name a declared variable; AppendVariable needs an Array variable; a literal
 * value must match the variable's type. `setSystemVariable: true` (the pipeline return value) needs no
 * declaration. Inactive activities are skipped, as ADF skips them. A type mismatch is a warning: ADF publishes
 * such a pipeline and the activity fails only when it runs (see "Choosing severity" in docs/validate.md).
 */
export function checkVariables(pipeline: PipelineResource, layout: PipelineLayout, findings: Findings): void {
  const variables = pipeline.properties.variables;
  for (const { activity: a, path, active } of layout.activities) {
    if ((a.type !== 'SetVariable' && a.type !== 'AppendVariable') || !active) continue;
    const tp = a.typeProperties;
    if (tp['setSystemVariable'] === true) continue;
    const name = tp['variableName'];
    if (typeof name !== 'string') continue; // reported by the schema check
    const namePath = [...path, 'typeProperties', 'variableName'];
    const spec = variables[name];
    if (!spec) {
      findings.error(
        'validate/undeclared-variable',
        `activity "${a.name}" (${a.type}) sets variable "${name}", which pipeline "${pipeline.name}" does not declare (${knownList(Object.keys(variables))})`,
        pipeline.file,
        namePath,
      );
      continue;
    }
    if (a.type === 'AppendVariable') {
      if (spec.type !== 'Array')
        findings.warning(
          'validate/variable-type-mismatch',
          `activity "${a.name}" (AppendVariable) appends to variable "${name}" of type ${spec.type}; AppendVariable needs an Array variable`,
          pipeline.file,
          namePath,
        );
      continue;
    }
    const value = tp['value'];
    const expected = LITERAL_TYPE[spec.type];
    const actual = value === undefined ? undefined : literalType(value);
    if (expected && actual && actual !== expected)
      findings.warning(
        'validate/variable-type-mismatch',
        `activity "${a.name}" (SetVariable) assigns a literal ${actual} to variable "${name}" of type ${spec.type} (expected a ${expected} or an expression)`,
        pipeline.file,
        [...path, 'typeProperties', 'value'],
      );
  }
}
