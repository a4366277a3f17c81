import type { Diagnostic } from '../errors/index.js';
import { ConfigError } from '../errors/index.js';

/** A resource file that could not be read as a resource (invalid JSON, or not a JSON object). */
export interface BrokenFile {
  readonly file: string;
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

const UNREADABLE = new Set(['model/invalid-json', 'model/not-an-object']);

/** The files that loading could not turn into resources, from the load diagnostics (file order). */
export function brokenFiles(diagnostics: readonly Diagnostic[]): BrokenFile[] {
  return diagnostics
    .filter((d) => UNREADABLE.has(d.code) && d.location.file !== undefined)
    .map((d) => ({
      file: d.location.file ?? '',
      code: d.code,
      message: d.message,
      ...(d.location.line === undefined ? {} : { line: d.location.line }),
      ...(d.location.column === undefined ? {} : { column: d.location.column }),
    }));
}

function stem(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.replace(/\.json$/i, '').toLowerCase();
}

function at(b: BrokenFile): string {
  return b.line === undefined ? '' : ` at line ${b.line}, column ${b.column ?? 1}`;
}

/**
 * Why pipeline `name` is not in the factory when a pipeline file could not be read: the file named after it
 * (`pipeline/<name>.json`) is broken, or, failing that, some pipeline files are. Undefined when no pipeline
 * file is broken (the pipeline is simply unknown).
 */
export function brokenPipelineError(name: string, broken: readonly BrokenFile[]): ConfigError | undefined {
  const pipelines = broken.filter((b) => b.file.toLowerCase().startsWith('pipeline/'));
  const own = pipelines.find((b) => stem(b.file) === name.toLowerCase());
  if (own)
    return new ConfigError({
      code: own.code,
      message: `pipeline "${name}" cannot run: ${own.file} is not a valid resource file: ${own.message}`,
      location: {
        file: own.file,
        path: [],
        ...(own.line === undefined ? {} : { line: own.line }),
        ...(own.column === undefined ? {} : { column: own.column }),
      },
      hint: 'fix the file (millrace validate lists every problem)',
    });
  if (pipelines.length === 0) return undefined;
  return new ConfigError({
    code: 'run/unknown-pipeline',
    message: `unknown pipeline "${name}"; ${pipelines.length} pipeline file(s) could not be read and may define it: ${pipelines.map((b) => `${b.file}${at(b)}`).join(', ')}`,
    hint: 'fix the file (millrace validate lists every problem)',
  });
}
