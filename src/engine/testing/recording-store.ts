import type {
  ActivityRunRecord,
  ListRunsQuery,
  OrphanedRun,
  PipelineRunRecord,
  RunEvent,
  RunPage,
  RunStore,
} from '../../contracts/index.js';

/** A minimal RunStore for engine tests (the engine may not import store/): applies events, keeps them all. */
export class RecordingStore implements RunStore {
  readonly events: RunEvent[] = [];
  readonly runs = new Map<string, PipelineRunRecord>();
  readonly activities = new Map<string, ActivityRunRecord>();
  flushes = 0;

  append(event: RunEvent): void {
    this.events.push(event);
    switch (event.kind) {
      case 'run-created':
        this.runs.set(event.run.runId, event.run);
        break;
      case 'run-started': {
        const r = this.runs.get(event.runId);
        if (r) this.runs.set(event.runId, { ...r, status: 'InProgress', start: event.start });
        break;
      }
      case 'run-finished': {
        const r = this.runs.get(event.runId);
        if (r) {
          const { kind: _k, runId: _r, ...rest } = event;
          this.runs.set(event.runId, { ...r, ...rest });
        }
        break;
      }
      case 'activity-started':
        this.activities.set(event.activityRun.activityRunId, event.activityRun);
        break;
      case 'activity-finished': {
        const a = this.activities.get(event.activityRunId);
        if (a) {
          const { kind: _k, activityRunId: _a, runId: _r, activityName: _n, iteration: _i, ...rest } = event;
          this.activities.set(event.activityRunId, { ...a, ...rest });
        }
        break;
      }
      case 'activity-log':
        break;
    }
  }

  flush(): Promise<void> {
    this.flushes++;
    return Promise.resolve();
  }

  getRun(runId: string): Promise<PipelineRunRecord | undefined> {
    return Promise.resolve(this.runs.get(runId));
  }

  listRuns(_query?: ListRunsQuery): Promise<RunPage> {
    const runs = [...this.runs.values()];
    return Promise.resolve({ runs, total: runs.length });
  }

  getActivityRuns(runId: string): Promise<readonly ActivityRunRecord[]> {
    return Promise.resolve(
      [...this.activities.values()].filter((a) => a.runId === runId).sort((a, b) => a.seq - b.seq),
    );
  }

  requestCancel(): Promise<boolean> {
    return Promise.resolve(false);
  }

  renewLease(): Promise<void> {
    return Promise.resolve();
  }

  recoverInterrupted(): Promise<readonly string[]> {
    return Promise.resolve([]);
  }

  listOrphanedRuns(): Promise<readonly OrphanedRun[]> {
    return Promise.resolve([]);
  }

  takeOverRun(): Promise<boolean> {
    return Promise.resolve(false);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
