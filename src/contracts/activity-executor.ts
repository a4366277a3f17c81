import type { Activity, JsonValue, ResourceReference, TypePropertiesShape } from '../model/index.js';
import type { CopyProgress } from './copy-progress.js';
import type { DataAccess } from './data-access.js';
import type { DataPlane } from './data-plane.js';

/**
 * An activity's dataset and linked-service references with every expression in them evaluated by the engine
 * (parameters are values: a `"@@in.csv"` parameter arrives as the string `@in.csv`, ADF's `@@` escape).
 */
export interface ActivityReferences {
  readonly inputs: readonly ResourceReference[];
  readonly outputs: readonly ResourceReference[];
  readonly linkedServiceName?: ResourceReference;
}

/**
 * What an activity executor gets from the engine for one attempt. Expressions are evaluated through the
 * context (activities never see the expression engine), and values come back as plain JSON.
 */
export interface ActivityContext {
  /** The activity as declared (typeProperties unevaluated). */
  readonly activity: Activity;
  /** Name of the pipeline and id of the run this activity run belongs to. */
  readonly pipelineName: string;
  readonly runId: string;
  readonly activityRunId: string;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Aborted when the run is cancelled or the activity times out; long work must honour it. */
  readonly signal: AbortSignal;
  /**
   * The activity's typeProperties with every dynamic value evaluated (computed once, lazily). Dataset and
   * linked-service references in them are values: pass them to `DataAccess` as they are, never re-evaluate.
   */
  typeProperties(): JsonValue;
  /** `inputs`, `outputs` and `linkedServiceName` of the activity, evaluated (computed once, lazily). */
  references(): ActivityReferences;
  /** Evaluates any dynamic value (expression object, `@…` string, or JSON holding them) in the activity's scope. */
  evaluate(value: unknown): JsonValue;
  /** Appends a line to the activity's log (masked when the activity is secure). */
  log(line: string): void;
  /**
   * Capability: datasets and linked services (the app adds it to every execution activity's context through
   * `EngineOptions.extendContext`). Absent in an engine without connectors; `requireDataAccess` (activities)
   * fails with `activity/missing-capability` then.
   */
  readonly data?: DataAccess;
  /**
   * Capability: the data engine (SQL sessions, file selection, staging, format statements), added by the app
   * like `data`. Activities move data through it instead of importing an engine; absent in an engine without
   * one, when `requireDataPlane` (activities) fails with `activity/missing-capability`.
   */
  readonly dataPlane?: DataPlane;
  /**
   * Capability of hosts that render progress (the CLI): present only when the run's caller follows
   * progress. Copy calls it at most every ~250 ms with its running totals.
   */
  readonly onProgress?: (progress: CopyProgress) => void;
  /**
   * Capability: masks every secret value the host knows of (SecureString parameters, resolved secrets,
   * secret fields of connection strings). Output of child processes (notebooks, scripts, Custom commands)
   * passes through it before it is written to a file or a log. Absent in an engine without secrets.
   */
  readonly redact?: (text: string) => string;
  /** A one-line status of a long step that has no totals (a Python environment being built: what installs now). */
  readonly onStatus?: (status: string) => void;
}

/**
 * Executes one activity type. Throw to fail the attempt: the engine wraps whatever is thrown into an
 * `ActivityError` at one boundary (an `ActivityError` thrown here keeps its code and failure type).
 */
export interface ActivityExecutor {
  /** The ADF type discriminator, e.g. `Copy`, `Lookup`, `DatabricksNotebook` (matched case-insensitively). */
  readonly type: string;
  /** Runs the activity and returns its output (what `@activity('x').output` shows). */
  execute(ctx: ActivityContext): Promise<JsonValue>;
  /**
   * A resumed run (its orchestrator died) finds this attempt (`ctx.activityRunId`, `ctx.attempt`) still recorded
   * as running: when it is still going on elsewhere (a worker holds it), waits for it and returns its output (or
   * throws its error) as `execute` would; resolves undefined when there is nothing to go back to, and the engine
   * then counts the attempt as lost and retries it by policy. Absent: attempts are never reattached.
   */
  reattach?(ctx: ActivityContext): Promise<JsonValue | undefined>;
  /** The shape `validate` checks `typeProperties` against (`ActivityDefinition.typeProperties`). */
  readonly typeProperties?: TypePropertiesShape;
  /** The fact worth a glance in an output (`12 rows copied`), or undefined (`ActivityDefinition.summarize`). */
  summarize?(output: JsonValue): string | undefined;
}
