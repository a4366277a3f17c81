import { ConfigError } from '../errors/index.js';
import path from 'node:path';
import type { ResolvedProject } from './load-project.js';
import { resolveProject } from './load-project.js';
import { pythonCacheDir } from './python-cache-dir.js';

/**
 * What a caller chooses about a project (all optional). `resolveConfig` turns it, the project's `millrace.json`
 * and the environment variables into a {@link ResolvedConfig}.
 */
export interface ConfigOptions {
  /** Project folder (millrace.json) or bare factory folder. Default `.`. */
  readonly projectDir?: string;
  /**
   * A snapshot of the process environment (`MILLRACE_DB`, `MILLRACE_PYTHON_ENVS`, `XDG_CACHE_HOME`). Default
   * `process.env`.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The state database chosen on the command line (`--db postgres://…`): wins over `MILLRACE_DB` and millrace.json. */
  readonly db?: string;
  /** Where execution activities run (`--execution`): wins over `MILLRACE_EXECUTION` and millrace.json `execution`. */
  readonly execution?: string;
}

/**
 * Where a project's execution activities run: in the process that runs the pipeline (`local`, the default), or on
 * `millrace worker` processes that take them from the work queue in the PostgreSQL state database (`workers`).
 */
export type ExecutionMode = 'local' | 'workers';

/**
 * Where a project's state lives: the embedded SQLite file (default), or a PostgreSQL database shared by many
 * servers (`--db`, `MILLRACE_DB`, millrace.json `database`).
 */
export type ResolvedDatabase =
  { readonly kind: 'sqlite'; readonly path: string } | { readonly kind: 'postgres'; readonly url: string };

/** The local DBFS of a project, folders absolute. */
export interface ResolvedDbfs {
  /** The folder behind `dbfs:/` and `/dbfs/`: millrace.json `dbfs.root`, default `<project>/.millrace/dbfs`. */
  readonly root: string;
  /** `/mnt/<name>` → absolute folder (millrace.json `dbfs.mounts`). */
  readonly mounts: Readonly<Record<string, string>>;
  /** `/mnt/<name>` → the `abfss://`/`wasbs://` URL it stands for (millrace.json `dbfs.sources`). */
  readonly sources: Readonly<Record<string, string>>;
}

/**
 * Everything the library needs to know about a project, every default applied, frozen. Built once per command
 * (`resolveConfig`) and handed to every service of that command, so `millrace.json` is read once.
 */
export interface ResolvedConfig {
  /** Where the project and its factory are, its notebook folders and its parsed `millrace.json`. */
  readonly project: ResolvedProject;
  /** Absolute project folder (`project.root`). */
  readonly root: string;
  /** `<project>/.millrace`: run state, logs, captures, Spark state. */
  readonly stateDir: string;
  /** `<project>/.millrace/state.db`: runs, triggers, tokens, audit, ML tracking and registry. */
  readonly stateDb: string;
  /** The state database: `stateDb` unless a PostgreSQL URL was chosen (flag > `MILLRACE_DB` > millrace.json). */
  readonly database: ResolvedDatabase;
  /** Where execution activities run (flag > `MILLRACE_EXECUTION` > millrace.json `execution` > `local`). */
  readonly execution: ExecutionMode;
  /** `<project>/.millrace/logs`: the kept activity logs (`<runId>/<activityRunId>.log`). */
  readonly logDir: string;
  /** `<project>/.millrace/captures`: raw output of notebook and script processes. */
  readonly capturesDir: string;
  /** Files activity runs keep (a notebook's `display()` output): `<artifactDir>/<runId>/<activityRunId>/`. */
  readonly artifactDir: string;
  /** `<project>/.millrace/mlartifacts`: the MLflow artifact proxy's root. */
  readonly mlArtifactRoot: string;
  readonly dbfs: ResolvedDbfs;
  /** Python interpreter (millrace.json `python`); undefined: the runtime's default (`python3`). */
  readonly python: string | undefined;
  /** millrace.json `pythonRequirements`, absolute; undefined: `requirements.txt` when that file exists. */
  readonly pythonRequirements: string | undefined;
  /** Folder of the cached Python environments (see `pythonCacheDir`). */
  readonly pythonCacheDir: string;
}

const absoluteMap = (root: string, map: Readonly<Record<string, string>> | undefined) =>
  Object.freeze(Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, path.resolve(root, v)])));

/**
 * Applies every default to a located project (no I/O beyond `env`): the synchronous half of `resolveConfig`,
 * for a caller that has a `ResolvedProject` already.
 */
export function compileConfig(
  project: ResolvedProject,
  env: Readonly<Record<string, string | undefined>> = process.env,
  db?: string,
  execution?: string,
): ResolvedConfig {
  const { root } = project;
  const file = project.config;
  const stateDir = path.join(root, '.millrace');
  const stateDb = path.join(stateDir, 'state.db');
  const database = resolveDatabase(stateDb, db, env['MILLRACE_DB'], file?.database);
  return Object.freeze({
    project,
    root,
    stateDir,
    stateDb,
    database,
    execution: resolveExecution(execution, env['MILLRACE_EXECUTION'], file?.execution),
    logDir: path.join(stateDir, 'logs'),
    capturesDir: path.join(stateDir, 'captures'),
    artifactDir: path.join(stateDir, 'artifacts'),
    mlArtifactRoot: path.join(stateDir, 'mlartifacts'),
    dbfs: Object.freeze({
      root: file?.dbfs?.root ? path.resolve(root, file.dbfs.root) : path.join(stateDir, 'dbfs'),
      mounts: absoluteMap(root, file?.dbfs?.mounts),
      sources: Object.freeze({ ...file?.dbfs?.sources }),
    }),
    python: file?.python,
    pythonRequirements:
      file?.pythonRequirements === undefined ? undefined : path.resolve(root, file.pythonRequirements),
    pythonCacheDir: pythonCacheDir(env),
  });
}

/**
 * Resolves a project once: locates it (reading `millrace.json`, the only read of that file a command makes),
 * applies the defaults and freezes the result. Throws ConfigError `config/not-a-factory` or
 * `config/invalid-project-file` (naming the field).
 *
 * @example
 * const config = await resolveConfig({ projectDir: 'examples/quickstart' });
 * config.stateDb; // '/…/examples/quickstart/.millrace/state.db'
 */
export async function resolveConfig(options: ConfigOptions = {}): Promise<ResolvedConfig> {
  return compileConfig(
    await resolveProject(options.projectDir ?? '.'),
    options.env,
    options.db,
    options.execution,
  );
}

/** The first non-empty of flag, env and file as a PostgreSQL URL, else the SQLite file. */
function resolveDatabase(stateDb: string, ...choices: readonly (string | undefined)[]): ResolvedDatabase {
  const url = choices.find((c) => c !== undefined && c.trim() !== '');
  if (url === undefined) return Object.freeze({ kind: 'sqlite', path: stateDb });
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    // Never echo the value: it may hold a password.
    throw new ConfigError({
      code: 'config/invalid-database',
      message: 'the state database (--db, MILLRACE_DB or millrace.json database) must be a postgres:// URL',
    });
  }
  return Object.freeze({ kind: 'postgres', url });
}

/**
 * The first non-empty of flag, env and file. That `workers` needs the PostgreSQL state database is checked where
 * activities run (`createMillrace`): a command that runs nothing (validate, build) works with any setting.
 */
function resolveExecution(...choices: readonly (string | undefined)[]): ExecutionMode {
  const chosen = choices.find((c) => c !== undefined && c.trim() !== '')?.trim() ?? 'local';
  if (chosen !== 'local' && chosen !== 'workers') {
    throw new ConfigError({
      code: 'config/invalid-execution',
      message: `execution ${JSON.stringify(chosen)} (--execution, MILLRACE_EXECUTION or millrace.json execution) must be "local" or "workers"`,
    });
  }
  return chosen;
}

/** Options of a library entry point: a project folder, or the config its command resolved already. */
export interface ProjectOptions {
  /** Project folder (millrace.json) or bare factory folder. Default `.`; ignored when `config` is given. */
  readonly projectDir?: string;
  /** The command's resolved config: given, `millrace.json` is not read again. */
  readonly config?: ResolvedConfig;
  /** `--db`: the state database URL; ignored when `config` is given. */
  readonly db?: string;
  /** `--execution`: where execution activities run; ignored when `config` is given. */
  readonly execution?: string;
}

/** `options.config`, or the config of `options.projectDir` (resolved now). */
export function configOf(options: ProjectOptions): Promise<ResolvedConfig> {
  return options.config
    ? Promise.resolve(options.config)
    : resolveConfig({
        ...(options.projectDir === undefined ? {} : { projectDir: options.projectDir }),
        ...(options.db === undefined ? {} : { db: options.db }),
        ...(options.execution === undefined ? {} : { execution: options.execution }),
      });
}
