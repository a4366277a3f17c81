import type { ActivityTypeDescription } from '../../contracts/index.js';
import { isJsonObject, shapes as s } from '../../model/index.js';

/**
 * The DatabricksNotebook activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/transform-data-databricks-notebook#databricks-notebook-activity-properties),
 * and the summary of its output the CLI prints.
 */
export const databricksNotebookType = {
  type: 'DatabricksNotebook',
  typeProperties: {
    /** At run time a missing, empty or non-string path fails with the notebook runtime's `invalid-input`. */
    notebookPath: s.lenient(s.dynamicString()),
    /** Widget values (non-strings as JSON text); the executor reports a value that is not an object. */
    baseParameters: s.unread(s.optional(s.anyObject())),
    /** Installed into a cached Python environment, or passed to the workspace. */
    libraries: s.optional(s.libraries()),
  },
  /** `output …`: the notebook's exit value (`runOutput`, cut at 200 characters). */
  summarize: (output) => {
    if (!isJsonObject(output) || output['runOutput'] === undefined || output['runOutput'] === null)
      return undefined;
    const run = output['runOutput'];
    const text = typeof run === 'string' ? run : JSON.stringify(run);
    return `output ${text.length > 200 ? `${text.slice(0, 197)}...` : text}`;
  },
} satisfies ActivityTypeDescription;
