import type {
  BlobSnapshot,
  TriggerClaim,
  TriggerRunOutcome,
  TriggerRunQuery,
  TriggerRunRecord,
  TriggerRuntimeState,
  TriggerStateRecord,
  TriggerStore,
} from '../../contracts/index.js';
import { claimedRun } from '../trigger-claim.js';

const id = (trigger: string, key: string): string => `${trigger}\u0000${key}`;

/** Filters and sorts trigger runs as `TriggerStore.listTriggerRuns` does (shared by the memory store). */
export function queryTriggerRuns(
  all: Iterable<TriggerRunRecord>,
  q: TriggerRunQuery = {},
): TriggerRunRecord[] {
  const statuses = q.status === undefined ? undefined : typeof q.status === 'string' ? [q.status] : q.status;
  const out = [...all].filter(
    (r) =>
      (q.trigger === undefined || r.trigger === q.trigger) &&
      (statuses === undefined || statuses.includes(r.status)) &&
      (q.kind === undefined || r.kind === q.kind) &&
      (q.from === undefined || r.scheduledTime >= q.from) &&
      (q.to === undefined || r.scheduledTime < q.to),
  );
  const dir = q.order === 'desc' ? -1 : 1;
  out.sort(
    (a, b) => dir * (a.scheduledTime - b.scheduledTime || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
  );
  const offset = q.offset ?? 0;
  return out.slice(offset, offset + (q.limit ?? 1000));
}

/** The in-memory TriggerStore (tests; state lives as long as the object). */
export class MemoryTriggerStore implements TriggerStore {
  readonly #states = new Map<string, TriggerStateRecord>();
  readonly #last = new Map<string, number>();
  readonly #runs = new Map<string, TriggerRunRecord>();
  readonly #snapshots = new Map<string, BlobSnapshot>();

  getState(trigger: string): Promise<TriggerStateRecord | undefined> {
    return Promise.resolve(this.#states.get(trigger));
  }

  listStates(): Promise<readonly TriggerStateRecord[]> {
    return Promise.resolve(
      [...this.#states.values()].sort((a, b) => (a.trigger < b.trigger ? -1 : a.trigger > b.trigger ? 1 : 0)),
    );
  }

  setState(trigger: string, runtimeState: TriggerRuntimeState, changedAt: number): Promise<void> {
    this.#states.set(trigger, { trigger, runtimeState, changedAt });
    return Promise.resolve();
  }

  getLastScheduledTime(trigger: string): Promise<number | undefined> {
    return Promise.resolve(this.#last.get(trigger));
  }

  claim(c: TriggerClaim): Promise<TriggerRunRecord | undefined> {
    const k = id(c.trigger, c.key);
    const prev = this.#runs.get(k);
    const run = claimedRun(prev, c);
    if (!run) return Promise.resolve(undefined);
    this.#runs.set(k, run);
    if (c.kind === 'schedule')
      this.#last.set(c.trigger, Math.max(this.#last.get(c.trigger) ?? -Infinity, c.scheduledTime));
    return Promise.resolve(run);
  }

  finish(trigger: string, key: string, runId: string, o: TriggerRunOutcome): Promise<boolean> {
    const k = id(trigger, key);
    const prev = this.#runs.get(k);
    if (!prev || prev.status !== 'Running' || prev.runId !== runId) return Promise.resolve(false);
    this.#runs.set(k, {
      ...prev,
      status: o.status,
      endedAt: o.endedAt,
      ...(o.message === undefined ? {} : { message: o.message }),
      ...(o.nextAttemptAt === undefined ? {} : { nextAttemptAt: o.nextAttemptAt }),
    });
    return Promise.resolve(true);
  }

  enqueue(runs: readonly TriggerRunRecord[]): Promise<void> {
    for (const r of runs) if (!this.#runs.has(id(r.trigger, r.key))) this.#runs.set(id(r.trigger, r.key), r);
    return Promise.resolve();
  }

  requeue(trigger: string, key: string, now: number): Promise<boolean> {
    const k = id(trigger, key);
    const prev = this.#runs.get(k);
    if (!prev || prev.status === 'Running') return Promise.resolve(false);
    const { nextAttemptAt: _n, ...rest } = prev;
    this.#runs.set(k, {
      ...rest,
      status: 'Waiting',
      message: `rerun requested at ${new Date(now).toISOString()}`,
    });
    return Promise.resolve(true);
  }

  getTriggerRun(trigger: string, key: string): Promise<TriggerRunRecord | undefined> {
    return Promise.resolve(this.#runs.get(id(trigger, key)));
  }

  listTriggerRuns(query?: TriggerRunQuery): Promise<readonly TriggerRunRecord[]> {
    return Promise.resolve(queryTriggerRuns(this.#runs.values(), query));
  }

  getBlobSnapshot(trigger: string): Promise<BlobSnapshot | undefined> {
    return Promise.resolve(this.#snapshots.get(trigger));
  }

  saveBlobSnapshot(
    trigger: string,
    snapshot: BlobSnapshot,
    events: readonly TriggerRunRecord[],
  ): Promise<void> {
    this.#snapshots.set(trigger, { ...snapshot, entries: new Map(snapshot.entries) });
    return this.enqueue(events);
  }

  clearBlobSnapshot(trigger: string): Promise<void> {
    this.#snapshots.delete(trigger);
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
