import { formatJsonPath } from '../../src/errors/index.js';
import type { Diagnostic } from '../../src/errors/index.js';
import { loadProject, validateProject } from '../../src/index.js';

/** The comparable part of a finding, as stored in a fixture's expected.json. */
export interface ExpectedFinding {
  readonly code: string;
  readonly severity: string;
  readonly file: string;
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
}

/** Projects a diagnostic onto what fixtures compare (messages may be reworded; the rest may not). */
export function toExpected(d: Diagnostic): ExpectedFinding {
  return {
    code: d.code,
    severity: d.severity,
    file: d.location.file ?? '',
    path: formatJsonPath(d.location.path ?? []),
    line: d.location.line ?? null,
    column: d.location.column ?? null,
  };
}

/** Loads and validates a fixture folder. */
export async function validateFolder(
  dir: string,
): Promise<{ findings: ExpectedFinding[]; diagnostics: readonly Diagnostic[] }> {
  const report = validateProject(await loadProject(dir));
  return { findings: report.diagnostics.map(toExpected), diagnostics: report.diagnostics };
}
