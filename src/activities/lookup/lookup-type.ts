import type { ActivityTypeDescription } from '../../contracts/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * The Lookup activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/control-flow-lookup-activity#type-properties),
 * and the summary of its output the CLI prints.
 */
export const lookupType = {
  type: 'Lookup',
  typeProperties: {
    /**
     * The source's `storeSettings`, `formatSettings`, `sqlReaderQuery`/`query`; at run time `{}` when absent or
     * not an object, and its `type` is not read (the dataset's type picks the connector).
     */
    source: s.lenient(s.withDefault(s.fields({ type: s.unread(s.string()) }), {})),
    /** Its absence fails with `lookup/invalid-setting`. */
    dataset: s.checkedByExecutor(s.reference('DatasetReference')),
    /** Default true; only `false` (or `"false"`) returns every row. */
    firstRowOnly: s.lenient(s.withDefault(s.optional(s.dynamicBoolean()), true)),
  },
  /** `12 rows`: the `count` of a lookup of every row (a first-row lookup has none). */
  summarize: (output) =>
    isJsonObject(output) && typeof output['count'] === 'number'
      ? `${String(output['count'])} rows`
      : undefined,
} satisfies ActivityTypeDescription;
