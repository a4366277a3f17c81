import type { ActivityTypeDescription } from '../../contracts/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * The Lookup activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/control-flow-lookup-activity#type-properties),
 * and the summary of its output the CLI prints.
 */
export const lookupType: ActivityTypeDescription = {
  type: 'Lookup',
  typeProperties: {
    source: s.fields({ type: s.string() }),
    dataset: s.reference('DatasetReference'),
    firstRowOnly: s.optional(s.dynamicBoolean()),
  },
  /** `12 rows`: the `count` of a lookup of every row (a first-row lookup has none). */
  summarize: (output) =>
    isJsonObject(output) && typeof output['count'] === 'number'
      ? `${String(output['count'])} rows`
      : undefined,
};
