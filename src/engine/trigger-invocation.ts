import { ConfigError } from '../errors/index.js';
import { evaluateDynamic } from '../expressions/index.js';
import type { ExprValue, FunctionContext } from '../expressions/index.js';
import type { JsonObject, JsonValue } from '../model/index.js';

/**
 * The trigger run that starts a pipeline run (https://learn.microsoft.com/azure/data-factory/control-flow-system-variables#trigger-scope): it sets `pipeline().TriggerType`,
 * `TriggerName`, `TriggerId`, `TriggerTime`, and its pipeline `parameters` are evaluated in trigger scope.
 */
export interface TriggerInvocation {
  /** `ScheduleTrigger`, `TumblingWindowTrigger`, `BlobEventsTrigger`… */
  readonly type: string;
  readonly name: string;
  /** The trigger run id (`pipeline().TriggerId`). */
  readonly id: string;
  /** Actual fire time, epoch ms (`pipeline().TriggerTime`). */
  readonly time: number;
  /** `trigger()`: scheduledTime, startTime, outputs.windowStartTime… */
  readonly trigger?: JsonValue;
  /** `triggerBody()`: fileName, folderPath. */
  readonly triggerBody?: JsonValue;
  /** The trigger's `parameters` for this pipeline as written: literals or trigger-scope expressions. */
  readonly parameters?: JsonObject;
}

/**
 * Evaluates a trigger's pipeline parameters with `trigger()` and `triggerBody()` in scope.
 * @throws ConfigError `run/invalid-trigger-parameter` naming the trigger and the parameter
 */
export function evaluateTriggerParameters(
  t: TriggerInvocation,
  functions: FunctionContext,
): Record<string, ExprValue> {
  const out: Record<string, ExprValue> = {};
  const ctx = {
    functions,
    ...(t.trigger === undefined ? {} : { trigger: t.trigger as ExprValue }),
    ...(t.triggerBody === undefined ? {} : { triggerBody: t.triggerBody as ExprValue }),
  };
  for (const [name, value] of Object.entries(t.parameters ?? {})) {
    try {
      out[name] = evaluateDynamic(value, ctx);
    } catch (err) {
      throw new ConfigError({
        code: 'run/invalid-trigger-parameter',
        message: `trigger "${t.name}" parameter "${name}": ${err instanceof Error ? err.message : String(err)}`,
        cause: err,
      });
    }
  }
  return out;
}
