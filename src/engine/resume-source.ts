import type { ActivityRunRecord, PipelineRunRecord } from '../contracts/index.js';
import { isFinalRunStatus } from '../contracts/index.js';
import type { ExprValue } from '../expressions/index.js';
import type { JsonValue, PipelineResource } from '../model/index.js';
import { isJsonObject } from '../model/index.js';
import { SECURE_MASK } from './masking.js';
import { createRerunSource } from './rerun-source.js';
import type { RerunSource } from './rerun-source.js';
import { initialVariables } from './run-values.js';

/**
 * An unfinished run to continue in place (a takeover after its orchestrating process died): its record, its
 * activity runs so far, and its unfinished or finished child runs by the ExecutePipeline activity run that
 * started them (`invokedBy.parentActivityRunId`).
 */
export interface ResumeSource {
  readonly record: PipelineRunRecord;
  readonly activityRuns: readonly ActivityRunRecord[];
  readonly children: ReadonlyMap<string, ResumeSource>;
}

/**
 * Why a run cannot be resumed where it stopped, or undefined when it can: a run must be unfinished, of the
 * factory version this process runs (another version's activities and expressions may differ), and must not
 * have needed a value the store keeps masked (a secure parameter, a secured SetVariable), since the store never
 * holds a secret. Checked for its child runs too.
 */
export function resumeBlocker(source: ResumeSource, contentHash: string): string | undefined {
  const { record } = source;
  if (isFinalRunStatus(record.status)) return `run ${record.runId} has already ended (${record.status})`;
  if (record.status === 'Canceling') return `run ${record.runId} was being cancelled`;
  if (record.contentHash !== contentHash)
    return `run ${record.runId} ran factory version ${record.contentHash}, this process runs ${contentHash}`;
  const masked = Object.entries(record.parameters).find(([, v]) => v === SECURE_MASK);
  if (masked) return `run ${record.runId} has a secure parameter (${masked[0]}) the store does not keep`;
  const secured = source.activityRuns.find(
    (a) => isVariableActivity(a) && a.status === 'Succeeded' && containsMask(a.input),
  );
  if (secured)
    return `run ${record.runId} set a secure variable (${secured.activityName}) the store does not keep`;
  for (const child of source.children.values()) {
    if (isFinalRunStatus(child.record.status)) continue;
    const why = resumeBlocker(child, contentHash);
    if (why !== undefined) return why;
  }
  return undefined;
}

/** The rerun source a resumed run reuses: every recorded activity run of the run itself, by scope. */
export function resumeRerunSource(source: ResumeSource): RerunSource {
  return { ...createRerunSource(source.record.runId, source.activityRuns), resume: true };
}

/** The next activity run sequence number of a resumed run. */
export function nextSeq(source: ResumeSource): number {
  return source.activityRuns.reduce((max, a) => Math.max(max, a.seq + 1), 0);
}

/**
 * The variables and return value a resumed run continues with: the pipeline's defaults, then every finished
 * SetVariable / AppendVariable in the order they ran (their recorded input holds the value they applied).
 */
export function restoredValues(
  pipeline: PipelineResource,
  source: ResumeSource,
): { variables: Record<string, ExprValue>; returnValue: ExprValue | undefined } {
  const variables = initialVariables(pipeline, undefined);
  let returnValue: ExprValue | undefined;
  for (const a of source.activityRuns) {
    if (!isVariableActivity(a) || a.status !== 'Succeeded') continue;
    const type = a.activityType.toLowerCase();
    if (type === 'setvariable' && isJsonObject(a.output) && a.output['name'] === 'pipelineReturnValue') {
      if (!isJsonObject(a.input)) returnValue = a.output['value'] ?? null;
      continue;
    }
    if (!isJsonObject(a.input) || typeof a.input['variableName'] !== 'string') continue;
    const name = a.input['variableName'];
    const value = a.input['value'] ?? null;
    if (type === 'setvariable') variables[name] = value;
    else {
      const current = variables[name];
      variables[name] = [...(Array.isArray(current) ? (current as readonly ExprValue[]) : []), value];
    }
  }
  return { variables, returnValue };
}

function isVariableActivity(a: ActivityRunRecord): boolean {
  const type = a.activityType.toLowerCase();
  return type === 'setvariable' || type === 'appendvariable';
}

function containsMask(v: JsonValue | undefined): boolean {
  return JSON.stringify(v ?? null).includes(JSON.stringify(SECURE_MASK));
}

/**
 * In a resumed run, the highest iteration index recorded for the loop `name` in the scope at `scopePath`
 * (iteration paths `Name[i]`), or -1: a resumed Until knows its condition was false after every earlier one.
 */
export function lastRecordedIteration(
  rerun: RerunSource | undefined,
  scopePath: string | undefined,
  name: string,
): number {
  if (rerun?.resume !== true) return -1;
  const prefix = `${scopePath === undefined ? '' : `${scopePath}/`}${name}[`;
  let last = -1;
  for (const key of rerun.scopes.keys()) {
    if (!key.startsWith(prefix)) continue;
    const index = Number.parseInt(key.slice(prefix.length), 10);
    if (Number.isInteger(index) && index > last) last = index;
  }
  return last;
}

/**
 * In a resumed run, the branch (`true`, `false`, a Switch case) the container `name` in the scope at `scopePath`
 * had entered (iteration path `Name(branch)`), if it recorded anything there: the branch is not chosen again
 * from variables that may have moved on since.
 */
export function recordedBranch(
  rerun: RerunSource | undefined,
  scopePath: string | undefined,
  name: string,
): string | undefined {
  if (rerun?.resume !== true) return undefined;
  const prefix = `${scopePath === undefined ? '' : `${scopePath}/`}${name}(`;
  for (const key of rerun.scopes.keys()) {
    if (!key.startsWith(prefix)) continue;
    const end = key.indexOf(')', prefix.length);
    if (end > 0) return key.slice(prefix.length, end);
  }
  return undefined;
}
