import type { ActivityTypeDescription } from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * A script parameter (https://learn.microsoft.com/azure/data-factory/transform-data-using-script#syntax-details).
 * At run time the executor checks it with `script/invalid-setting` (a missing name, an unknown direction) and
 * `script/invalid-parameter` (a value that is not of its type); a `type` that is not a string is `String`.
 */
const parameter = s.lenient(
  s.fields({
    name: s.lenient(s.dynamicString()),
    type: s.lenient(s.optional(s.string())),
    direction: s.unread(s.optional(s.string())),
    value: s.optional(s.any()),
  }),
);

/** A script block: at run time a block without text, or of an unknown type, fails with `script/invalid-setting`. */
const block = s.lenient(
  s.fields({
    text: s.lenient(s.dynamicString()),
    type: s.unread(s.optional(s.string())),
    /** A value that is not an array counts as no parameters. */
    parameters: s.lenient(s.optional(s.arrayOf(parameter))),
  }),
);

/**
 * The Script activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/transform-data-using-script#syntax-details),
 * and the summary of its output the CLI prints.
 */
export const scriptType = {
  type: 'Script',
  typeProperties: {
    /** At run time a missing, empty or non-array list fails with `script/invalid-setting`. */
    scripts: s.lenient(s.optional(s.arrayOf(block))),
    /** `[d.]hh:mm:ss`; at run time a bad timespan fails with `script/invalid-setting`, a non-string is none. */
    scriptBlockExecutionTimeout: s.lenient(s.optional(s.dynamicString())),
    /** Not supported: any value fails with `script/invalid-setting` (the script goes in `scripts[].text`). */
    scriptReference: s.optional(s.any()),
    /** `logDestination: ExternalStore` writes the logs to `logLocationSettings`; other values are ignored. */
    logSettings: s.lenient(
      s.optional(
        s.fields({
          logDestination: s.lenient(s.optional(s.dynamicString())),
          logLocationSettings: s.lenient(
            s.optional(
              s.fields({
                linkedServiceName: s.unread(s.optional(s.reference('LinkedServiceReference'))),
                path: s.lenient(s.optional(s.dynamicString())),
              }),
            ),
          ),
        }),
      ),
    ),
    /**
     * Millrace's DuckDB transform (not ADF): `datasets` (`[{referenceName, parameters?, alias?}]`, views)
     * and `output` (`{dataset, query}`), checked by the executor with `script/invalid-setting`.
     */
    millrace: s.lenient(
      s.optional(
        s.fields({
          datasets: s.lenient(s.optional(s.anyArray())),
          output: s.unread(s.optional(s.anyObject())),
        }),
      ),
    ),
  },
  /** `2 result set(s), first row {…}`: the Query blocks' `resultSets`. */
  summarize: (output) => {
    if (!isJsonObject(output) || !Array.isArray(output['resultSets'])) return undefined;
    const sets = output['resultSets'] as readonly JsonValue[];
    const rows = isJsonObject(sets[0]) ? sets[0]['rows'] : undefined;
    const first = Array.isArray(rows) ? (rows as readonly JsonValue[])[0] : undefined;
    return `${sets.length} result set(s)${first === undefined ? '' : `, first row ${JSON.stringify(first)}`}`;
  },
} satisfies ActivityTypeDescription;
