import type { Diagnostic, JsonPath } from '../errors/index.js';
import type { LineColumn } from './json-source.js';

/** One file of a factory folder, as read by config/: the model itself never touches the file system. */
export interface FactoryFile {
  /** Path relative to the factory root, `/` separators (e.g. `pipeline/Daily Load.json`). */
  readonly path: string;
  readonly text: string;
}

/** Maps a file and a JSON path to a line and column, for diagnostics made after parsing. */
export interface SourceIndex {
  locate(file: string, path: JsonPath): LineColumn | undefined;
}

/** Returns `d` with line and column filled in from `sources` when it has a file and no line yet. */
export function locateDiagnostic(d: Diagnostic, sources: SourceIndex): Diagnostic {
  const loc = d.location;
  if (loc.file === undefined || loc.line !== undefined) return d;
  const at = sources.locate(loc.file, loc.path ?? []);
  return at ? { ...d, location: { ...loc, line: at.line, column: at.column } } : d;
}
