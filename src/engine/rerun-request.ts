import type { ActivityRunRecord, PipelineRunRecord } from '../contracts/index.js';
import { ConfigError } from '../errors/index.js';
import type { JsonValue } from '../model/index.js';
import { SECURE_MASK } from './masking.js';
import { createRerunSource } from './rerun-source.js';
import type { RunRequest } from './run-types.js';

/**
 * What the caller of a rerun chooses: new parameter values, and whether to rerun from the failed activities or
 * only some failed ForEach iterations.
 */
export interface RerunChoice {
  /** Values as text (`-p name=value`); they replace the earlier run's. */
  readonly rawParameters?: Readonly<Record<string, string>>;
  /** Typed values; they replace the earlier run's. */
  readonly parameters?: Readonly<Record<string, JsonValue>>;
  /** Reuse what succeeded and rerun from the failures (ADF's "rerun from failed activity"). */
  readonly fromFailed?: boolean;
  /**
   * Failed ForEach iterations to run again (`Loop[3]`, nested `Outer[1]/Inner[2]`): each runs in full, the other
   * iterations of its ForEach keep what the earlier run recorded, and the rest is a rerun from failed activity.
   * The engine refuses a path the earlier run has not (`run/unknown-iteration`) or that did not fail
   * (`run/iteration-not-failed`).
   */
  readonly iterations?: readonly string[];
}

/**
 * The rerun policy: what a rerun of `prev` starts with. Only a finished run can be rerun (`run/not-finished`);
 * it keeps the earlier run's group and parameters (secure ones were stored masked, so they must be passed
 * again: `run/secure-parameter-needed`); `fromFailed` also carries over the earlier activity runs and
 * variables, and `iterations` the iterations to run again. The caller adds the per-call fields (signal, listeners).
 */
export function planRerun(
  prev: PipelineRunRecord,
  activityRuns: readonly ActivityRunRecord[],
  choice: RerunChoice,
): RunRequest {
  const { runId } = prev;
  if (prev.status === 'InProgress' || prev.status === 'Queued' || prev.status === 'Canceling') {
    throw new ConfigError({
      code: 'run/not-finished',
      message: `run ${runId} is ${prev.status}; only a finished run can be rerun`,
    });
  }
  const given = (k: string) => k in (choice.rawParameters ?? {}) || k in (choice.parameters ?? {});
  const masked = Object.entries(prev.parameters).filter(([k, v]) => v === SECURE_MASK && !given(k));
  if (masked.length > 0) {
    throw new ConfigError({
      code: 'run/secure-parameter-needed',
      message: `run ${runId} had secure parameters that were not stored: ${masked.map(([k]) => k).join(', ')}`,
      hint: `pass them again with -p ${masked[0]?.[0] ?? 'name'}=<value>`,
    });
  }
  return {
    pipeline: prev.pipeline,
    ...(choice.rawParameters ? { rawParameters: choice.rawParameters } : {}),
    parameters: {
      ...Object.fromEntries(
        Object.entries(prev.parameters).filter(([k]) => !(k in (choice.rawParameters ?? {}))),
      ),
      ...choice.parameters,
    },
    groupId: prev.groupId,
    invokedBy: { triggerType: 'Rerun', rerunOf: runId },
    ...(choice.fromFailed || choice.iterations?.length
      ? {
          rerun: createRerunSource(
            runId,
            activityRuns,
            choice.iterations?.length ? choice.iterations : undefined,
          ),
          variables: prev.variables,
        }
      : {}),
  };
}
