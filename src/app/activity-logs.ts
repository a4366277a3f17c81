import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ActivityRunRecord, RunEvent } from '../contracts/index.js';

/** Where an activity run's log lines are kept: `<logDir>/<runId>/<activityRunId>.log`. */
export function activityLogPath(logDir: string, runId: string, activityRunId: string): string {
  return join(logDir, runId, `${activityRunId}.log`);
}

/**
 * Keeps every activity's log lines (already masked by the engine) in one file per activity run, appended as
 * they come and closed when the activity run ends. Returns the event listener and a `close` for shutdown.
 */
export function createActivityLogWriter(logDir: string): {
  readonly onEvent: (event: RunEvent) => void;
  readonly close: () => Promise<void>;
} {
  const open = new Map<string, WriteStream>();
  const end = (stream: WriteStream): Promise<void> => new Promise((resolve) => stream.end(resolve));
  return {
    onEvent(event) {
      if (event.kind === 'activity-log') {
        let stream = open.get(event.activityRunId);
        if (!stream) {
          mkdirSync(join(logDir, event.runId), { recursive: true });
          stream = createWriteStream(activityLogPath(logDir, event.runId, event.activityRunId), {
            flags: 'a',
          });
          open.set(event.activityRunId, stream);
        }
        stream.write(event.line.endsWith('\n') ? event.line : `${event.line}\n`);
      } else if (event.kind === 'activity-finished') {
        const stream = open.get(event.activityRunId);
        if (stream) {
          open.delete(event.activityRunId);
          void end(stream);
        }
      }
    },
    async close() {
      const all = [...open.values()];
      open.clear();
      await Promise.all(all.map(end));
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
