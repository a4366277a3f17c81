import type {
  ActivityContext,
  ActivityRegistry,
  Clock,
  DatasetProbe,
  IdSource,
  RunEvent,
  RunInvocation,
  RunStatus,
  RunStore,
} from '../contracts/index.js';
import type { ExprValue, FunctionContext } from '../expressions/index.js';
import type { JsonValue, PipelineResource } from '../model/index.js';
import type { RerunSource } from './rerun-source.js';
import type { ResumeSource } from './resume-source.js';
import type { TriggerInvocation } from './trigger-invocation.js';

/** What the engine needs from its host: all time, ids, state and plugins come in here. */
export interface EngineOptions {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly store: RunStore;
  readonly registry: ActivityRegistry;
  /** utcNow(), guid(), rand() for expressions. */
  readonly functions: FunctionContext;
  /** Resolves a pipeline by name (ExecutePipeline, and every run). */
  readonly getPipeline: (name: string) => PipelineResource | undefined;
  /** Content hash of the factory, recorded on every run. */
  readonly contentHash: string;
  readonly factoryName?: string;
  readonly globalParameters?: Readonly<Record<string, ExprValue>>;
  /** The environment this engine runs in (`--env`), recorded on every run; absent for the project's settings. */
  readonly environment?: string;
  /** Owner id recorded on runs (host:pid) so a crash can be recognised. */
  readonly owner?: string;
  /**
   * How deep ExecutePipeline may nest: a run at this depth (the top-level run is depth 0) cannot start a child;
   * its ExecutePipeline fails with `engine/pipeline-depth-exceeded`. Stops a pipeline that runs itself.
   * Default 32.
   */
  readonly maxPipelineDepth?: number;
  /** Execution activities running at once per run (control activities do not count). Default 16. */
  readonly maxParallelActivities?: number;
  /** Capability for Validation activities. */
  readonly datasetProbe?: DatasetProbe;
  /**
   * Adds capabilities to the context of execution activities (e.g. `data` for connectors); the engine
   * passes the result to the executor.
   */
  readonly extendContext?: (ctx: ActivityContext) => ActivityContext;
  /** Sees every event of every run (after masking). */
  readonly onEvent?: (event: RunEvent) => void;
  /**
   * Receives each value that must never be shown, before any event carrying it is emitted: the values of
   * SecureString parameters (of every run, child runs too) and of variables set by a SetVariable whose
   * policy is secureInput/secureOutput. The host registers them with its redactor, so the value is masked
   * wherever it flows (variables, inputs, outputs, messages, logs).
   */
  readonly onSecret?: (value: string) => void;
  /**
   * True for an activity that the registry's executor runs even when its type is a control-flow type the engine
   * runs itself (ExecutePipeline, ForEach, …): the test harness's mocks replace any activity this way.
   */
  readonly replacesActivity?: (activity: { readonly name: string; readonly type: string }) => boolean;
}

/** A request to run a pipeline. */
export interface RunRequest {
  readonly pipeline: string;
  /** Typed parameter values (checked against the declared types). */
  readonly parameters?: Readonly<Record<string, ExprValue>>;
  /** Parameter values as text (CLI `-p name=value`), parsed by the declared type. */
  readonly rawParameters?: Readonly<Record<string, string>>;
  /** Cancels the run (and its running activities and child runs). */
  readonly signal?: AbortSignal;
  readonly invokedBy?: RunInvocation;
  /** The trigger that starts this run: pipeline() Trigger* values, and parameters evaluated in trigger scope. */
  readonly trigger?: TriggerInvocation;
  /** Use this run id instead of a new one (a trigger records it before the run starts, for exactly-once). */
  readonly runId?: string;
  /** Rerun from failed activity: what the earlier run already did. */
  readonly rerun?: RerunSource;
  /**
   * Resume this unfinished run in place (a takeover after its orchestrator died): `pipeline`, parameters, run id
   * and invocation come from its record; nothing it recorded is recorded again.
   */
  readonly resume?: ResumeSource;
  /** ExecutePipeline levels above this run (set by the engine for child runs); 0 for a top-level run. */
  readonly depth?: number;
  /** Initial variable values (a rerun starts from the earlier run's values). */
  readonly variables?: Readonly<Record<string, JsonValue>>;
  /** Group of runs this one belongs to (reruns keep the first run's group). */
  readonly groupId?: string;
  readonly onEvent?: (event: RunEvent) => void;
}

/** How a run ended. */
export interface RunResult {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: RunStatus;
  readonly message?: string;
  /** The pipeline return value (unmasked: for the caller, e.g. a parent ExecutePipeline). */
  readonly returnValue: ExprValue | undefined;
}

/** A started run: its id at once, its result later. */
export interface RunHandle {
  readonly runId: string;
  readonly result: Promise<RunResult>;
}
