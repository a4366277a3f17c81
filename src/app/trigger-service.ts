import type {
  Clock,
  IdSource,
  RunStore,
  TriggerRunQuery,
  TriggerRunRecord,
  TriggerRunStatus,
  TriggerRuntimeState,
} from '../contracts/index.js';
import { configOf, resolveEnvironment } from '../config/index.js';
import type { ProjectOptions } from '../config/index.js';
import { openProjectLeaderElection, openProjectRunStore, openProjectTriggerStore } from './run-store.js';
import type { RunHandle, RunRequest, RunResult } from '../engine/index.js';
import { ConfigError } from '../errors/index.js';
import type { JsonValue } from '../model/index.js';
import { createScheduler, nextFireTimes } from '../triggers/index.js';
import type { Scheduler, SchedulerEvent, TriggerStatus } from '../triggers/index.js';
import { loadProject } from './project.js';
import type { LoadedProject } from './project.js';
import { factoryForEnvironment } from './environment-wiring.js';
import { createMillrace } from './run-service.js';
import type { Millrace } from './run-service.js';
import { storageEventSources } from './storage-events.js';
import { systemClock, uuidIds } from './system-clock.js';
import { checkBackfillRange, rerunnableWindow, tumblingWindow } from './trigger-windows.js';
import { keepTakingOver } from './run-takeover.js';

/** Options of `openTriggers`. */
export interface TriggerServiceOptions extends ProjectOptions {
  /** The project already loaded (config and factory): neither is read again. */
  readonly project?: LoadedProject;
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

/** A trigger with its resource JSON (as the environment sees it). */
export interface TriggerDetail extends TriggerInfo {
  readonly resource: JsonValue;
}

/** Filters of `TriggerService.windows`: newest window first. */
export interface TriggerWindowQuery {
  readonly status?: TriggerRunStatus | readonly TriggerRunStatus[];
  /** Default 100. */
  readonly limit?: number;
  readonly offset?: number;
}

/** Options of `TriggerService.serve`. */
export interface ServeOptions {
  /** On stop, cancel the runs the scheduler started instead of waiting for them to end (the server). */
  readonly cancelRunsOnStop?: boolean;
}

/** The trigger API of the library: what `millrace triggers …` and the server call. */
export interface TriggerService {
  list(): Promise<readonly TriggerInfo[]>;
  /** One trigger; throws `trigger/unknown-trigger`. Names match case-insensitively. */
  get(name: string): Promise<TriggerDetail>;
  /** Sets the runtime state (`millrace triggers start|stop`); throws `trigger/unknown-trigger`. */
  setState(name: string, state: TriggerRuntimeState): Promise<void>;
  /** Trigger runs, newest first (default limit 100); a named trigger must exist (`trigger/unknown-trigger`). */
  runs(query?: TriggerRunQuery): Promise<readonly TriggerRunRecord[]>;
  /** The windows of a tumbling window trigger, newest first; throws `trigger/not-tumbling-window`. */
  windows(name: string, query?: TriggerWindowQuery): Promise<readonly TriggerRunRecord[]>;
  /**
   * Runs the scheduler loop until `signal` aborts, then waits for the runs it started (or cancels them,
   * see ServeOptions) and for their trigger runs to be recorded.
   */
  serve(signal: AbortSignal, options?: ServeOptions): Promise<void>;
  /**
   * Queues (or reruns) the windows of a tumbling window trigger that start in `[from, to)`; returns how many.
   * Throws `trigger/invalid-range` for an empty range, windows not due yet, or over 10,000 windows.
   */
  backfill(name: string, from: number, to: number): Promise<number>;
  /**
   * Reruns the finished window starting at `windowStart`. Throws `trigger/unknown-window`,
   * `trigger/window-running`; false when the window changed meanwhile.
   */
  rerunWindow(name: string, windowStart: number): Promise<boolean>;
  /** Closes the trigger store, and the run service unless it was shared (see `openTriggers`). */
  close(): Promise<void>;
}

/** An open run service and its run store, for a caller that already has them (the server): one store per process. */
export interface SharedRunService {
  readonly millrace: Millrace;
  /** The run store `millrace` writes to (the scheduler reconciles trigger runs against it). */
  readonly store: RunStore;
}

/**
 * Opens the triggers of a project: the factory's trigger definitions, the durable trigger state (in
 * `.millrace/state.db`, next to the runs) and a scheduler that starts runs through the run service.
 * With `shared`, runs go through that run service and store, which the caller keeps owning (and closes
 * after this service); without it, the service opens its own and closes them.
 *
 * @example
 * const triggers = await openTriggers({ projectDir: '.' });
 * await triggers.setState('TR_Daily', 'Started');
 * await triggers.close();
 */
export async function openTriggers(
  options: TriggerServiceOptions = {},
  shared?: SharedRunService,
): Promise<TriggerService> {
  const loaded = options.project ?? (await loadProject(await configOf(options)));
  const { config, project } = loaded;
  // The environment's values apply to triggers too: its trigger settings and runtimeState overrides.
  const environment =
    options.environment === undefined ? undefined : await resolveEnvironment(project, options.environment);
  const factory = factoryForEnvironment(loaded.factory, environment);
  const clock = options.clock ?? systemClock;
  const store = shared?.store ?? (await openProjectRunStore(config));
  const triggerStore = await openProjectTriggerStore(config);
  const millrace =
    shared?.millrace ??
    (await createMillrace({
      project: loaded,
      store,
      clock,
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.environment ? { environment: options.environment } : {}),
    }));
  // Runs the scheduler started that have not ended, by id: their start (cancelled when a server stops).
  const active = new Map<string, Promise<unknown>>();
  const startRun = (request: RunRequest): RunHandle => {
    const runId = request.runId ?? '';
    const starting = millrace.startRun(request.pipeline, {
      runId,
      ...(request.trigger ? { trigger: request.trigger } : {}),
      ...(request.parameters ? { parameters: request.parameters as Record<string, never> } : {}),
    });
    active.set(runId, starting);
    const result = starting
      .then((started) => started.done)
      .then((doc): RunResult => ({
        runId,
        pipeline: request.pipeline,
        status: doc.status as RunResult['status'],
        ...(doc.message === undefined ? {} : { message: doc.message }),
        returnValue: undefined,
      }))
      .finally(() => active.delete(runId));
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

  const info = (t: TriggerStatus, now: number): TriggerInfo => {
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
  };

  return {
    async list() {
      const now = clock.now();
      return (await scheduler.list()).map((t) => info(t, now));
    },
    async get(name) {
      const t = await known(name);
      const r = factory.triggers.get(t.definition.name);
      const resource = { name: t.definition.name, ...(r ? { properties: r.properties } : {}) };
      return { ...info(t, clock.now()), resource: JSON.parse(JSON.stringify(resource)) as JsonValue };
    },
    async setState(name, state) {
      const t = await known(name);
      await triggerStore.setState(t.definition.name, state, clock.now());
      if (state === 'Stopped' && t.definition.type === 'BlobEventsTrigger') {
        await triggerStore.clearBlobSnapshot(t.definition.name);
      }
      scheduler.wake();
    },
    async runs(query = {}) {
      const trigger =
        query.trigger === undefined ? {} : { trigger: (await known(query.trigger)).definition.name };
      return triggerStore.listTriggerRuns({ order: 'desc', limit: 100, ...query, ...trigger });
    },
    async windows(name, query = {}) {
      const def = tumblingWindow((await known(name)).definition);
      return triggerStore.listTriggerRuns({
        trigger: def.name,
        kind: 'window',
        order: 'desc',
        limit: query.limit ?? 100,
        ...(query.offset === undefined ? {} : { offset: query.offset }),
        ...(query.status === undefined ? {} : { status: query.status }),
      });
    },
    async serve(signal, serveOptions = {}) {
      const election = await openProjectLeaderElection(config, (e) => {
        const at = clock.now();
        if (e.kind === 'error') options.onEvent?.({ kind: 'error', at, error: e.error });
        else
          options.onEvent?.({
            kind: 'leader',
            at,
            elected: e.kind === 'elected',
            ...(e.kind === 'lost' ? { reason: e.reason } : {}),
          });
      });
      if (election) {
        // Many servers on one database: only the elected one schedules, and it takes over the runs of dead
        // servers (resumed here, or ended interrupted), so no run hangs and their windows end.
        try {
          await election.lead(signal, async (leaderSignal) => {
            const takingOver = keepTakingOver(millrace, leaderSignal, (outcome) =>
              options.onEvent?.({ kind: 'takeover', at: clock.now(), outcome }),
            );
            await scheduler.run(leaderSignal);
            await takingOver;
          });
        } finally {
          await election.close();
        }
      } else await scheduler.run(signal);
      if (serveOptions.cancelRunsOnStop) {
        for (const [runId, starting] of [...active]) {
          // A run only just claimed may not have reached the engine yet: cancel it once it has.
          await starting.catch(() => undefined);
          await millrace.cancelRun(runId);
        }
      }
      await scheduler.idle();
    },
    async backfill(name, from, to) {
      const def = tumblingWindow((await known(name)).definition);
      checkBackfillRange(def, from, to, clock.now());
      return scheduler.backfill(def.name, from, to);
    },
    async rerunWindow(name, windowStart) {
      const def = tumblingWindow((await known(name)).definition);
      await rerunnableWindow(triggerStore, def, windowStart);
      return scheduler.rerunWindow(def.name, windowStart);
    },
    async close() {
      if (!shared) await millrace.close();
      await triggerStore.close();
    },
  };
}
