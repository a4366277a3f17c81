import type { ActivityTypeDescription } from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * The Script activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/transform-data-using-script#syntax-details),
 * and the summary of its output the CLI prints.
 */
export const scriptType: ActivityTypeDescription = {
  type: 'Script',
  typeProperties: {
    scripts: s.optional(
      s.arrayOf(
        s.fields({
          text: s.dynamicString(),
          type: s.optional(s.string()),
          parameters: s.optional(s.arrayOf(s.anyObject())),
        }),
      ),
    ),
    scriptBlockExecutionTimeout: s.optional(s.dynamicString()),
  },
  /** `2 result set(s), first row {…}`: the Query blocks' `resultSets`. */
  summarize: (output) => {
    if (!isJsonObject(output) || !Array.isArray(output['resultSets'])) return undefined;
    const sets = output['resultSets'] as readonly JsonValue[];
    const rows = isJsonObject(sets[0]) ? sets[0]['rows'] : undefined;
    const first = Array.isArray(rows) ? (rows as readonly JsonValue[])[0] : undefined;
    return `${sets.length} result set(s)${first === undefined ? '' : `, first row ${JSON.stringify(first)}`}`;
  },
};
