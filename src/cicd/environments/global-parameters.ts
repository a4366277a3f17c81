import type { Diagnostic, SourceLocation } from '../../errors/index.js';
import { createDiagnostic } from '../../errors/index.js';
import type { GlobalParameterSpec, JsonValue } from '../../model/index.js';
import type { FactoryDraft } from './factory-resources.js';

function inferType(value: JsonValue): GlobalParameterSpec['type'] {
  if (typeof value === 'boolean') return 'Bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Int' : 'Float';
  if (Array.isArray(value)) return 'Array';
  if (value !== null && typeof value === 'object') return 'Object';
  return 'String';
}

/** Sets a global parameter's value (keeping its declared type); an undeclared one is added, with a warning. */
export function setGlobalParameter(
  d: FactoryDraft,
  name: string,
  value: JsonValue,
  at: SourceLocation,
): Diagnostic[] {
  const declared = d.globalParameters[name];
  d.globalParameters = { ...d.globalParameters, [name]: { type: declared?.type ?? inferType(value), value } };
  return declared
    ? []
    : [
        createDiagnostic(
          'warning',
          'env/undeclared-global-parameter',
          `global parameter ${name} is not declared in the factory; added as ${inferType(value)}`,
          at,
        ),
      ];
}
