/** A JSON path as a list of keys and indexes, e.g. `['properties', 'activities', 2, 'name']`. */
export type JsonPath = readonly (string | number)[];

/** Where a problem is: a file (relative to the project when possible), a JSON path, and line/column when known. */
export interface SourceLocation {
  readonly file?: string;
  readonly path?: JsonPath;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a JSON path the way findings show it: `properties.activities[2].dependsOn[0].activity`.
 * Keys that are not identifiers are written `['my key']`.
 */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENT.test(part)) out += out === '' ? part : `.${part}`;
    else out += `['${part.replace(/'/g, "\\'")}']`;
  }
  return out;
}

/** Formats a location as `file:line:col $path` (the parts that are known). */
export function formatLocation(loc: SourceLocation | undefined): string {
  if (!loc) return '';
  let out = loc.file ?? '';
  if (loc.line !== undefined) out += `:${loc.line}${loc.column !== undefined ? `:${loc.column}` : ''}`;
  if (loc.path && loc.path.length > 0) out += `${out ? ' ' : ''}${formatJsonPath(loc.path)}`;
  return out;
}
