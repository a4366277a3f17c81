import type {
  ActivityContext,
  AnyDatasetBinding,
  DataAccess,
  DataPlane,
  TableDatasetBinding,
} from '../../contracts/index.js';
import type { JsonValue, ResourceReference } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { ActivityError } from '../../errors/index.js';

/** `activity/missing-capability`: the engine running this activity did not put `capability` on its context. */
function missingCapability(ctx: ActivityContext, capability: string, what: string): ActivityError {
  return new ActivityError({
    code: 'activity/missing-capability',
    message: `activity ${ctx.activity.name} (${ctx.activity.type}) needs the "${capability}" capability (${what}), which this engine does not provide`,
    failureType: 'SystemError',
    retryable: false,
  });
}

/** The data access the engine put on the context; `activity/missing-capability` names it when absent. */
export function requireDataAccess(ctx: ActivityContext): DataAccess {
  const { data } = ctx;
  if (!data) throw missingCapability(ctx, 'data', 'datasets, linked services');
  return data;
}

/** The data plane the engine put on the context; `activity/missing-capability` names it when absent. */
export function requireDataPlane(ctx: ActivityContext): DataPlane {
  const { dataPlane } = ctx;
  if (!dataPlane) throw missingCapability(ctx, 'dataPlane', 'SQL sessions, file selection, staging');
  return dataPlane;
}

/**
 * Fails the activity with an activity-level code; its failure type and retryability come from the error
 * catalog (`copy/source-not-found` may pass on a retry, `copy/invalid-setting` never does).
 */
export function userError(code: string, message: string, cause?: unknown): ActivityError {
  return new ActivityError({ code, message, cause });
}

/** True when a binding is a table (SQL) dataset. */
export function isTableBinding(b: AnyDatasetBinding): b is TableDatasetBinding {
  return b.kind === 'table';
}

/**
 * The dataset or linked-service reference an evaluated setting holds (`{referenceName, type, parameters?}`,
 * `type` defaulting to `defaultType`), or undefined when the value is no reference (no string `referenceName`).
 */
export function referenceOf(
  value: JsonValue | undefined,
  defaultType: string,
): (ResourceReference & { readonly referenceName: string }) | undefined {
  if (!isJsonObject(value)) return undefined;
  const { referenceName, type, parameters, ...extra } = value;
  if (typeof referenceName !== 'string') return undefined;
  return {
    ...extra,
    referenceName,
    type: typeof type === 'string' ? type : defaultType,
    ...(isJsonObject(parameters) ? { parameters } : {}),
  };
}

/** Binds a dataset of any kind, file or table (`DataAccess.binding`). */
export function bindAny(data: DataAccess, reference: ResourceReference): Promise<AnyDatasetBinding> {
  return data.binding(reference);
}
