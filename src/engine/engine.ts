import type { PipelineRunRecord, RunEvent, RunInvocation } from '../contracts/index.js';
import { isFinalRunStatus } from '../contracts/index.js';
import { ActivityError, ConfigError, FailureType } from '../errors/index.js';
import type { ExprValue } from '../expressions/index.js';
import { linkedController } from './abortable.js';
import { Limiter } from './limiter.js';
import { executeRun } from './pipeline-run.js';
import { checkRerunIterations } from './rerun-iteration.js';
import { nextSeq, restoredValues, resumeRerunSource } from './resume-source.js';
import { resolveRunParameters } from './run-parameters.js';
import { evaluateTriggerParameters } from './trigger-invocation.js';
import type { RunState } from './run-state.js';
import type { EngineOptions, RunHandle, RunRequest, RunResult } from './run-types.js';
import {
  adfTimestamp,
  initialVariables,
  maskedRecord,
  secretText,
  secureParameterNames,
} from './run-values.js';

/** ExecutePipeline nesting allowed by default (EngineOptions.maxPipelineDepth). */
export const DEFAULT_MAX_PIPELINE_DEPTH = 32;

/** Runs pipelines: the in-process host of runs, with per-pipeline `concurrency` queues. */
export interface Engine {
  /**
   * Starts a run and returns its id at once. Bad input (unknown pipeline, parameter errors) throws a
   * ConfigError before anything is recorded. The run is recorded (and flushed) before it starts.
   */
  startRun(request: RunRequest): RunHandle;
  /** Cancels an active run of this engine (and its running activities and child runs). */
  cancel(runId: string): boolean;
  /** Ids of the runs this engine is running or has queued. */
  activeRuns(): readonly string[];
  /** Resolves when no run is active (fire-and-forget child runs included). */
  idle(): Promise<void>;
}

interface Slots {
  active: number;
  readonly waiting: (() => void)[];
}

/** Creates an engine over the injected clock, ids, store, registry and pipeline resolver. */
export function createEngine(options: EngineOptions): Engine {
  const active = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  const slots = new Map<string, Slots>();

  const acquire = (pipeline: string, limit: number | undefined): Promise<void> | undefined => {
    if (!limit || limit < 1) return undefined;
    let s = slots.get(pipeline);
    if (!s) slots.set(pipeline, (s = { active: 0, waiting: [] }));
    if (s.active < limit) {
      s.active++;
      return undefined;
    }
    const entry = s;
    return new Promise((resolve) => entry.waiting.push(resolve));
  };
  const release = (pipeline: string): void => {
    const s = slots.get(pipeline);
    if (!s) return;
    const next = s.waiting.shift();
    if (next) next();
    else s.active--;
  };

  const startRun = (request: RunRequest): RunHandle => {
    // A resumed run (a takeover) continues its record: same id, parameters, invocation and group.
    const { resume } = request;
    const pipelineName = resume?.record.pipeline ?? request.pipeline;
    const pipeline = options.getPipeline(pipelineName);
    if (!pipeline) {
      throw new ConfigError({
        code: 'run/unknown-pipeline',
        message: `unknown pipeline "${pipelineName}"`,
      });
    }
    if (request.rerun?.iterations) checkRerunIterations(pipeline, request.rerun);
    const fromTrigger = request.trigger
      ? evaluateTriggerParameters(request.trigger, options.functions)
      : undefined;
    const parameters = resume
      ? resolveRunParameters(pipeline, resume.record.parameters)
      : resolveRunParameters(
          pipeline,
          fromTrigger ? { ...fromTrigger, ...request.parameters } : request.parameters,
          request.rawParameters,
        );
    const { clock, ids, store } = options;
    const runId = resume?.record.runId ?? request.runId ?? ids.newRunId();
    const { controller, dispose } = linkedController(request.signal ?? new AbortController().signal);
    const emit = (event: RunEvent): void => {
      store.append(event);
      options.onEvent?.(event);
      request.onEvent?.(event);
    };
    const invokedBy = resume?.record.invokedBy ?? invocationOf(request);
    const queuedAt = resume?.record.queuedAt ?? clock.now();
    const restored = resume ? restoredValues(pipeline, resume) : undefined;
    const groupId = resume?.record.groupId ?? request.groupId ?? runId;
    const secureParameters = secureParameterNames(pipeline);
    // Registered before the first event: the value is masked in whatever it flows into, not only in `parameters`.
    for (const name of secureParameters) {
      const text = secretText(parameters[name]);
      if (text !== undefined) options.onSecret?.(text);
    }
    const system: Record<string, ExprValue> = {
      DataFactory: options.factoryName ?? '',
      Pipeline: pipeline.name,
      RunId: runId,
      TriggerType: invokedBy.triggerType,
      TriggerId: request.trigger?.id ?? invokedBy.triggerId ?? '',
      TriggerName:
        request.trigger?.name ??
        invokedBy.triggerName ??
        (invokedBy.triggerType === 'Manual' ? 'Manual' : ''),
      TriggerTime: invokedBy.triggerTime ?? adfTimestamp(request.trigger?.time ?? queuedAt),
      GroupId: groupId,
      TriggeredByPipelineName: invokedBy.parentPipeline ?? null,
      TriggeredByPipelineRunId: invokedBy.parentRunId ?? null,
    };
    const run: RunState = {
      options,
      runId,
      pipeline,
      parameters,
      variables: restored?.variables ?? initialVariables(pipeline, request.variables),
      secureVariables: new Set(),
      secureParameters,
      returnValue: restored?.returnValue,
      system,
      signal: controller.signal,
      seq: resume ? nextSeq(resume) : 0,
      limiter: new Limiter(options.maxParallelActivities ?? 16),
      rerun: resume ? resumeRerunSource(resume) : request.rerun,
      ...(resume ? { resumeChildren: resume.children } : {}),
      emit,
      startChildRun: (child) => {
        const depth = (request.depth ?? 0) + 1;
        const limit = options.maxPipelineDepth ?? DEFAULT_MAX_PIPELINE_DEPTH;
        if (depth > limit)
          throw new ActivityError({
            code: 'engine/pipeline-depth-exceeded',
            errorCode: 'PipelineDepthExceeded',
            failureType: FailureType.UserError,
            retryable: false,
            message: `pipeline "${pipeline.name}" is ${depth - 1} ExecutePipeline levels deep and may not start "${child.pipeline}": the limit is ${limit} (does a pipeline run itself?)`,
          });
        // A resumed run's ExecutePipeline goes on with the child run it had started.
        const started = child.invokedBy?.parentActivityRunId;
        const resumed = started === undefined ? undefined : resume?.children.get(started);
        if (resumed && isFinalRunStatus(resumed.record.status)) return endedRunHandle(resumed.record);
        return startRun({
          ...child,
          depth,
          ...(resumed ? { resume: resumed } : {}),
          ...(request.onEvent ? { onEvent: request.onEvent } : {}),
        });
      },
    };
    const wait = acquire(pipeline.name, pipeline.properties.concurrency);
    const record: PipelineRunRecord = {
      runId,
      pipeline: pipeline.name,
      status: wait ? 'Queued' : 'InProgress',
      parameters: maskedRecord(parameters, secureParameters),
      variables: maskedRecord(run.variables, run.secureVariables),
      output: {},
      groupId,
      invokedBy,
      contentHash: options.contentHash,
      queuedAt,
      ...(wait ? {} : { start: queuedAt }),
      ...(options.owner === undefined ? {} : { owner: options.owner }),
      ...(options.environment === undefined ? {} : { environment: options.environment }),
    };
    if (!resume) emit({ kind: 'run-created', run: record });
    const result = (async (): Promise<RunResult> => {
      try {
        // The run is durable before anything runs: a crash from here on leaves it visible.
        await store.flush();
        if (wait) {
          await wait;
          emit({ kind: 'run-started', runId, start: clock.now() });
        }
        return await executeRun(run);
      } finally {
        release(pipeline.name);
        dispose();
        active.delete(runId);
      }
    })();
    active.set(runId, { controller, done: result.catch(() => undefined) });
    return { runId, result };
  };

  return {
    startRun,
    cancel(runId) {
      const entry = active.get(runId);
      if (!entry) return false;
      entry.controller.abort(new Error('cancelled'));
      return true;
    },
    activeRuns: () => [...active.keys()],
    async idle() {
      while (active.size > 0) await Promise.all([...active.values()].map((e) => e.done));
    },
  };
}

/** How a new run was started, with the trigger's name, id and time (ADF's `invokedBy`) when a trigger started it. */
function invocationOf(request: RunRequest): RunInvocation {
  const base = request.invokedBy ?? { triggerType: request.trigger?.type ?? 'Manual' };
  const t = request.trigger;
  return t ? { ...base, triggerName: t.name, triggerId: t.id, triggerTime: adfTimestamp(t.time) } : base;
}

/** The handle of a child run that had already ended when its parent was resumed. */
function endedRunHandle(record: PipelineRunRecord): RunHandle {
  const { output } = record;
  const none = output !== null && typeof output === 'object' && Object.keys(output).length === 0;
  return {
    runId: record.runId,
    result: Promise.resolve({
      runId: record.runId,
      pipeline: record.pipeline,
      status: record.status,
      ...(record.message === undefined ? {} : { message: record.message }),
      returnValue: none ? undefined : output,
    }),
  };
}
