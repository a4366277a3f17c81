import type { ActivityTypeDescription } from '../../contracts/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * A Copy source or sink: its `type` (not read at run time: the dataset's type picks the connector), its store
 * settings (https://learn.microsoft.com/azure/data-factory/connector-file-system#copy-activity-properties) and
 * format settings, read by the data plane. At run time a source or sink that is absent or not an object is
 * `{}`, and so are settings that are not objects.
 */
const side = s.lenient(
  s.withDefault(
    s.fields({
      type: s.unread(s.string()),
      storeSettings: s.lenient(s.optional(s.anyObject())),
      formatSettings: s.lenient(s.optional(s.anyObject())),
    }),
    {},
  ),
);

/** At run time a value that does not fit counts as absent: the copy runs as ADF's default says. */
const lenientBoolean = s.lenient(s.optional(s.dynamicBoolean()));

/**
 * The Copy activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/copy-activity-overview#syntax),
 * and the summary of its output the CLI prints.
 */
export const copyType = {
  type: 'Copy',
  typeProperties: {
    source: side,
    sink: side,
    /** `TabularTranslator` mappings (https://learn.microsoft.com/azure/data-factory/copy-activity-schema-and-type-mapping), read by the column mapping. */
    translator: s.optional(s.any()),
    /** Staging is not needed in-process: not read. */
    enableStaging: s.unread(s.optional(s.dynamicBoolean())),
    /** Reported as `usedParallelCopies` (1 when absent or not a number); the copy itself is sequential. */
    parallelCopies: s.lenient(s.optional(s.dynamicNumber())),
    /** Not read (the output reports 1). */
    dataIntegrationUnits: s.unread(s.optional(s.dynamicNumber())),
    /** Rows a tabular sink cannot take are skipped (https://learn.microsoft.com/azure/data-factory/copy-activity-fault-tolerance). */
    enableSkipIncompatibleRow: lenientBoolean,
    /** Where skipped rows are logged (`linkedServiceName`, `path`), the older form of `logSettings`. */
    redirectIncompatibleRowSettings: s.lenient(s.optional(s.anyObject())),
    /** `logLocationSettings` (`linkedServiceName`, `path`): where skipped rows are logged (https://learn.microsoft.com/azure/data-factory/copy-activity-log). */
    logSettings: s.lenient(
      s.optional(s.fields({ logLocationSettings: s.lenient(s.optional(s.anyObject())) })),
    ),
    /** Binary copies compare the files written with the files read (https://learn.microsoft.com/azure/data-factory/copy-activity-data-consistency). */
    validateDataConsistency: lenientBoolean,
  },
  /** `12 rows copied, 1 file(s)`: ADF's `rowsCopied` and `filesWritten`. */
  summarize: (output) => {
    if (!isJsonObject(output) || typeof output['rowsCopied'] !== 'number') return undefined;
    const files =
      typeof output['filesWritten'] === 'number' ? `, ${String(output['filesWritten'])} file(s)` : '';
    return `${String(output['rowsCopied'])} rows copied${files}`;
  },
} satisfies ActivityTypeDescription;
