import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PythonEnvironment, PythonEnvironments } from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';
import type { DriverEvent, DriverRequest } from './driver-channel.js';
import { attachDriverChannel, DriverRequestError } from './driver-channel.js';
import type { LogCallback } from './log-sink.js';
import { LogSink } from './log-sink.js';
import { NotebookError, NotebookErrorCode } from './notebook-error.js';
import type { DriverCell } from './prepare-cells.js';
import { collectPipInstalls, loadDriverCells } from './prepare-cells.js';
import { runProcess } from './process-runner.js';
import type { NotebookMapping, ResolvedNotebook } from './resolve-notebook-path.js';
import { joinWorkspacePath, resolveNotebookPath } from './resolve-notebook-path.js';
import { toRunOutput } from './run-output.js';
import type { SecretLookup } from './secret-lookup.js';
import type { SparkHosts, SparkHostSpec } from './spark-hosts.js';
import type { TaskValues } from './task-values.js';
import { SecretRedactor } from './secret-redactor.js';

/** The Python driver shipped beside this file (copied to dist/ by scripts/copy-assets.js). */
export const DRIVER_SCRIPT = fileURLToPath(new URL('./driver.py', import.meta.url));

/** Options of one notebook run. */
export interface RunNotebookOptions {
  /** Workspace path, e.g. `/Shared/team/train`. */
  readonly notebookPath: string;
  /** Workspace folder → local folder. */
  readonly notebooks: NotebookMapping;
  /** Widget values (`dbutils.widgets.get`); they win over widget defaults. */
  readonly baseParameters?: Readonly<Record<string, string>>;
  /** Python interpreter; default `python3`. */
  readonly interpreter?: string;
  /** Local folder behind `dbfs:/` and `/dbfs/` (created when missing). */
  readonly dbfsRoot: string;
  /** DBFS mount points → absolute local folders (`/mnt/raw` → `<project>/data/raw`), as `dbutils.fs.mount` made them. */
  readonly dbfsMounts?: Readonly<Record<string, string>>;
  /** DBFS mount points → the cloud URLs they stand for (`abfss://c@a.dfs.core.windows.net/`), so those URLs resolve locally. */
  readonly dbfsSources?: Readonly<Record<string, string>>;
  /** Answers `dbutils.jobs.taskValues`; without it they fail. */
  readonly taskValues?: TaskValues;
  /** File the run's output is appended to (created with its folder). */
  readonly logFile: string;
  /** Every output line, redacted, as it comes. */
  readonly onLog?: LogCallback;
  /** Answers `dbutils.secrets`; without it secret calls fail. */
  readonly secrets?: SecretLookup;
  /** Kill the run (and its process tree) after this many milliseconds. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * Working directory of the Python process (relative file paths in the notebook resolve against it);
   * default the notebook's own folder, as Databricks does for notebooks in Repos.
   */
  readonly workingDir?: string;
  /** Environment of the Python process; absent: inherited. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Time between SIGTERM and SIGKILL when the tree is killed; default 2000 ms. */
  readonly killGraceMs?: number;
  /** Builds the notebook's Python environment from `libraries` and `%pip install` cells; absent: the interpreter as it is. */
  readonly environments?: PythonEnvironments;
  /** The activity's cluster `libraries` (ADF JSON). */
  readonly libraries?: JsonValue;
  /** Folder of local Spark's state: `spark-warehouse/` (saveAsTable) and `metastore_db/`; default `<dbfsRoot>/..`. */
  readonly sparkStateDir?: string;
  /**
   * The shared Spark drivers: a notebook that uses Spark attaches to the one of its run and environment
   * (started on first need) instead of starting its own JVM. Absent: the notebook process starts its own session.
   */
  readonly sparkHosts?: SparkHosts;
  /** The pipeline run (keeps the shared Spark driver alive until `sparkHosts.releaseRun`). */
  readonly runId?: string;
  /** Folder where `display()`/`displayHTML()` output is kept (`display-<n>.html`, `.json`); absent: not kept. */
  readonly artifactDir?: string;
  /** Prefix of the kept display files (child notebooks: `child-<n>-`). */
  readonly artifactPrefix?: string;
  /** The current step while the notebook's Python environment is built (a live status line). */
  readonly onStatus?: (status: string) => void;
  /** Shared with child notebooks so their secrets are masked everywhere; created when absent. */
  readonly redactor?: SecretRedactor;
}

/** How many of the last stdout lines a failure keeps in `output.runError.lastOutput`. */
const LAST_OUTPUT_LINES = 10;

/** What a finished notebook run gives back. */
export interface NotebookResult {
  /** The exit value as ADF shows it (see `toRunOutput`); undefined when the notebook did not exit. */
  readonly runOutput: JsonValue | undefined;
  /** The raw (redacted) string given to `dbutils.notebook.exit`, or null. */
  readonly exitValue: string | null;
  readonly durationMs: number;
  readonly logFile: string;
  /** Top-level cells started (markdown cells are not counted). */
  readonly cellsRun: number;
}

function secretNotFound(scope: string, key: string): DriverRequestError {
  return new DriverRequestError(
    `Secret does not exist with scope: ${scope} and key: ${key}`,
    'SecretNotFound',
  );
}

/**
 * Runs a notebook in a real Python process, cell by cell, with a local `dbutils` (widgets, notebook
 * exit/run, secrets, fs) and no Spark. Throws a NotebookError: `activity/notebook-cell-failed` with
 * `failure` (exception type, cell, line) when a cell raises, `activity/process-timed-out` /
 * `activity/process-cancelled` when killed, `activity/notebook-not-found` before starting.
 */
export async function runNotebook(options: RunNotebookOptions): Promise<NotebookResult> {
  const notebook = resolveNotebookPath(options.notebookPath, options.notebooks);
  const cells = loadDriverCells(notebook, options.notebooks);
  const redactor = options.redactor ?? new SecretRedactor();
  mkdirSync(options.dbfsRoot, { recursive: true });
  const lastOutput: string[] = [];
  const sink = new LogSink(options.logFile, redactor, (line, stream) => {
    if (stream === 'stdout') {
      lastOutput.push(line);
      if (lastOutput.length > LAST_OUTPUT_LINES) lastOutput.shift();
    }
    options.onLog?.(line, stream);
  });
  const children = new AbortController();
  const stopChildren = (): void => children.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', stopChildren, { once: true });
  let cellsRun = 0;
  let childRuns = 0;
  let exitValue: string | null = null;
  let failed: Extract<DriverEvent, { op: 'failed' }> | undefined;
  let finished = false;

  const onEvent = (event: DriverEvent): void => {
    if (event.op === 'cell') cellsRun++;
    else if (event.op === 'exit') [exitValue, finished] = [redactor.redact(event.value), true];
    else if (event.op === 'done') finished = true;
    else if (event.op === 'failed') failed = event;
  };
  const onRequest = async (req: DriverRequest): Promise<JsonValue> => {
    if (req.op === 'run-notebook') {
      const path = joinWorkspacePath(notebook.workspacePath, req.path);
      const n = ++childRuns;
      try {
        const child = await runNotebook({
          ...options,
          notebookPath: path,
          baseParameters: req.arguments,
          timeoutMs: req.timeoutSeconds > 0 ? req.timeoutSeconds * 1000 : undefined,
          logFile: options.logFile.replace(/(\.log)?$/, `.child-${n}.log`),
          artifactPrefix: `${options.artifactPrefix ?? ''}child-${n}-`,
          onLog: (line, stream) => sink.write(`[${path}] ${line}`, stream),
          signal: children.signal,
          redactor,
        });
        return child.exitValue;
      } catch (err) {
        throw new DriverRequestError(
          `Notebook ${path} failed: ${(err as Error).message}`,
          'WorkflowException',
        );
      }
    }
    if (req.op === 'spark-gateway') return attachSpark();
    if (req.op === 'task-value-set' || req.op === 'task-value-get') {
      const values = options.taskValues;
      if (!values) throw new DriverRequestError('task values are not available here', 'RuntimeError');
      if (req.op === 'task-value-get') return values.get(req.taskKey, req.key) ?? null;
      values.set(req.key, req.value);
      return null;
    }
    const secrets = options.secrets;
    if (!secrets)
      throw new DriverRequestError('no secret provider is configured for notebooks', 'RuntimeError');
    if (req.op === 'secret') {
      const value = await secrets.get(req.scope, req.key);
      if (value === undefined) throw secretNotFound(req.scope, req.key);
      redactor.add(value); // before the driver has it, so any later print of it is masked
      return value;
    }
    const list =
      req.op === 'list-secrets' ? secrets.list?.bind(secrets, req.scope) : secrets.listScopes?.bind(secrets);
    if (!list) throw new DriverRequestError(`the secret provider does not support ${req.op}`, 'RuntimeError');
    return [...(await list())];
  };

  const what = `notebook ${notebook.workspacePath}`;
  let sparkSpec: SparkHostSpec | undefined;
  let detachSpark: (() => void) | undefined;
  const attachSpark = async (): Promise<JsonValue> => {
    const hosts = options.sparkHosts;
    if (!hosts || options.runId === undefined || !sparkSpec) return null;
    try {
      const a = await hosts.attach({
        runId: options.runId,
        spec: sparkSpec,
        cwd: options.workingDir ?? dirname(notebook.localPath),
        ...(options.env ? { env: options.env } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      detachSpark = a.detach;
      redactor.add(a.gateway.secret);
      sink.write(
        a.started
          ? `millrace: started the run's shared Spark driver in ${(a.startMs / 1000).toFixed(1)} s (local[*]; log ${a.logFile})`
          : `millrace: attached to the run's shared Spark driver (local[*]; log ${a.logFile})`,
        'stderr',
      );
      return { port: a.gateway.port, secret: a.gateway.secret };
    } catch (err) {
      throw new DriverRequestError((err as Error).message, 'RuntimeError');
    }
  };
  try {
    const env = await resolveEnvironment(options, collectPipInstalls(cells), what, sink);
    const sparkDir = options.sparkStateDir ?? join(options.dbfsRoot, '..');
    sparkSpec = {
      interpreter: env.interpreter,
      warehouseDir: join(sparkDir, 'spark-warehouse'),
      metastoreDir: join(sparkDir, 'metastore_db'),
      jars: env.sparkJars,
      packages: env.sparkPackages,
      repositories: env.sparkRepositories,
    };
    const job = {
      cells,
      spark: {
        warehouseDir: sparkSpec.warehouseDir,
        metastoreDir: sparkSpec.metastoreDir,
        jars: env.sparkJars,
        packages: env.sparkPackages,
        repositories: env.sparkRepositories,
        shared: options.sparkHosts !== undefined && options.runId !== undefined,
      },
      ...(options.artifactDir === undefined
        ? {}
        : { artifactDir: options.artifactDir, artifactPrefix: options.artifactPrefix ?? '' }),
      parameters: { ...options.baseParameters },
      dbfsRoot: options.dbfsRoot,
      dbfsMounts: { ...options.dbfsMounts },
      dbfsSources: { ...options.dbfsSources },
      notebookPath: notebook.workspacePath,
      cwd: options.workingDir ?? dirname(notebook.localPath),
    } as unknown as JsonValue;
    const outcome = await runProcess({
      command: env.interpreter,
      args: ['-u', DRIVER_SCRIPT],
      cwd: options.workingDir ?? dirname(notebook.localPath),
      env: options.env,
      sink,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      killGraceMs: options.killGraceMs,
      extraPipes: 2,
      onSpawn: (child) => attachDriverChannel(child, job, { onEvent, onRequest }),
      what,
    });
    if (failed) throw cellError(failed, notebook, cells, redactor, lastOutput);
    if (!finished) {
      throw new NotebookError({
        code: NotebookErrorCode.ProcessFailed,
        message: redactor.redact(
          `${what}: the Python process ended without finishing the notebook (exit code ${outcome.exitCode ?? outcome.exitSignal})` +
            (outcome.stderrTail.length > 0 ? `: ${outcome.stderrTail.slice(-3).join(' | ')}` : ''),
        ),
      });
    }
    return {
      runOutput: toRunOutput(exitValue),
      exitValue,
      durationMs: outcome.durationMs,
      logFile: options.logFile,
      cellsRun,
    };
  } finally {
    detachSpark?.();
    children.abort();
    options.signal?.removeEventListener('abort', stopChildren);
    await sink.close();
  }
}

/** The notebook's environment: built from its libraries and `%pip install` cells, or the interpreter as it is. */
async function resolveEnvironment(
  options: RunNotebookOptions,
  pipInstalls: string[][],
  what: string,
  sink: LogSink,
): Promise<PythonEnvironment> {
  const interpreter = options.interpreter ?? 'python3';
  if (!options.environments) {
    const none: readonly string[] = [];
    return {
      interpreter,
      key: undefined,
      built: false,
      sparkJars: none,
      sparkPackages: none,
      sparkRepositories: none,
    };
  }
  return options.environments.resolve({
    interpreter,
    ...(options.libraries === undefined ? {} : { libraries: options.libraries }),
    pipInstalls,
    what,
    onProgress: (line) => {
      sink.write(line, 'stderr');
      options.onStatus?.(line);
    },
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** The NotebookError of a failed cell; its location is the line in the notebook file when known. */
function cellError(
  f: Extract<DriverEvent, { op: 'failed' }>,
  notebook: ResolvedNotebook,
  cells: readonly DriverCell[],
  redactor: SecretRedactor,
  lastOutput: readonly string[],
): NotebookError {
  const path = notebook.workspacePath;
  const cell = Number(/^<cell (\d+)/.exec(f.where[0]?.[0] ?? '')?.[1] ?? 0);
  const line = f.line ?? undefined;
  const at = ([label, l]: readonly [string, number | null]): string =>
    `${label.slice(1, -1)}${l === null ? '' : `, line ${l}`}`;
  const inner = f.where.length > 1 ? ` (in %run: ${f.where.slice(1).map(at).join(' > ')})` : '';
  const where = f.where.map(at);
  const exceptionMessage = redactor.redact(f.message);
  const failing = cells.find((c) => c.number === cell);
  const fileLine =
    failing?.kind === 'code' && failing.fileLine !== undefined && line !== undefined && f.where.length === 1
      ? failing.fileLine + line - 1
      : undefined;
  return new NotebookError({
    code: NotebookErrorCode.CellFailed,
    message: `notebook ${path} failed in cell ${cell}${line === undefined ? '' : `, line ${line}`}${inner}: ${f.type}: ${exceptionMessage}`,
    location: { file: notebook.localPath, ...(fileLine === undefined ? {} : { line: fileLine }) },
    failure: {
      exceptionType: f.type,
      exceptionMessage,
      cell,
      line,
      where,
      notebookPath: path,
      lastOutput: [...lastOutput],
    },
  });
}
