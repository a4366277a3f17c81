import type { ActivityTypeDescription } from '../../contracts/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * The Copy activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/copy-activity-overview#syntax),
 * and the summary of its output the CLI prints.
 */
export const copyType: ActivityTypeDescription = {
  type: 'Copy',
  typeProperties: {
    source: s.fields({ type: s.string() }),
    sink: s.fields({ type: s.string() }),
    translator: s.optional(s.any()),
    enableStaging: s.optional(s.dynamicBoolean()),
    parallelCopies: s.optional(s.dynamicNumber()),
    dataIntegrationUnits: s.optional(s.dynamicNumber()),
  },
  /** `12 rows copied, 1 file(s)`: ADF's `rowsCopied` and `filesWritten`. */
  summarize: (output) => {
    if (!isJsonObject(output) || typeof output['rowsCopied'] !== 'number') return undefined;
    const files =
      typeof output['filesWritten'] === 'number' ? `, ${String(output['filesWritten'])} file(s)` : '';
    return `${String(output['rowsCopied'])} rows copied${files}`;
  },
};
