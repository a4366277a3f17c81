import type { ActivityContext } from '../../contracts/index.js';
import type { LocalComputeSettings } from './local-compute-settings.js';

/**
 * The environment of one activity's process: `settings.env` (or this process's) plus what
 * `settings.activityEnv` adds for the activity (MLflow tracking URI, token, experiment, lineage tags).
 * Undefined when neither is set: the process inherits.
 */
export async function activityProcessEnv(
  settings: LocalComputeSettings,
  ctx: ActivityContext,
): Promise<Readonly<Record<string, string | undefined>> | undefined> {
  const extra = await settings.activityEnv?.(ctx);
  if (!extra) return settings.env;
  return { ...(settings.env ?? process.env), ...extra };
}
