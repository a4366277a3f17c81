import { activityProcessEnv } from '../notebook-runtime/index.js';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ActivityExecutor } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import type { DatabricksExecutorSettings } from '../databricks-jobs/index.js';
import { runRemoteActivity } from '../databricks-jobs/index.js';
import {
  activityLogFile,
  externalActivityOutput,
  libraryNotice,
  requireString,
  SecretRedactor,
  resolveScriptPath,
  runPythonScript,
  toStringList,
} from '../notebook-runtime/index.js';
import { defineActivity } from '../define-activity.js';
import type { DatabricksSparkPythonSettings } from './databricks-spark-python-settings.js';
import { databricksSparkPythonType } from './databricks-spark-python-type.js';

/** The ADF type this executor runs. */
export const DATABRICKS_SPARK_PYTHON_TYPE = 'DatabricksSparkPython';

/**
 * Runs a DatabricksSparkPython activity locally: `pythonFile` (`dbfs:/…` under the DBFS folder, a
 * workspace path through the notebooks mapping, or relative to the project) with `parameters` as argv
 * (non-strings as JSON text). A non-zero exit fails the activity with the last stderr line. Output:
 * `{ runPageUrl (file:// URL of the captured log), effectiveIntegrationRuntime, executionDuration, durationInQueue, billingReference }`.
 * When `settings.remote` resolves a workspace for the activity, the file runs there as a
 * `spark_python_task` (path passed as given).
 */
export function createDatabricksSparkPythonExecutor(settings: DatabricksExecutorSettings): ActivityExecutor {
  return defineActivity<DatabricksSparkPythonSettings>({
    ...databricksSparkPythonType,
    settings: lazySchema(
      async () => (await import('./databricks-spark-python-settings.js')).databricksSparkPythonSettingsSchema,
    ),
    async execute(ctx, tp) {
      const name = `${DATABRICKS_SPARK_PYTHON_TYPE} "${ctx.activity.name}"`;
      const pythonFile = requireString(tp.pythonFile, 'pythonFile', name);
      const parameters = toStringList(tp.parameters, 'parameters', name);
      const remote = await settings.remote?.(ctx);
      if (remote) {
        const task = { spark_python_task: { python_file: pythonFile, parameters } };
        const result = await runRemoteActivity(ctx, remote, task, tp.libraries);
        return {
          runPageUrl: result.runPageUrl ?? '',
          ...externalActivityOutput(result.durationMs, settings),
        };
      }
      const environments = settings.pythonEnvironments;
      const notice = environments ? undefined : libraryNotice(tp.libraries);
      if (notice) ctx.log(notice);
      const scriptPath = resolveScriptPath(pythonFile, settings);
      const logFile = activityLogFile(settings, ctx);
      // The activity's libraries (and the project's requirements), as for a notebook; the script makes its own SparkSession.
      const env = await environments?.resolve({
        interpreter: settings.interpreter ?? 'python3',
        libraries: tp.libraries ?? [],
        what: name,
        onProgress: (line) => ctx.log(line),
        signal: ctx.signal,
      });
      const result = await runPythonScript({
        scriptPath,
        parameters,
        interpreter: env?.interpreter ?? settings.interpreter,
        cwd: settings.workingDir ?? dirname(scriptPath),
        logFile,
        onLog: (line) => ctx.log(line),
        signal: ctx.signal,
        env: await activityProcessEnv(settings, ctx),
        redactor: new SecretRedactor(ctx.redact),
      });
      return {
        runPageUrl: pathToFileURL(logFile).href,
        ...externalActivityOutput(result.durationMs, settings),
      };
    },
  });
}
