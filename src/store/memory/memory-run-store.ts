import type {
  ActivityRunRecord,
  ListRunsQuery,
  OrphanedRun,
  PipelineRunRecord,
  RunEvent,
  RunPage,
  RunStore,
} from '../../contracts/index.js';
import { INTERRUPTED_MESSAGE, isFinalRunStatus } from '../../contracts/index.js';

interface RunEntry {
  run: PipelineRunRecord;
  activities: ActivityRunRecord[];
  /** Last lease renewal; absent: never renewed (the run's start counts). */
  heartbeat?: number;
  byId: Map<string, number>;
}

/** A RunStore in memory: for tests and for runs nobody needs to keep. Events apply immediately. */
export class MemoryRunStore implements RunStore {
  readonly #runs = new Map<string, RunEntry>();

  append(event: RunEvent): void {
    switch (event.kind) {
      case 'run-created':
        this.#runs.set(event.run.runId, { run: event.run, activities: [], byId: new Map() });
        return;
      case 'run-started':
        this.#updateRun(event.runId, (r) =>
          r.status === 'Queued' ? { ...r, status: 'InProgress', start: event.start } : r,
        );
        return;
      case 'run-finished':
        this.#updateRun(event.runId, (r) => ({
          ...r,
          status: event.status,
          end: event.end,
          variables: event.variables,
          output: event.output,
          ...(event.message === undefined ? {} : { message: event.message }),
        }));
        return;
      case 'activity-started': {
        const entry = this.#runs.get(event.activityRun.runId);
        if (!entry) return;
        entry.byId.set(event.activityRun.activityRunId, entry.activities.length);
        entry.activities.push(event.activityRun);
        return;
      }
      case 'activity-finished': {
        const entry = this.#runs.get(event.runId);
        const index = entry?.byId.get(event.activityRunId);
        if (!entry || index === undefined) return;
        const prev = entry.activities[index];
        if (!prev) return;
        entry.activities[index] = {
          ...prev,
          status: event.status,
          end: event.end,
          ...(event.input === undefined ? {} : { input: event.input }),
          ...(event.output === undefined ? {} : { output: event.output }),
          ...(event.error === undefined ? {} : { error: event.error }),
        };
        return;
      }
      case 'activity-log':
        return;
    }
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  getRun(runId: string): Promise<PipelineRunRecord | undefined> {
    return Promise.resolve(this.#runs.get(runId)?.run);
  }

  listRuns(query: ListRunsQuery = {}): Promise<RunPage> {
    const statuses =
      query.status === undefined
        ? undefined
        : new Set(typeof query.status === 'string' ? [query.status] : query.status);
    const matching = [...this.#runs.values()]
      .map((e) => e.run)
      .filter(
        (r) =>
          (query.pipeline === undefined || r.pipeline === query.pipeline) &&
          (query.environment === undefined || r.environment === query.environment) &&
          (query.triggerType === undefined || r.invokedBy.triggerType === query.triggerType) &&
          (query.parentRunId === undefined || r.invokedBy.parentRunId === query.parentRunId) &&
          (statuses === undefined || statuses.has(r.status)) &&
          (query.since === undefined || r.queuedAt >= query.since) &&
          (query.until === undefined || r.queuedAt < query.until),
      )
      .sort((a, b) => a.queuedAt - b.queuedAt || (a.runId < b.runId ? -1 : 1));
    if ((query.order ?? 'desc') === 'desc') matching.reverse();
    const offset = query.offset ?? 0;
    const limit = Math.min(query.limit ?? 50, 1000);
    return Promise.resolve({ runs: matching.slice(offset, offset + limit), total: matching.length });
  }

  getActivityRuns(runId: string): Promise<readonly ActivityRunRecord[]> {
    const list = this.#runs.get(runId)?.activities ?? [];
    return Promise.resolve([...list].sort((a, b) => a.seq - b.seq));
  }

  requestCancel(runId: string): Promise<boolean> {
    const entry = this.#runs.get(runId);
    if (!entry || isFinalRunStatus(entry.run.status)) return Promise.resolve(false);
    entry.run = { ...entry.run, status: 'Canceling' };
    return Promise.resolve(true);
  }

  renewLease(owner: string, now: number): Promise<void> {
    for (const entry of this.#runs.values()) {
      if (entry.run.owner === owner && !isFinalRunStatus(entry.run.status)) entry.heartbeat = now;
    }
    return Promise.resolve();
  }

  listOrphanedRuns(
    isOwnerAlive: (owner: string, heartbeat: number) => boolean,
  ): Promise<readonly OrphanedRun[]> {
    const orphans: OrphanedRun[] = [];
    for (const entry of this.#runs.values()) {
      const { run } = entry;
      if (isFinalRunStatus(run.status) || run.owner === undefined) continue;
      const heartbeat = entry.heartbeat ?? run.start ?? run.queuedAt;
      if (isOwnerAlive(run.owner, heartbeat)) continue;
      orphans.push({
        runId: run.runId,
        pipeline: run.pipeline,
        status: run.status,
        owner: run.owner,
        heartbeat,
        ...(run.invokedBy.parentRunId === undefined ? {} : { parentRunId: run.invokedBy.parentRunId }),
        ...(run.environment === undefined ? {} : { environment: run.environment }),
      });
    }
    return Promise.resolve(orphans.sort((a, b) => a.heartbeat - b.heartbeat));
  }

  takeOverRun(runId: string, from: string, owner: string, now: number): Promise<boolean> {
    const entry = this.#runs.get(runId);
    if (!entry || isFinalRunStatus(entry.run.status) || entry.run.owner !== from)
      return Promise.resolve(false);
    entry.run = { ...entry.run, owner };
    entry.heartbeat = now;
    return Promise.resolve(true);
  }

  recoverInterrupted(
    isOwnerAlive: (owner: string, heartbeat: number) => boolean,
    now: number,
    runIds?: readonly string[],
  ): Promise<readonly string[]> {
    const ids: string[] = [];
    const only = runIds === undefined ? undefined : new Set(runIds);
    for (const entry of this.#runs.values()) {
      const { run } = entry;
      if (isFinalRunStatus(run.status) || run.owner === undefined) continue;
      if (only && !only.has(run.runId)) continue;
      const heartbeat = entry.heartbeat ?? run.start ?? run.queuedAt;
      if (isOwnerAlive(run.owner, heartbeat)) continue;
      ids.push(run.runId);
      const end = Math.min(heartbeat, now);
      entry.run = {
        ...run,
        status: run.status === 'Canceling' ? 'Cancelled' : 'Failed',
        message: INTERRUPTED_MESSAGE,
        interrupted: true,
        end,
      };
      entry.activities = entry.activities.map((a) =>
        a.status === 'InProgress'
          ? {
              ...a,
              status: 'Failed',
              end: Math.max(end, a.start),
              error: {
                errorCode: 'Interrupted',
                message: INTERRUPTED_MESSAGE,
                failureType: 'SystemError',
                target: a.activityName,
              },
            }
          : a,
      );
    }
    return Promise.resolve(ids);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  #updateRun(runId: string, update: (r: PipelineRunRecord) => PipelineRunRecord): void {
    const entry = this.#runs.get(runId);
    if (entry) entry.run = update(entry.run);
  }
}

/** Creates an empty in-memory run store. */
export function createMemoryRunStore(): RunStore {
  return new MemoryRunStore();
}
