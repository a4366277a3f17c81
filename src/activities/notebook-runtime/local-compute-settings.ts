import type { ActivityContext, PythonEnvironments } from '../../contracts/index.js';
import type { NotebookMapping } from './resolve-notebook-path.js';
import type { SecretLookup } from './secret-lookup.js';
import type { SparkHosts } from './spark-hosts.js';

/**
 * What the local DatabricksNotebook, DatabricksSparkPython and Custom executors need from the project
 * and environment (the composition root builds it from millrace.json + the environment).
 */
export interface LocalComputeSettings {
  /** Python interpreter (per project and environment); default `python3`. */
  readonly interpreter?: string;
  /** Workspace folder → absolute local folder (`notebooks` in millrace.json). */
  readonly notebooks: NotebookMapping;
  /** Absolute project folder: base of relative script paths and Custom `folderPath`. */
  readonly projectDir: string;
  /** Absolute local folder behind `dbfs:/` and `/dbfs/`. */
  readonly dbfsRoot: string;
  /** DBFS mount points → absolute local folders (`millrace.json` `dbfs.mounts`). */
  readonly dbfsMounts?: Readonly<Record<string, string>>;
  /** DBFS mount points → the cloud URLs they stand for (`millrace.json` `dbfs.sources`). */
  readonly dbfsSources?: Readonly<Record<string, string>>;
  /** Builds notebook environments from `libraries` and `%pip install` cells; absent: the interpreter as it is. */
  readonly pythonEnvironments?: PythonEnvironments;
  /** Folder of local Spark's warehouse and metastore (`<project>/.millrace`). */
  readonly sparkStateDir?: string;
  /** The shared Spark drivers notebooks attach to (one per run and environment); absent: one session per notebook. */
  readonly sparkHosts?: SparkHosts;
  /**
   * Absolute folder of activity artifacts: `display()`/`displayHTML()` output is kept in
   * `<artifactDir>/<runId>/<activityRunId>/`; absent: not kept.
   */
  readonly artifactDir?: string;
  /** Absolute folder of captured logs: `<logDir>/<runId>/<activityRunId>.log`. */
  readonly logDir: string;
  /** Absolute folder of Custom working folders: `<workDir>/<runId>/<activityRunId>/`; default `<projectDir>/.millrace/custom`. */
  readonly workDir?: string;
  /**
   * Working directory of notebooks and Python scripts (relative paths in user code resolve against it);
   * default the notebook's or script's own folder.
   */
  readonly workingDir?: string;
  /** Answers `dbutils.secrets`. */
  readonly secrets?: SecretLookup;
  /** Environment of the processes; absent: inherited. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Variables added for one activity's process (MLflow tracking of `millrace run`), over `env`. */
  readonly activityEnv?: (ctx: ActivityContext) => Promise<Readonly<Record<string, string>> | undefined>;
  /** Shown as `effectiveIntegrationRuntime` in outputs; default `Millrace (local)`. */
  readonly integrationRuntime?: string;
}
