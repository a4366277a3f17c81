import type { RunEvent } from '../contracts/index.js';
import type { EvalContext, ExprValue } from '../expressions/index.js';
import type { PipelineResource } from '../model/index.js';
import type { Limiter } from './limiter.js';
import type { ScopePlan } from './plan.js';
import { scopePlanOf } from './plan.js';
import { isReplayedIteration } from './rerun-source.js';
import type { PreviousActivity, RerunSource } from './rerun-source.js';
import type { ResumeSource } from './resume-source.js';
import type { EngineOptions, RunHandle, RunRequest } from './run-types.js';
import { ScopeActivities } from './scope-activities.js';

/** The live state of one pipeline run. Mutated only by the run's own activities (SetVariable…). */
export interface RunState {
  readonly options: EngineOptions;
  readonly runId: string;
  readonly pipeline: PipelineResource;
  readonly parameters: Readonly<Record<string, ExprValue>>;
  /** Current variable values; SetVariable/AppendVariable replace entries in place. */
  readonly variables: Record<string, ExprValue>;
  /** Variables whose value came from a secureOutput/secureInput SetVariable: masked in the run record. */
  readonly secureVariables: Set<string>;
  /** Parameters declared SecureString: masked in the run record. */
  readonly secureParameters: ReadonlySet<string>;
  returnValue: ExprValue | undefined;
  /** `pipeline()` system variables. */
  readonly system: Readonly<Record<string, ExprValue>>;
  readonly signal: AbortSignal;
  /** Next activity run sequence number. */
  seq: number;
  /** Bounds the execution activities running at once. */
  readonly limiter: Limiter;
  readonly rerun: RerunSource | undefined;
  /** A resumed run's child runs, by the ExecutePipeline activity run that started them. */
  readonly resumeChildren?: ReadonlyMap<string, ResumeSource>;
  emit(event: RunEvent): void;
  startChildRun(request: RunRequest): RunHandle;
}

/** One scope being run: the pipeline's activities, or one iteration/branch of a container. */
export interface ScopeState {
  readonly run: RunState;
  readonly plan: ScopePlan;
  /** Iteration path of the scope (`Loop[3]/If(true)`); undefined at the top level. */
  readonly iteration: string | undefined;
  readonly activities: ScopeActivities;
  readonly evalContext: EvalContext;
  readonly signal: AbortSignal;
  /** Rerun: what the earlier run did in this same scope. */
  readonly previous: ReadonlyMap<string, PreviousActivity> | undefined;
  /** Rerun of named iterations: this is another iteration of their ForEach, kept as the earlier run ended it. */
  readonly replay: boolean;
}

/** Options of a nested scope. */
export interface ChildScopeOptions {
  /** Path segment of this scope: `Loop[3]`, `If(true)`, `Route(delta)`. */
  readonly segment: string;
  /** The ForEach item (inherited from the enclosing scope when absent). */
  readonly item?: ExprValue;
  readonly signal?: AbortSignal;
  /** No reuse of earlier results inside (Until iterations are not comparable across runs). */
  readonly noReuse?: boolean;
}

/** The top scope of a run. */
export function createRootScope(run: RunState): ScopeState {
  return makeScope(run, run.pipeline.properties.activities, undefined, undefined, run.signal, undefined);
}

/** A nested scope inside `parent` for one activity list of a container. */
export function createChildScope(
  parent: ScopeState,
  activities: readonly unknown[],
  o: ChildScopeOptions,
): ScopeState {
  const iteration = parent.iteration === undefined ? o.segment : `${parent.iteration}/${o.segment}`;
  return makeScope(
    parent.run,
    activities,
    iteration,
    parent,
    o.signal ?? parent.signal,
    o.item !== undefined ? o.item : parent.evalContext.item,
    o.noReuse,
  );
}

function makeScope(
  run: RunState,
  list: readonly unknown[],
  iteration: string | undefined,
  parent: ScopeState | undefined,
  signal: AbortSignal,
  item: ExprValue | undefined,
  noReuse?: boolean,
): ScopeState {
  const activities = new ScopeActivities(parent?.activities);
  const evalContext: EvalContext = {
    parameters: run.parameters,
    ...(run.options.globalParameters ? { globalParameters: run.options.globalParameters } : {}),
    variables: run.variables,
    activities,
    ...(item === undefined ? {} : { item }),
    pipeline: run.system,
    functions: run.options.functions,
  };
  // A named iteration of a rerun runs in full, like what is nested in a scope with nothing to reuse. A resumed run
  // keeps everything it recorded itself, in every scope.
  const fresh =
    run.rerun?.resume !== true &&
    (noReuse ||
      (iteration !== undefined && run.rerun?.iterations?.has(iteration) === true) ||
      (parent && !parent.previous && parent.iteration !== undefined));
  const previous = fresh ? undefined : run.rerun?.scopes.get(iteration ?? '');
  const replay =
    previous !== undefined && iteration !== undefined && isReplayedIteration(run.rerun, iteration);
  return { run, plan: scopePlanOf(list), iteration, activities, evalContext, signal, previous, replay };
}
