import { join } from 'node:path';
import type {
  Clock,
  IdSource,
  TriggerRunQuery,
  TriggerRunRecord,
  TriggerRuntimeState,
} from '../contracts/index.js';
import { resolveEnvironment, resolveProject } from '../config/index.js';
import type { RunHandle, RunRequest, RunResult } from '../engine/index.js';
import { ConfigError } from '../errors/index.js';
import { openSqliteRunStore, SqliteTriggerStore } from '../store/index.js';
import { createScheduler, nextFireTimes } from '../triggers/index.js';
import type { Scheduler, SchedulerEvent, TriggerStatus } from '../triggers/index.js';
import { loadProject } from './project.js';
import { factoryForEnvironment } from './environment-wiring.js';
import { createMillrace } from './run-service.js';
import { storageEventSources } from './storage-events.js';
import { systemClock, uuidIds } from './system-clock.js';

/** Options of `openTriggers`. */
export interface TriggerServiceOptions {
  /** Project folder (default: the current folder). */
  readonly projectDir?: string;
  /** Environment whose parameters and secrets the triggered runs use. */
  readonly environment?: string;
  /** Runtime states of the environment (they override the factory files). */
  readonly runtimeStates?: Readonly<Record<string, TriggerRuntimeState>>;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  /** Longest sleep of the scheduler loop (ms). Default 1000. */
  readonly pollMs?: number;
  readonly onEvent?: (event: SchedulerEvent) => void;
}

/** A trigger as `millrace triggers list` shows it. */
export interface TriggerInfo {
  readonly name: string;
  readonly type: string;
  readonly runtimeState: TriggerRuntimeState;
  readonly stateSource: TriggerStatus['source'];
  readonly pipelines: readonly string[];
  /** Next schedule occurrence (ISO), for schedule triggers. */
  readonly nextRun?: string;
}

/** The trigger API of the library: what `millrace triggers …` and (later) the server call. */
export interface TriggerService {
  list(): Promise<readonly TriggerInfo[]>;
  /** Sets the runtime state (`millrace triggers start|stop`); throws `trigger/unknown-trigger`. */
  setState(name: string, state: TriggerRuntimeState): Promise<void>;
  runs(query?: TriggerRunQuery): Promise<readonly TriggerRunRecord[]>;
  /** Runs the scheduler loop in the foreground until `signal` aborts, then waits for the runs it started. */
  serve(signal: AbortSignal): Promise<void>;
  /** Queues (or reruns) the windows of a tumbling window trigger that start in `[from, to)`. */
  backfill(name: string, from: number, to: number): Promise<number>;
  rerunWindow(name: string, windowStart: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Opens the triggers of a project: the factory's trigger definitions, the durable trigger state (in
 * `.millrace/state.db`, next to the runs) and a scheduler that starts runs through the run service.
 *
 * @example
 * const triggers = await openTriggers({ projectDir: '.' });
 * await triggers.setState('TR_Daily', 'Started');
 * await triggers.close();
 */
export async function openTriggers(options: TriggerServiceOptions = {}): Promise<TriggerService> {
  const dir = options.projectDir ?? '.';
  const project = await resolveProject(dir);
  const loaded = await loadProject(dir);
  // The environment's values apply to triggers too: its trigger settings and runtimeState overrides.
  const environment =
    options.environment === undefined ? undefined : await resolveEnvironment(project, options.environment);
  const factory = factoryForEnvironment(loaded.factory, environment);
  const dbPath = join(project.root, '.millrace', 'state.db');
  const clock = options.clock ?? systemClock;
  const store = await openSqliteRunStore({ path: dbPath });
  const triggerStore = new SqliteTriggerStore(dbPath);
  const millrace = await createMillrace({
    projectDir: dir,
    store,
    clock,
    ...(options.ids ? { ids: options.ids } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
  });
  const startRun = (request: RunRequest): RunHandle => {
    const runId = request.runId ?? '';
    const result = millrace
      .startRun(request.pipeline, {
        runId,
        ...(request.trigger ? { trigger: request.trigger } : {}),
        ...(request.parameters ? { parameters: request.parameters as Record<string, never> } : {}),
      })
      .then((started) => started.done)
      .then((doc): RunResult => ({
        runId,
        pipeline: request.pipeline,
        status: doc.status as RunResult['status'],
        ...(doc.message === undefined ? {} : { message: doc.message }),
        returnValue: undefined,
      }));
    return { runId, result };
  };
  const scheduler: Scheduler = createScheduler({
    clock,
    ids: options.ids ?? uuidIds,
    store,
    triggerStore,
    startRun,
    factory,
    resolveBlobSource: storageEventSources(factory, project.root, project.config?.['storageEvents']),
    ...(options.runtimeStates ? { runtimeStates: options.runtimeStates } : {}),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const known = async (name: string): Promise<TriggerStatus> => {
    const all = await scheduler.list();
    const found = all.find((t) => t.definition.name.toLowerCase() === name.toLowerCase());
    if (!found) {
      throw new ConfigError({
        code: 'trigger/unknown-trigger',
        message: `unknown trigger "${name}" (known: ${all.map((t) => t.definition.name).join(', ') || 'none'})`,
      });
    }
    return found;
  };

  return {
    async list() {
      const now = clock.now();
      return (await scheduler.list()).map((t): TriggerInfo => {
        const d = t.definition;
        const next = d.type === 'ScheduleTrigger' ? nextFireTimes(d.recurrence, now, 1)[0] : undefined;
        return {
          name: d.name,
          type: d.type,
          runtimeState: t.runtimeState,
          stateSource: t.source,
          pipelines: d.pipelines.map((p) => p.pipeline),
          ...(next === undefined ? {} : { nextRun: new Date(next).toISOString() }),
        };
      });
    },
    async setState(name, state) {
      const t = await known(name);
      await triggerStore.setState(t.definition.name, state, clock.now());
      if (state === 'Stopped' && t.definition.type === 'BlobEventsTrigger') {
        await triggerStore.clearBlobSnapshot(t.definition.name);
      }
      scheduler.wake();
    },
    runs: (query) => triggerStore.listTriggerRuns({ order: 'desc', limit: 100, ...query }),
    async serve(signal) {
      await scheduler.run(signal);
      await scheduler.idle();
    },
    async backfill(name, from, to) {
      return scheduler.backfill((await known(name)).definition.name, from, to);
    },
    async rerunWindow(name, windowStart) {
      return scheduler.rerunWindow((await known(name)).definition.name, windowStart);
    },
    async close() {
      await millrace.close();
      await triggerStore.close();
    },
  };
}
