import type { JsonValue } from '../model/index.js';

/**
 * What a notebook or Python script needs installed, as Databricks gets it: the activity's cluster
 * `libraries` (ADF JSON, e.g. `[{"pypi": {"package": "scikit-learn==1.5"}}, {"whl": "dbfs:/libs/x.whl"}]`)
 * and the arguments of its `%pip install` cells; the project's own requirements are added by the implementation.
 */
export interface PythonEnvironmentRequest {
  /** The base interpreter (the project's `python` setting, default `python3`): the "runtime" libraries add to. */
  readonly interpreter: string;
  /** The activity's `libraries` array as written in the pipeline (evaluated); absent: none. */
  readonly libraries?: JsonValue;
  /** One entry per `%pip install` cell: the words after `install`. */
  readonly pipInstalls?: readonly (readonly string[])[];
  /** For messages: `DatabricksNotebook "Transform"`. */
  readonly what: string;
  /** Progress lines while an environment is built (nothing when it is reused). */
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** The environment to run in, and what Spark must load. */
export interface PythonEnvironment {
  /** Interpreter to run: the base one when nothing needs installing, else the cached environment's. */
  readonly interpreter: string;
  /** Local jar files (`jar` libraries) for `spark.jars`. */
  readonly sparkJars: readonly string[];
  /** Maven coordinates (`maven` libraries) for `spark.jars.packages`. */
  readonly sparkPackages: readonly string[];
  /** Extra Maven repositories for `spark.jars.repositories`. */
  readonly sparkRepositories: readonly string[];
  /** Key of the cached environment (hash of the resolved requirement set); undefined when none was needed. */
  readonly key: string | undefined;
  /** True when this call built the environment, false when it was reused or not needed. */
  readonly built: boolean;
}

/**
 * Builds (once) and reuses Python environments for notebook and script activities. Implementation:
 * `src/python/` (cached venvs). Fails with `python/…` codes naming what could not be installed.
 */
export interface PythonEnvironments {
  resolve(request: PythonEnvironmentRequest): Promise<PythonEnvironment>;
}
