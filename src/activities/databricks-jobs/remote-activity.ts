import type { ActivityContext } from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';
import { JobsApiClient } from './jobs-api-client.js';
import type { RemoteDatabricksSettings } from './remote-settings.js';
import type { RemoteRunResult, RemoteTask } from './run-on-databricks.js';
import { runOnDatabricks } from './run-on-databricks.js';

/**
 * Runs one activity's task on the configured workspace: fetches the token, names the run
 * `<pipeline>/<activity> (<activityRunId>)`, logs progress through the context and honours its signal.
 */
export async function runRemoteActivity(
  ctx: ActivityContext,
  remote: RemoteDatabricksSettings,
  task: RemoteTask,
  libraries: JsonValue | undefined,
): Promise<RemoteRunResult & { readonly durationMs: number }> {
  const started = Date.now();
  const token = typeof remote.token === 'string' ? remote.token : await remote.token();
  const result = await runOnDatabricks({
    client: new JobsApiClient({ host: remote.host, token, ...(remote.fetch ? { fetch: remote.fetch } : {}) }),
    task,
    cluster: remote.cluster,
    ...(Array.isArray(libraries) ? { libraries: libraries as readonly JsonValue[] } : {}),
    runName: `${ctx.pipelineName}/${ctx.activity.name} (${ctx.activityRunId})`,
    ...(remote.pollIntervalMs === undefined ? {} : { pollIntervalMs: remote.pollIntervalMs }),
    signal: ctx.signal,
    onLog: (line) => ctx.log(line),
  });
  return { ...result, durationMs: Date.now() - started };
}
