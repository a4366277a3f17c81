import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ActivityRunRecord, RunEvent } from '../../contracts/index.js';

/** Where an activity run's log lines are kept: `<logDir>/<runId>/<activityRunId>.log`. */
export function activityLogPath(logDir: string, runId: string, activityRunId: string): string {
  return join(logDir, runId, `${activityRunId}.log`);
}

/**
 * Keeps every activity's log lines (already masked by the engine) in one file per activity run, appended as
 * they come (synchronously, so a reader right after the run, or after a crash, sees every line) and closed
 * when the activity run ends. Returns the event listener and a `close` for shutdown.
 */
export function createActivityLogWriter(logDir: string): {
  readonly onEvent: (event: RunEvent) => void;
  readonly close: () => Promise<void>;
} {
  const open = new Map<string, number>();
  return {
    onEvent(event) {
      if (event.kind === 'activity-log') {
        let fd = open.get(event.activityRunId);
        if (fd === undefined) {
          mkdirSync(join(logDir, event.runId), { recursive: true });
          fd = openSync(activityLogPath(logDir, event.runId, event.activityRunId), 'a');
          open.set(event.activityRunId, fd);
        }
        writeSync(fd, event.line.endsWith('\n') ? event.line : `${event.line}\n`);
      } else if (event.kind === 'activity-finished') {
        const fd = open.get(event.activityRunId);
        if (fd !== undefined) {
          open.delete(event.activityRunId);
          closeSync(fd);
        }
      }
    },
    close() {
      for (const fd of open.values()) closeSync(fd);
      open.clear();
      return Promise.resolve();
    },
  };
}

/** The log of one activity run, as kept. */
export interface ActivityLog {
  readonly activityName: string;
  readonly activityRunId: string;
  readonly iteration?: string;
  readonly status: string;
  readonly text: string;
}

/** Reads the kept logs of a run's activity runs (those that logged anything), in run order. */
export function readActivityLogs(
  logDir: string,
  runId: string,
  activityRuns: readonly ActivityRunRecord[],
  activityName?: string,
): ActivityLog[] {
  const wanted = activityName?.toLowerCase();
  const out: ActivityLog[] = [];
  for (const a of activityRuns) {
    if (wanted !== undefined && a.activityName.toLowerCase() !== wanted) continue;
    const file = activityLogPath(logDir, runId, a.activityRunId);
    if (!existsSync(file)) continue;
    out.push({
      activityName: a.activityName,
      activityRunId: a.activityRunId,
      ...(a.iteration === undefined ? {} : { iteration: a.iteration }),
      status: a.status,
      text: readFileSync(file, 'utf8'),
    });
  }
  return out;
}
