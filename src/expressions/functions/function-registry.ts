import { collectionFunctions } from './collection.js';
import { conversionFunctions } from './conversion.js';
import { datetimeFunctions } from './datetime/index.js';
import { encodingFunctions } from './encoding.js';
import type { FunctionDef } from './function-def.js';
import { logicalFunctions } from './logical.js';
import { mathFunctions } from './math.js';
import { stringFunctions } from './string.js';
import { xmlFunctions } from './xml.js';

/** Every built-in function (not the reference functions pipeline(), item()… which the evaluator handles). */
export const builtinFunctions: readonly FunctionDef[] = Object.freeze([
  ...stringFunctions,
  ...collectionFunctions,
  ...logicalFunctions,
  ...conversionFunctions,
  ...xmlFunctions,
  ...encodingFunctions,
  ...mathFunctions,
  ...datetimeFunctions,
]);

const byLowerName: ReadonlyMap<string, FunctionDef> = new Map(
  builtinFunctions.map((f) => [f.name.toLowerCase(), f] as const),
);

/** Finds a built-in function by name, case-insensitively, in O(1). */
export function lookupFunction(name: string): FunctionDef | undefined {
  return byLowerName.get(name) ?? byLowerName.get(name.toLowerCase());
}
