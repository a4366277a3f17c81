import type { CloudActivityRun } from '../contracts/index.js';
import type { RunEvent } from '../contracts/index.js';
import { configOf, resolveEnvironment } from '../config/index.js';
import type { ProjectOptions } from '../config/index.js';
import { parseParameterText } from '../engine/index.js';
import type { RunDocument } from '../engine/index.js';
import { loadProject } from './project.js';
import type { JsonValue } from '../model/index.js';
import { cloudSpecOf, missingCloud, openCloudFactory } from './cloud-wiring.js';
import type { CloudTestHooks } from './cloud-wiring.js';

/** Options of `runRemotePipeline`. */
export interface RemoteRunOptions extends ProjectOptions {
  readonly environment: string;
  readonly pipeline: string;
  /** Parameter values as given (`-p name=value`), parsed by the pipeline's declared types. */
  readonly rawParameters?: Readonly<Record<string, string>>;
  readonly onEvent?: (event: RunEvent) => void;
  readonly signal?: AbortSignal;
  /** Milliseconds between polls of the run; default 5000. */
  readonly pollMs?: number;
  readonly cloudHooks?: CloudTestHooks;
}

const FINAL = new Set(['Succeeded', 'Failed', 'Cancelled']);
const ms = (iso: string | undefined): number => (iso === undefined ? Date.now() : Date.parse(iso));

/**
 * Runs a pipeline in the environment's live Data Factory (`pipelines.createRun`) and follows it
 * (`pipelineRuns.get`, `activityRuns.queryByPipelineRun`) until it ends. Activity runs are reported as the
 * same events a local run emits, and the result is the same run document (`millrace run --json`).
 */
export async function runRemotePipeline(o: RemoteRunOptions): Promise<RunDocument> {
  const config = await configOf(o);
  const { project } = config;
  const env = await resolveEnvironment(project, o.environment);
  const factory = await openCloudFactory(env, o.cloudHooks);
  if (!factory)
    throw missingCloud(
      env,
      cloudSpecOf(env).file,
      ['cloud', 'dataFactory'],
      'declares no Data Factory to run in',
    );
  // `-p` values are parsed by the type the project's pipeline declares, as for a local run.
  const declared = (await loadProject(config)).factory.pipelines.get(o.pipeline)?.properties.parameters ?? {};
  const parameters: Record<string, JsonValue> = {};
  for (const [name, text] of Object.entries(o.rawParameters ?? {})) {
    const type = declared[name]?.type;
    parameters[name] =
      type === undefined ? text : (parseParameterText(o.pipeline, name, type, text) as JsonValue);
  }
  const runId = await factory.createRun(o.pipeline, parameters, o.signal);
  const seen = new Map<string, string>();
  let seq = 0;
  const report = (a: CloudActivityRun): void => {
    const before = seen.get(a.activityRunId);
    if (before === a.status) return;
    if (before === undefined)
      o.onEvent?.({
        kind: 'activity-started',
        pipeline: o.pipeline,
        activityRun: {
          activityRunId: a.activityRunId,
          runId,
          seq: seq++,
          activityName: a.activityName,
          activityType: a.activityType,
          status: 'InProgress',
          attempt: 1,
          start: ms(a.start),
        },
      });
    seen.set(a.activityRunId, a.status);
    if (a.status !== 'InProgress' && a.status !== 'Queued')
      o.onEvent?.({
        kind: 'activity-finished',
        runId,
        activityRunId: a.activityRunId,
        activityName: a.activityName,
        status: a.status as 'Succeeded',
        end: ms(a.end),
        ...(a.output === undefined ? {} : { output: a.output }),
        ...(a.error
          ? { error: { errorCode: a.error.errorCode, message: a.error.message, failureType: 'UserError' } }
          : {}),
      } as RunEvent);
  };
  for (;;) {
    const run = await factory.getRun(runId, o.signal);
    const activities = await factory.activityRuns(runId, o.signal);
    for (const a of activities) report(a);
    if (FINAL.has(run.status)) {
      const start = run.runStart ?? null;
      const end = run.runEnd ?? null;
      return {
        runId,
        pipeline: o.pipeline,
        status: run.status,
        ...(run.message ? { message: run.message } : {}),
        parameters: run.parameters,
        variables: {},
        output: null,
        start,
        end,
        durationMs: start && end ? Date.parse(end) - Date.parse(start) : null,
        contentHash: '',
        invokedBy: { triggerType: 'Manual' },
        environment: env.name,
        activityRuns: activities.map((a) => ({
          activityName: a.activityName,
          activityType: a.activityType,
          status: a.status,
          start: a.start ?? start ?? '',
          end: a.end ?? null,
          durationMs: a.durationMs ?? null,
          ...(a.output === undefined ? {} : { output: a.output }),
          ...(a.error ? { error: a.error } : {}),
        })),
      };
    }
    await new Promise<void>((resolve) => setTimeout(resolve, o.pollMs ?? 5000));
  }
}
