import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { JsonObject, JsonValue } from '../model/index.js';
import type { LocalDbfs } from './dbfs-path.js';
import { localLibraryPath } from './dbfs-path.js';
import { PythonErrorCode, pythonError } from './python-error.js';

/**
 * What an environment is made of: pip requirement lines (index options first, then requirements; each
 * group deduplicated and sorted, so the same set in any order gives the same key), egg files put on
 * `sys.path` as Databricks does for egg libraries, and the Spark side (jars, Maven packages).
 */
export interface RequirementSet {
  /** `--index-url`/`--extra-index-url` lines, sorted. */
  readonly options: readonly string[];
  /** Requirement specifiers and local wheel paths (`/abs/x.whl # sha256=…`), sorted. */
  readonly requirements: readonly string[];
  /** Local egg files, sorted. */
  readonly eggs: readonly string[];
  readonly jars: readonly string[];
  readonly packages: readonly string[];
  readonly repositories: readonly string[];
}

/** Where library paths resolve. */
export interface RequirementSources {
  readonly dbfs: LocalDbfs;
  /** Base of relative paths (the project folder). */
  readonly baseDir: string;
}

/** Collects a requirement set; `add*` methods validate as they go and `build()` sorts. */
export class RequirementSetBuilder {
  private readonly options = new Set<string>();
  private readonly requirements = new Set<string>();
  private readonly eggs = new Set<string>();
  private readonly jars = new Set<string>();
  private readonly packages = new Set<string>();
  private readonly repositories = new Set<string>();

  constructor(private readonly sources: RequirementSources) {}

  /** A local file behind a library path; fails `python/library-not-found` naming both. */
  private file(path: string, what: string): string {
    const local = localLibraryPath(path, this.sources.dbfs, this.sources.baseDir);
    if (local === undefined || !existsSync(local)) {
      throw pythonError(
        PythonErrorCode.LibraryNotFound,
        `${what}: ${path} not found${local === undefined ? ' (it leaves the DBFS folder)' : ` (looked at ${local})`}`,
        'put the file under the project DBFS folder or a mount in millrace.json "dbfs.mounts"',
      );
    }
    return local;
  }

  /** A wheel or archive by path, keyed by its content so a rebuilt file builds a new environment. */
  private localArchive(path: string, what: string): string {
    const local = this.file(path, what);
    const digest = createHash('sha256').update(readFileSync(local)).digest('hex').slice(0, 16);
    return `${local} # sha256=${digest}`;
  }

  /** The lines of a requirements file (comments and blank lines dropped); nested `-r` relative to it. */
  addRequirementsFile(path: string, what: string): void {
    const local = this.file(path, what);
    const lines = readFileSync(local, 'utf8').split(/\r?\n/);
    const words = lines.flatMap((l) => {
      const line = l.replace(/(^|\s)#.*$/, '').trim();
      return line === '' ? [] : [line];
    });
    for (const line of words) {
      const m = /^(-r|--requirement)\s+(.+)$/.exec(line);
      if (m?.[2] !== undefined) {
        const nested = localLibraryPath(m[2], this.sources.dbfs, dirname(local)) ?? m[2];
        this.addRequirementsFile(nested, `${what} (${local})`);
      } else if (/^(-i|--index-url|--extra-index-url)\b/.test(line)) {
        this.options.add(line.replace(/^-i\b/, '--index-url'));
      } else this.requirements.add(line);
    }
  }

  /** The words after `%pip install` in a notebook cell. */
  addPipInstall(args: readonly string[], what: string): void {
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      const next = (): string => {
        const v = args[++i];
        if (v === undefined)
          throw pythonError(PythonErrorCode.InvalidLibrary, `${what}: ${arg} needs a value`);
        return v;
      };
      if (arg === '-r' || arg === '--requirement') this.addRequirementsFile(next(), what);
      else if (arg === '-i' || arg === '--index-url') this.options.add(`--index-url ${next()}`);
      else if (arg === '--extra-index-url') this.options.add(`--extra-index-url ${next()}`);
      else if (
        /^(-q+|--quiet|-U|--upgrade|--no-cache-dir|--force-reinstall|--disable-pip-version-check)$/.test(arg)
      )
        continue; // output and caching flags change nothing about what is installed
      else if (arg.startsWith('-'))
        throw pythonError(
          PythonErrorCode.InvalidLibrary,
          `${what}: %pip install option ${arg} is not supported locally`,
          'supported: package specifiers, wheel paths, -r <file>, --index-url, --extra-index-url',
        );
      else if (/\.(whl|tar\.gz|zip)$/i.test(arg) && !/^[a-z]+:\/\/|^git\+/i.test(arg))
        this.requirements.add(this.localArchive(arg, what));
      else this.requirements.add(arg);
    }
  }

  /**
   * One entry of an activity's `libraries` (ADF: `jar`, `egg`, `whl`, `pypi` {package, repo}, `maven`
   * {coordinates, repo, exclusions}, `cran`; Databricks Jobs also `requirements`). See
   * https://learn.microsoft.com/azure/data-factory/transform-data-databricks-notebook#databricks-notebook-activity-definition
   */
  addLibrary(lib: JsonValue, what: string): void {
    const bad = (why: string): never => {
      throw pythonError(
        PythonErrorCode.InvalidLibrary,
        `${what}: ${why}`,
        'a library looks like {"pypi": {"package": "pandas==2.2.2"}}, {"whl": "dbfs:/libs/x.whl"}, {"jar": "…"}, {"maven": {"coordinates": "g:a:v"}}',
      );
    };
    if (lib === null || typeof lib !== 'object' || Array.isArray(lib))
      return bad('a library must be an object');
    const [kind, value] = Object.entries(lib)[0] ?? [];
    const str = (v: JsonValue | undefined, field: string): string =>
      typeof v === 'string' && v !== '' ? v : bad(`${field} must be a non-empty string`);
    const obj = (v: JsonValue | undefined): JsonObject =>
      v !== null && typeof v === 'object' && !Array.isArray(v)
        ? (v as JsonObject)
        : bad(`${kind} must be an object`);
    switch (kind) {
      case 'pypi': {
        const p = obj(value);
        this.requirements.add(str(p['package'], 'pypi.package'));
        if (p['repo'] !== undefined) this.options.add(`--extra-index-url ${str(p['repo'], 'pypi.repo')}`);
        return;
      }
      case 'whl':
        this.requirements.add(this.localArchive(str(value, 'whl'), what));
        return;
      case 'egg':
        this.eggs.add(this.file(str(value, 'egg'), what));
        return;
      case 'requirements':
        this.addRequirementsFile(str(value, 'requirements'), what);
        return;
      case 'jar':
        this.jars.add(this.file(str(value, 'jar'), what));
        return;
      case 'maven': {
        const m = obj(value);
        const excl = Array.isArray(m['exclusions'])
          ? m['exclusions'].filter((e) => typeof e === 'string')
          : [];
        // spark.jars.packages has no per-package exclusions; Spark's own `spark.jars.excludes` is global.
        if (excl.length > 0) bad('maven.exclusions are not supported locally');
        this.packages.add(str(m['coordinates'], 'maven.coordinates'));
        if (m['repo'] !== undefined) this.repositories.add(str(m['repo'], 'maven.repo'));
        return;
      }
      case 'cran':
        return bad('cran (R) libraries cannot run locally: only Python notebooks run');
      default:
        return bad(
          `unknown library kind ${JSON.stringify(kind ?? '')} (known: pypi, whl, egg, requirements, jar, maven)`,
        );
    }
  }

  build(): RequirementSet {
    const sorted = (s: Set<string>): string[] => [...s].sort();
    return {
      options: sorted(this.options),
      requirements: sorted(this.requirements),
      eggs: sorted(this.eggs),
      jars: sorted(this.jars),
      packages: sorted(this.packages),
      repositories: sorted(this.repositories),
    };
  }
}

/** True when the set needs a Python environment of its own (the Spark side does not). */
export function needsEnvironment(set: RequirementSet): boolean {
  return set.requirements.length > 0 || set.eggs.length > 0;
}

/** The cache key of an environment: a hash of the base interpreter and the Python side of the set. */
export function environmentKey(interpreter: string, set: RequirementSet): string {
  const identity = JSON.stringify({ v: 1, interpreter, o: set.options, r: set.requirements, e: set.eggs });
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}
