import type { FunctionContext } from './functions/function-def.js';
import type { ExprValue } from './value.js';

/** What `activity('name')` sees of an activity that has run (or is running). */
export interface ActivityState {
  /** `Succeeded`, `Failed`, `Skipped`, `Cancelled`, `InProgress`… */
  readonly status?: string;
  readonly output?: ExprValue;
  /** `{ errorCode, message, failureType, target }` as ADF gives it. */
  readonly error?: ExprValue;
}

/**
 * Everything an expression can reach at evaluation time. Absent members mean "not available here": using
 * `item()` outside a ForEach or `activity('x')` for an activity that has not run is an evaluation error
 * naming what is missing. The keys mirror the `millrace eval --jsonl` context (DESIGN.md).
 */
export interface EvalContext {
  readonly parameters?: Readonly<Record<string, ExprValue>>;
  readonly globalParameters?: Readonly<Record<string, ExprValue>>;
  readonly variables?: Readonly<Record<string, ExprValue>>;
  /** Activity states by name. A Map so the engine can hand its live table without copying. */
  readonly activities?: ReadonlyMap<string, ActivityState>;
  /** The current ForEach item; `undefined` outside a ForEach. */
  readonly item?: ExprValue;
  /** System variables of `pipeline()`: RunId, Pipeline, DataFactory, TriggerTime, TriggerType, TriggerName, TriggerId, GroupId… */
  readonly pipeline?: Readonly<Record<string, ExprValue>>;
  /** `trigger()`: scheduledTime, startTime, outputs.windowStartTime… */
  readonly trigger?: ExprValue;
  /** `triggerBody()`: fileName, folderPath, event data. */
  readonly triggerBody?: ExprValue;
  /** `dataset()`: the parameters of the dataset being resolved. */
  readonly dataset?: Readonly<Record<string, ExprValue>>;
  /** `linkedService()`: the parameters of the linked service being resolved. */
  readonly linkedService?: Readonly<Record<string, ExprValue>>;
  /** Clock, GUIDs and randomness for utcNow(), guid(), rand(). */
  readonly functions: FunctionContext;
}
