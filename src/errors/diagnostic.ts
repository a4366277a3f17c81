import type { SourceLocation } from './location.js';
import { formatLocation } from './location.js';

/** Severity of a finding. */
export const Severity = { Error: 'error', Warning: 'warning', Info: 'info' } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** One finding of validation: collected, never thrown. */
export interface Diagnostic {
  /** Rule id, `area/kebab-rule`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: SourceLocation;
  readonly hint?: string;
}

/** Creates a diagnostic. */
export function createDiagnostic(
  severity: Severity,
  code: string,
  message: string,
  location: SourceLocation,
  hint?: string,
): Diagnostic {
  return hint === undefined
    ? { code, severity, message, location }
    : { code, severity, message, location, hint };
}

/** One line: `file:line:col path: severity code: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d.location);
  return `${where ? `${where}: ` : ''}${d.severity} ${d.code}: ${d.message}`;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === Severity.Error);
}
