import { join } from 'node:path';
import type { ActivityContext } from '../../contracts/index.js';
import type { LocalComputeSettings } from './local-compute-settings.js';

/** Where an activity run's captured output goes: `<logDir>/<runId>/<activityRunId>.log`. */
export function activityLogFile(settings: LocalComputeSettings, ctx: ActivityContext): string {
  return join(settings.logDir, ctx.runId, `${ctx.activityRunId}.log`);
}

/** Where an activity run's artifacts go: `<artifactDir>/<runId>/<activityRunId>/`; undefined when none are kept. */
export function activityArtifactDir(
  settings: LocalComputeSettings,
  ctx: ActivityContext,
): string | undefined {
  return settings.artifactDir === undefined
    ? undefined
    : join(settings.artifactDir, ctx.runId, ctx.activityRunId);
}
