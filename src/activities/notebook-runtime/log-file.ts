import { join } from 'node:path';
import type { ActivityContext } from '../../contracts/index.js';
import type { LocalComputeSettings } from './local-compute-settings.js';

/** Where an activity run's captured output goes: `<logDir>/<runId>/<activityRunId>.log`. */
export function activityLogFile(settings: LocalComputeSettings, ctx: ActivityContext): string {
  return join(settings.logDir, ctx.runId, `${ctx.activityRunId}.log`);
}
