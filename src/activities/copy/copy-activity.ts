import type { ActivityContext, DataAccess } from '../../contracts/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { defineActivity } from '../define-activity.js';
import { lazySchema } from '../../contracts/index.js';
import type { CopySettings } from './copy-settings.js';
import type { CopyRequest, LogStoreResolver } from './copy-request.js';
import { copyData } from './copy-data.js';
import { bindAny, referenceOf, requireDataAccess, requireDataPlane, userError } from './data-access.js';
import { copyType } from './copy-type.js';

/** The Copy activity: one input dataset, one output dataset (https://learn.microsoft.com/azure/data-factory/copy-activity-overview). */
export const copyActivity = defineActivity<CopySettings>({
  ...copyType,
  settings: lazySchema(async () => (await import('./copy-settings.js')).copySettingsSchema),
  async execute(ctx, tp) {
    const data = requireDataAccess(ctx);
    const dataPlane = requireDataPlane(ctx);
    const { inputs, outputs } = ctx.references();
    const [input] = inputs;
    const [output] = outputs;
    if (!input || !output || inputs.length !== 1 || outputs.length !== 1) {
      throw userError(
        'copy/datasets',
        `Copy activity ${ctx.activity.name} needs exactly one input and one output dataset`,
      );
    }
    return copyData({
      source: await bindAny(data, input),
      sink: await bindAny(data, output),
      typeProperties: tp,
      dataPlane,
      activityName: ctx.activity.name,
      activityRunId: ctx.activityRunId,
      signal: ctx.signal,
      log: (line) => ctx.log(line),
      logStore: logStoreResolver(data),
      ...progressOf(ctx),
    });
  },
});

/** The host's progress callback, when the context carries one (`ActivityContext.onProgress`). */
function progressOf(ctx: ActivityContext): Pick<CopyRequest, 'onProgress'> {
  const { onProgress } = ctx;
  return onProgress ? { onProgress } : {};
}

/** Resolves a log location (linked service + `container/folder` path) to a store through data access. */
export function logStoreResolver(data: DataAccess): LogStoreResolver {
  return async (linkedServiceName: JsonValue, path: string) => {
    const reference = referenceOf(linkedServiceName, 'LinkedServiceReference');
    if (!reference) throw userError('copy/invalid-setting', 'log linkedServiceName must be a reference');
    const connector = await data.linkedService(reference);
    if (!connector.fileStore || !connector.locate)
      throw userError('copy/invalid-setting', `linked service ${connector.type} cannot hold logs`);
    const { location, folder } = connector.locate(path);
    return { store: connector.fileStore(location), folder };
  };
}

/** typeProperties as an object (helper for sibling activities). */
export function objectOf(v: JsonValue | undefined): JsonObject {
  return isJsonObject(v) ? v : {};
}
