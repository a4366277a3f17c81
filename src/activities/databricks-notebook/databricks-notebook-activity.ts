import { activityProcessEnv } from '../notebook-runtime/index.js';
import { pathToFileURL } from 'node:url';
import type { ActivityExecutor } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import type { DatabricksExecutorSettings } from '../databricks-jobs/index.js';
import { runRemoteActivity } from '../databricks-jobs/index.js';
import {
  activityArtifactDir,
  activityLogFile,
  createTaskValueStore,
  externalActivityOutput,
  libraryNotice,
  NotebookError,
  NotebookErrorCode,
  requireString,
  SecretRedactor,
  runErrorOf,
  runNotebook,
  toRunOutput,
  toStringMap,
} from '../notebook-runtime/index.js';
import { defineActivity } from '../define-activity.js';
import type { DatabricksNotebookSettings } from './databricks-notebook-settings.js';
import { databricksNotebookType } from './databricks-notebook-type.js';

/** The ADF type this executor runs. */
export const DATABRICKS_NOTEBOOK_TYPE = 'DatabricksNotebook';

/**
 * Runs a DatabricksNotebook activity locally: `notebookPath` through the notebooks mapping, evaluated
 * `baseParameters` as widget values (non-strings as JSON text), `libraries` and `%pip install` cells installed
 * into a cached Python environment (`settings.pythonEnvironments`; without it they are ignored with a log line).
 * Output as ADF shows it: `{ runPageUrl (file:// URL of the captured log), runOutput?, effectiveIntegrationRuntime,
 * executionDuration, durationInQueue, billingReference }`; `runOutput` is absent when the notebook did not exit.
 * When `settings.remote` resolves a workspace for the activity, the notebook runs there instead
 * (libraries passed through, `runPageUrl` the workspace's run page).
 */
export function createDatabricksNotebookExecutor(settings: DatabricksExecutorSettings): ActivityExecutor {
  const taskValues = createTaskValueStore();
  return defineActivity<DatabricksNotebookSettings>({
    ...databricksNotebookType,
    settings: lazySchema(
      async () => (await import('./databricks-notebook-settings.js')).databricksNotebookSettingsSchema,
    ),
    async execute(ctx, tp) {
      const name = `${DATABRICKS_NOTEBOOK_TYPE} "${ctx.activity.name}"`;
      const notebookPath = requireString(tp.notebookPath, 'notebookPath', name);
      const baseParameters = toStringMap(tp.baseParameters, 'baseParameters', name);
      const remote = await settings.remote?.(ctx);
      if (remote) {
        const task = { notebook_task: { notebook_path: notebookPath, base_parameters: baseParameters } };
        const result = await runRemoteActivity(ctx, remote, task, tp.libraries);
        const runOutput = toRunOutput(result.exitValue);
        return {
          runPageUrl: result.runPageUrl ?? '',
          ...(runOutput === undefined ? {} : { runOutput }),
          ...externalActivityOutput(result.durationMs, settings),
        };
      }
      const environments = settings.pythonEnvironments;
      const notice = environments ? undefined : libraryNotice(tp.libraries);
      if (notice) ctx.log(notice);
      const logFile = activityLogFile(settings, ctx);
      const artifactDir = activityArtifactDir(settings, ctx);
      const onStatus = ctx.onStatus;
      const result = await runNotebook({
        notebookPath,
        notebooks: settings.notebooks,
        baseParameters,
        interpreter: settings.interpreter,
        dbfsRoot: settings.dbfsRoot,
        ...(settings.dbfsMounts ? { dbfsMounts: settings.dbfsMounts } : {}),
        ...(settings.dbfsSources ? { dbfsSources: settings.dbfsSources } : {}),
        ...(environments ? { environments, libraries: tp.libraries ?? [] } : {}),
        ...(settings.sparkStateDir ? { sparkStateDir: settings.sparkStateDir } : {}),
        ...(settings.sparkHosts ? { sparkHosts: settings.sparkHosts, runId: ctx.runId } : {}),
        ...(artifactDir === undefined ? {} : { artifactDir }),
        ...(onStatus ? { onStatus } : {}),
        taskValues: taskValues(ctx.runId, ctx.activity.name),
        logFile,
        onLog: (line) => ctx.log(line),
        secrets: settings.secrets,
        redactor: new SecretRedactor(ctx.redact),
        ...(settings.workingDir === undefined ? {} : { workingDir: settings.workingDir }),
        signal: ctx.signal,
        env: await activityProcessEnv(settings, ctx),
      }).catch((err: unknown) => {
        // A failed cell gives the activity Databricks' error shape in output.runError (traceback in the log).
        if (!(err instanceof NotebookError) || err.failure === undefined) throw err;
        throw new NotebookError({
          code: NotebookErrorCode.CellFailed,
          message: err.message,
          ...(err.location ? { location: err.location } : {}),
          failure: err.failure,
          cause: err,
          output: { runPageUrl: pathToFileURL(logFile).href, runError: runErrorOf(err.failure) },
        });
      });
      return {
        runPageUrl: pathToFileURL(logFile).href,
        ...(result.runOutput === undefined ? {} : { runOutput: result.runOutput }),
        ...externalActivityOutput(result.durationMs, settings),
      };
    },
  });
}
