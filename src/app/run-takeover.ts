import type { OrphanedRun, PipelineRunRecord, RunStore } from '../contracts/index.js';
import { isFinalRunStatus } from '../contracts/index.js';
import { RUN_HEARTBEAT_MS } from '../contracts/index.js';
import type { ResumeSource } from '../engine/index.js';
import { systemClock } from './system-clock.js';

/** What a takeover sweep did with one orphaned run (and the child runs it carries). */
export type TakeoverOutcome =
  | { readonly kind: 'resumed'; readonly runId: string; readonly pipeline: string; readonly from: string }
  | {
      readonly kind: 'interrupted';
      readonly runId: string;
      readonly pipeline: string;
      readonly from: string;
      /** Why it could not be resumed. */
      readonly reason: string;
    };

/** What a takeover sweep needs: the store, who takes over, and how this process resumes a run. */
export interface TakeoverInput {
  readonly store: RunStore;
  /** The owner id this process's runs carry (its lease is renewed under it). */
  readonly owner: string;
  /** The environment this process runs in; another environment's runs are not resumed here. */
  readonly environment: string | undefined;
  readonly isOwnerAlive: (owner: string, heartbeat: number) => boolean;
  readonly now: () => number;
  /** Why this process cannot resume the run faithfully, or undefined. */
  readonly blocker: (source: ResumeSource) => Promise<string | undefined>;
  /** Starts the resumed run in this process's engine. */
  readonly resume: (source: ResumeSource) => Promise<void>;
}

/**
 * One takeover sweep: every unfinished run whose owner is gone is resumed here in place (its child runs with it),
 * when this process can do so faithfully; otherwise it ends `interrupted` as before (it can be rerun from
 * failed). Of several processes sweeping at once, the compare-and-set on the run's owner lets one win.
 */
export async function takeOverOrphanedRuns(input: TakeoverInput): Promise<TakeoverOutcome[]> {
  const { store } = input;
  const orphans = await store.listOrphanedRuns(input.isOwnerAlive);
  const unfinished = new Set(orphans.map((o) => o.runId));
  // A child run of an orphaned parent goes on with its parent (the ExecutePipeline waiting for it resumes it), so
  // parents come first; a child nobody waits for (fire and forget) is taken over on its own.
  const hasParent = (o: OrphanedRun): boolean => o.parentRunId !== undefined && unfinished.has(o.parentRunId);
  const ordered = [...orphans.filter((o) => !hasParent(o)), ...orphans.filter(hasParent)];
  const handled = new Set<string>();
  const outcomes: TakeoverOutcome[] = [];
  for (const orphan of ordered) {
    if (handled.has(orphan.runId)) continue;
    const source = await resumeSourceOf(store, orphan.runId);
    if (!source) continue;
    for (const id of unfinishedIds(source)) handled.add(id);
    const reason = await whyNot(input, orphan, source);
    if (reason !== undefined) {
      const subtree = unfinishedIds(source);
      const ended = await store.recoverInterrupted(input.isOwnerAlive, input.now(), subtree);
      if (ended.includes(orphan.runId)) outcomes.push(outcome(orphan, { kind: 'interrupted', reason }));
      continue;
    }
    if (!(await store.takeOverRun(orphan.runId, orphan.owner, input.owner, input.now()))) continue;
    for (const id of unfinishedIds(source).slice(1)) {
      const child = orphans.find((o) => o.runId === id);
      if (child) await store.takeOverRun(id, child.owner, input.owner, input.now());
    }
    try {
      await input.resume(source);
      outcomes.push(outcome(orphan, { kind: 'resumed' }));
    } catch (err) {
      // Taken but not started: it must not stay InProgress under this process's lease.
      await store.recoverInterrupted(() => false, input.now(), unfinishedIds(source));
      const reason = err instanceof Error ? err.message : String(err);
      outcomes.push(outcome(orphan, { kind: 'interrupted', reason }));
    }
  }
  return outcomes;
}

function whyNot(
  input: TakeoverInput,
  orphan: OrphanedRun,
  source: ResumeSource,
): Promise<string | undefined> {
  if ((orphan.environment ?? undefined) !== input.environment)
    return Promise.resolve(
      `it runs in ${orphan.environment === undefined ? 'no environment' : `environment "${orphan.environment}"`}, this server in ${input.environment === undefined ? 'none' : `"${input.environment}"`}`,
    );
  return input.blocker(source);
}

function outcome(
  orphan: OrphanedRun,
  rest: { kind: 'resumed' } | { kind: 'interrupted'; reason: string },
): TakeoverOutcome {
  return { runId: orphan.runId, pipeline: orphan.pipeline, from: orphan.owner, ...rest };
}

/** A run's record, activity runs and child runs (recursively), as the store holds them now. */
async function resumeSourceOf(store: RunStore, runId: string): Promise<ResumeSource | undefined> {
  const record = await store.getRun(runId);
  if (!record || isFinalRunStatus(record.status)) return undefined;
  return sourceOf(store, record);
}

async function sourceOf(store: RunStore, record: PipelineRunRecord): Promise<ResumeSource> {
  const activityRuns = await store.getActivityRuns(record.runId);
  const children = new Map<string, ResumeSource>();
  // Only the ExecutePipeline activity runs still open can resume a child; finished ones keep their output.
  const open = new Set(activityRuns.filter((a) => a.status === 'InProgress').map((a) => a.activityRunId));
  if (open.size > 0) {
    const page = await store.listRuns({ parentRunId: record.runId, limit: 1000 });
    for (const child of page.runs) {
      const parent = child.invokedBy.parentActivityRunId;
      if (parent !== undefined && open.has(parent)) children.set(parent, await sourceOf(store, child));
    }
  }
  return { record, activityRuns, children };
}

/** The run and its unfinished child runs, the run first. */
function unfinishedIds(source: ResumeSource): string[] {
  const ids = isFinalRunStatus(source.record.status) ? [] : [source.record.runId];
  for (const child of source.children.values()) ids.push(...unfinishedIds(child));
  return ids;
}

/**
 * The leader's takeover loop: a sweep at once (a new leader first settles a dead leader's runs), then every
 * heartbeat until `signal` aborts. A failed sweep (the database briefly unreachable) is retried at the next.
 */
export async function keepTakingOver(
  service: { takeOverOrphanedRuns(): Promise<TakeoverOutcome[]> },
  signal: AbortSignal,
  onOutcome: (outcome: TakeoverOutcome) => void,
  everyMs: number = RUN_HEARTBEAT_MS,
): Promise<void> {
  while (!signal.aborted) {
    try {
      for (const outcome of await service.takeOverOrphanedRuns()) onOutcome(outcome);
    } catch {
      // retried at the next sweep
    }
    await systemClock.sleep(everyMs, signal).catch(() => undefined);
  }
}
