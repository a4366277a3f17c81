import type { ResolvedConfig } from '../config/index.js';
import type { RunEvent, RunStore } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import { createActivityLogWriter, followRunLogs, openPgLogReader, readActivityLogs } from '../store/index.js';
import type { ActivityLog, LogLine, PgLogReader } from '../store/index.js';

/** Where a run service keeps the activity logs, and how it reads and follows them. */
export interface RunLogs {
  /** Hears every (masked) event before listeners do: keeps the `activity-log` lines. */
  onEvent(event: RunEvent): void;
  read(runId: string, activityName?: string): Promise<ActivityLog[]>;
  follow(runId: string, onLine: (line: LogLine) => void, onEnd: () => void): Promise<() => void>;
  close(): Promise<void>;
}

/**
 * The activity logs of a project's runs: on the embedded store, one file per activity run under `logDir`
 * (followed through this process's events); on PostgreSQL, the rows the run store keeps with the run's events,
 * so any server reads and follows any run's log (`PgLogReader`).
 */
export function createRunLogs(
  config: ResolvedConfig,
  logDir: string,
  store: RunStore,
  subscribe: (listener: (event: RunEvent) => void) => () => void,
): RunLogs {
  const db = config.database;
  if (db.kind === 'postgres') {
    let reader: Promise<PgLogReader> | undefined;
    const shared = (): Promise<PgLogReader> => (reader ??= openPgLogReader({ url: db.url }));
    return {
      onEvent: () => undefined,
      read: async (runId, activityName) =>
        (await shared()).read(runId, await activityRunsOf(store, runId), activityName),
      follow: async (runId, onLine, onEnd) => (await shared()).follow(store, runId, onLine, onEnd),
      close: async () => (await reader?.catch(() => undefined))?.close(),
    };
  }
  const writer = createActivityLogWriter(logDir);
  return {
    onEvent: (event) => writer.onEvent(event),
    read: async (runId, activityName) =>
      readActivityLogs(logDir, runId, await activityRunsOf(store, runId), activityName),
    follow: (runId, onLine, onEnd) => followRunLogs({ store, logDir, subscribe }, runId, onLine, onEnd),
    close: () => writer.close(),
  };
}

async function activityRunsOf(store: RunStore, runId: string) {
  const run = await store.getRun(runId);
  if (!run) throw new ConfigError({ code: 'run/unknown-run', message: `no run with id ${runId}` });
  return store.getActivityRuns(runId);
}
