import type {
  Clock,
  FileStore,
  IdSource,
  RunStore,
  TriggerRunRecord,
  TriggerRuntimeState,
  TriggerStore,
} from '../contracts/index.js';
import type { RunHandle, RunRequest } from '../engine/index.js';
import type { Factory } from '../model/index.js';
import type { BlobEventsTriggerDefinition, TriggerDefinition } from './trigger-definition.js';

/** Where a storage event trigger looks: a file store, the container name, and the store folder that is the container. */
export interface BlobSource {
  readonly store: FileStore;
  readonly container: string;
  /** Store folder that corresponds to the container root (`''` for an Azure Blob container). */
  readonly folder: string;
}

/** What the scheduler reports: to the CLI's log, to tests. */
export type SchedulerEvent =
  | { readonly kind: 'heartbeat'; readonly at: number; readonly nextWakeAt: number }
  | { readonly kind: 'fired'; readonly at: number; readonly run: TriggerRunRecord }
  | { readonly kind: 'finished'; readonly at: number; readonly run: TriggerRunRecord }
  | { readonly kind: 'error'; readonly at: number; readonly trigger?: string; readonly error: unknown }
  /** This process became the scheduler leader among the servers of one database, or stopped being it. */
  | { readonly kind: 'leader'; readonly at: number; readonly elected: boolean; readonly reason?: string }
  /**
   * The leader took over a run whose orchestrating process died: resumed here, or (when it could not be resumed
   * faithfully: another environment or factory version, a secure value the store does not keep) ended `interrupted`.
   */
  | {
      readonly kind: 'takeover';
      readonly at: number;
      readonly outcome: {
        readonly kind: 'resumed' | 'interrupted';
        readonly runId: string;
        readonly pipeline: string;
        /** The dead owner. */
        readonly from: string;
        readonly reason?: string;
      };
    };

/** Options of `createScheduler`. */
export interface SchedulerOptions {
  readonly clock: Clock;
  /** Pipeline run ids and trigger run ids. */
  readonly ids: IdSource;
  /** The run store: reconciles trigger runs whose pipeline run ended while the scheduler was down. */
  readonly store: RunStore;
  readonly triggerStore: TriggerStore;
  /** Starts a pipeline run (the engine's `startRun`); must use `request.runId`. */
  readonly startRun: (request: RunRequest) => RunHandle;
  readonly factory: Pick<Factory, 'triggers'>;
  /** Runtime states of the environment; they override the factory files (and `triggers start|stop` overrides them). */
  readonly runtimeStates?: Readonly<Record<string, TriggerRuntimeState>>;
  /** The folder or container a storage event trigger watches (from the `storageEvents` project setting). */
  readonly resolveBlobSource?: (trigger: BlobEventsTriggerDefinition) => Promise<BlobSource>;
  /** Longest sleep between passes (heartbeat, storage polling, start/stop changes). Default 1000 ms. */
  readonly pollMs?: number;
  /** A schedule occurrence missed by at most this much when the scheduler (re)starts still fires. Default 60 s. */
  readonly misfireGraceMs?: number;
  /** Windows queued per pass at most (backfill proceeds in batches). Default 500. */
  readonly backfillBatch?: number;
  readonly onEvent?: (event: SchedulerEvent) => void;
}

/** A trigger as the scheduler sees it: its definition and its effective runtime state. */
export interface TriggerStatus {
  readonly definition: TriggerDefinition;
  readonly runtimeState: TriggerRuntimeState;
  /** Where the state comes from. */
  readonly source: 'store' | 'environment' | 'factory';
}

/** The trigger scheduler: a loop that wakes at the next due time, fires due triggers, and heartbeats. */
export interface Scheduler {
  /** Runs the loop until `signal` aborts (reconciling leftovers first). Resolves once stopped. */
  run(signal: AbortSignal): Promise<void>;
  /** One pass: reconciles, fires what is due, and returns when the next thing is due (epoch ms). */
  tick(): Promise<number>;
  /** Makes a sleeping loop run a pass now (e.g. after `triggers start`). */
  wake(): void;
  /** The triggers Millrace can fire, with their effective runtime states. */
  list(): Promise<readonly TriggerStatus[]>;
  /** Queues the windows of a tumbling window trigger that start in `[from, to)`; finished ones are rerun. Returns how many. */
  backfill(trigger: string, from: number, to: number): Promise<number>;
  /** Reruns one finished window (by its start). False when unknown or running. */
  rerunWindow(trigger: string, windowStart: number): Promise<boolean>;
  /** Resolves when every run this scheduler started has been recorded as finished. */
  idle(): Promise<void>;
}
