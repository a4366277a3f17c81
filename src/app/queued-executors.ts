import type {
  ActivityContext,
  ActivityExecutor,
  ActivityRegistry,
  WorkError,
  WorkQueue,
} from '../contracts/index.js';
import { decodeWorkSignal } from '../contracts/index.js';
import { createActivityRegistry } from '../engine/index.js';
import { ActivityError, FailureType } from '../errors/index.js';
import type { Factory, JsonValue } from '../model/index.js';
import { keepWorkFiles } from './work-artifacts.js';

/** The queue an activity is sent to unless its linked services name an integration runtime. */
export const DEFAULT_QUEUE = 'default';

/** ADF's built-in Azure integration runtime: a linked service connecting through it runs on the default queue. */
const AUTO_RESOLVE = 'autoresolveintegrationruntime';

/**
 * The queue of an activity: the integration runtime (`connectVia`) of the first of its linked services that
 * names one (its own `linkedServiceName`, then its input and output datasets'), else `default`. As in ADF, where
 * a self-hosted integration runtime runs the activities whose data sits in its network, a worker started with
 * `--queues <runtime name>` runs exactly those.
 */
export function queueOf(factory: Factory, ctx: ActivityContext): string {
  const refs = ctx.references();
  // Evaluated references hold names; a dataset's own linkedServiceName and connectVia are plain names in ADF.
  const name = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const linkedServices = [
    name(refs.linkedServiceName?.referenceName),
    ...[...refs.inputs, ...refs.outputs].map((d) => {
      const dataset = name(d.referenceName);
      return dataset === undefined
        ? undefined
        : name(factory.datasets.get(dataset)?.properties.linkedServiceName?.referenceName);
    }),
  ];
  for (const ls of linkedServices) {
    if (ls === undefined) continue;
    const runtime = name(factory.linkedServices.get(ls)?.properties.connectVia?.referenceName);
    if (runtime !== undefined && runtime.toLowerCase() !== AUTO_RESOLVE) return runtime;
  }
  return DEFAULT_QUEUE;
}

/** What the dispatching executors send with every attempt. */
export interface QueuedExecutorOptions {
  readonly queue: WorkQueue;
  readonly queueFor: (ctx: ActivityContext) => string;
  readonly environment?: string;
  readonly factoryHash?: string;
  /** Where this process keeps activity runs' artifacts: the files a worker sends back go there. */
  readonly artifactDir?: string;
}

/**
 * The registry of a process that orchestrates runs on workers (`execution: workers`): each attempt of an
 * execution activity is sent to the durable work queue with its evaluated input, and its outcome comes back as
 * the activity's output or error. The engine keeps everything else: dependency conditions, control flow,
 * timeouts (an attempt that times out is withdrawn from its worker) and retries. A worker that dies holding an
 * attempt fails it with `queue/worker-lost`, a system error the engine retries as `policy.retry` allows.
 */
export function queuedRegistry(
  executors: readonly ActivityExecutor[],
  options: QueuedExecutorOptions,
): ActivityRegistry {
  const queued = (type: string): ActivityExecutor => ({
    type,
    execute: (ctx) => dispatch(ctx, options, 'submit'),
    // A resumed run's attempt that a worker may still hold (its orchestrator died): adopted, not run again.
    reattach: (ctx) => dispatch(ctx, options, 'adopt'),
  });
  const local = createActivityRegistry(
    executors.map((executor) => ({
      ...queued(executor.type),
      ...(executor.summarize ? { summarize: (output: JsonValue) => executor.summarize?.(output) } : {}),
    })),
  );
  // A type this process does not know still goes to the workers: theirs decide (they may have more executors).
  const find = (type: string): ActivityExecutor => local.find(type) ?? queued(type);
  return { register: (e) => local.register(e), find, get: find, types: () => local.types() };
}

async function dispatch(
  ctx: ActivityContext,
  options: QueuedExecutorOptions,
  how: 'submit',
): Promise<JsonValue>;
async function dispatch(
  ctx: ActivityContext,
  options: QueuedExecutorOptions,
  how: 'adopt',
): Promise<JsonValue | undefined>;
async function dispatch(
  ctx: ActivityContext,
  options: QueuedExecutorOptions,
  how: 'submit' | 'adopt',
): Promise<JsonValue | undefined> {
  const { activity } = ctx;
  const outcome = await options.queue[how]({
    queue: options.queueFor(ctx),
    signal: ctx.signal,
    // A worker's progress and status travel as signal lines; text lines go to the activity's log.
    onLog: (line) => {
      const signal = decodeWorkSignal(line);
      if (signal === undefined) ctx.log(line);
      else if ('progress' in signal) ctx.onProgress?.(signal.progress);
      else ctx.onStatus?.(signal.status);
    },
    payload: {
      activity,
      pipelineName: ctx.pipelineName,
      runId: ctx.runId,
      activityRunId: ctx.activityRunId,
      attempt: ctx.attempt,
      typeProperties: ctx.typeProperties(),
      references: ctx.references(),
      ...(options.environment === undefined ? {} : { environment: options.environment }),
      ...(options.factoryHash === undefined ? {} : { factoryHash: options.factoryHash }),
    },
  });
  if (outcome === undefined) return undefined;
  if (outcome.status !== 'lost' && outcome.files && options.artifactDir !== undefined)
    await keepWorkFiles(options.artifactDir, ctx.runId, ctx.activityRunId, outcome.files).catch(
      (err: unknown) =>
        ctx.log(`artifacts sent by worker ${outcome.worker} could not be kept: ${(err as Error).message}`),
    );
  if (outcome.status === 'succeeded') return outcome.output;
  if (outcome.status === 'lost') {
    throw new ActivityError({
      code: 'queue/worker-lost',
      errorCode: 'WorkerLost',
      failureType: FailureType.SystemError,
      message: `activity "${activity.name}": worker ${outcome.worker} stopped renewing its lease (killed, hung or cut off); the attempt is lost`,
    });
  }
  throw activityErrorOf(outcome.error);
}

/** The `ActivityError` a worker reported, rebuilt with its code, failure type and retryability. */
export function activityErrorOf(error: WorkError): ActivityError {
  const output = error.output;
  return new ActivityError({
    code: error.code,
    errorCode: error.errorCode,
    message: error.message,
    failureType:
      error.failureType === FailureType.SystemError ? FailureType.SystemError : FailureType.UserError,
    retryable: error.retryable,
    ...(isObject(output) ? { output } : {}),
  });
}

function isObject(v: JsonValue | undefined): v is Readonly<Record<string, JsonValue>> {
  return v !== undefined && v !== null && typeof v === 'object' && !Array.isArray(v);
}
