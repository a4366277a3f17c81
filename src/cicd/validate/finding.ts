import type { Diagnostic, JsonPath, Severity } from '../../errors/index.js';
import { createDiagnostic } from '../../errors/index.js';

/** Collects findings of validation rules (never throws on the first one). */
export class Findings {
  readonly list: Diagnostic[] = [];

  error(code: string, message: string, file: string, path: JsonPath, hint?: string): void {
    this.add('error', code, message, file, path, hint);
  }

  warning(code: string, message: string, file: string, path: JsonPath, hint?: string): void {
    this.add('warning', code, message, file, path, hint);
  }

  add(severity: Severity, code: string, message: string, file: string, path: JsonPath, hint?: string): void {
    this.list.push(createDiagnostic(severity, code, message, { file, path }, hint));
  }
}

/** `known: a, b, c` (at most `max` names) for messages that list what is allowed. */
export function knownList(names: Iterable<string>, max = 8): string {
  const all = [...names];
  if (all.length === 0) return 'none defined';
  const shown = all.slice(0, max).join(', ');
  return all.length > max ? `known: ${shown}, … (${all.length} in all)` : `known: ${shown}`;
}
