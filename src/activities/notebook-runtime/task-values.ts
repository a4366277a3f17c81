/**
 * `dbutils.jobs.taskValues` for one notebook: `set` stores under the running activity's name (its task key),
 * `get` reads what an earlier activity of the same pipeline run set. Values are JSON text.
 * See https://docs.databricks.com/en/jobs/task-values.html
 */
export interface TaskValues {
  set(key: string, json: string): void;
  get(taskKey: string, key: string): string | undefined;
}

/** Task values of many runs, kept in memory for the life of the executor: one scope per (run, activity). */
export function createTaskValueStore(): (runId: string, taskKey: string) => TaskValues {
  const values = new Map<string, string>();
  const id = (runId: string, taskKey: string, key: string): string => JSON.stringify([runId, taskKey, key]);
  return (runId, taskKey) => ({
    set: (key, json) => void values.set(id(runId, taskKey, key), json),
    get: (task, key) => values.get(id(runId, task, key)),
  });
}
