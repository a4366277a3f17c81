import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunEvent, RunStore } from '../../contracts/index.js';
import { isFinalRunStatus } from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';

/** One log line of an activity run, replayed or live. */
export interface LogLine {
  readonly activityName: string;
  readonly activityRunId: string;
  readonly iteration?: string;
  /** The line without its newline (already masked). */
  readonly line: string;
}

/** What `followRunLogs` needs from the run service. */
export interface FollowLogsDeps {
  readonly store: RunStore;
  readonly logDir: string;
  /** Events are heard after the log writer kept them (so a heard line is in its file already). */
  readonly subscribe: (listener: (event: RunEvent) => void) => () => void;
}

interface ActivityName {
  readonly activityName: string;
  readonly iteration?: string;
}

/**
 * Replays a run's kept log lines, then delivers new ones until the run ends. The files are read and the
 * listener goes live in one synchronous step: every line heard before it is in a file (the writer keeps a
 * line before listeners hear it), every line after it is delivered live, so no line is lost or repeated.
 */
export async function followRunLogs(
  deps: FollowLogsDeps,
  runId: string,
  onLine: (line: LogLine) => void,
  onEnd: () => void,
): Promise<() => void> {
  const names = new Map<string, ActivityName>();
  let live = false;
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    onEnd();
  };
  const unsubscribe = deps.subscribe((event) => {
    if (event.kind === 'activity-started' && event.activityRun.runId === runId) {
      const a = event.activityRun;
      names.set(a.activityRunId, {
        activityName: a.activityName,
        ...(a.iteration === undefined ? {} : { iteration: a.iteration }),
      });
    }
    if (!live) return;
    if (event.kind === 'activity-log' && event.runId === runId) {
      const name = names.get(event.activityRunId) ?? { activityName: '' };
      onLine({ ...name, activityRunId: event.activityRunId, line: event.line.replace(/\n$/, '') });
    } else if (event.kind === 'run-finished' && event.runId === runId && isFinalRunStatus(event.status)) {
      end();
    }
  });
  try {
    const run = await deps.store.getRun(runId);
    if (!run) throw new ConfigError({ code: 'run/unknown-run', message: `no run with id ${runId}` });
    for (const a of await deps.store.getActivityRuns(runId)) {
      names.set(a.activityRunId, {
        activityName: a.activityName,
        ...(a.iteration === undefined ? {} : { iteration: a.iteration }),
      });
    }
    // From here to `live = true` nothing awaits: see the TSDoc.
    for (const [activityRunId, text] of readRunLogFiles(deps.logDir, runId, [...names.keys()])) {
      const name = names.get(activityRunId) ?? { activityName: '' };
      for (const line of text.split('\n').slice(0, -1)) onLine({ ...name, activityRunId, line });
    }
    live = true;
    const now = await deps.store.getRun(runId);
    if (!now || isFinalRunStatus(now.status)) end();
  } catch (err) {
    unsubscribe();
    throw err;
  }
  return () => {
    ended = true;
    unsubscribe();
  };
}

/** The kept log files of a run: known activity runs first (in run order), then any others. */
function readRunLogFiles(logDir: string, runId: string, order: readonly string[]): [string, string][] {
  const dir = join(logDir, runId);
  if (!existsSync(dir)) return [];
  const files = new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => f.slice(0, -4)),
  );
  const ids = [...order.filter((id) => files.has(id)), ...[...files].filter((id) => !order.includes(id))];
  return ids.map((id) => [id, readFileSync(join(dir, `${id}.log`), 'utf8')]);
}
