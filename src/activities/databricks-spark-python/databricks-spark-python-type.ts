import type { ActivityTypeDescription } from '../../contracts/index.js';
import { shapes as s } from '../../model/index.js';

/**
 * The DatabricksSparkPython activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/transform-data-databricks-python#databricks-python-activity-properties).
 */
export const databricksSparkPythonType = {
  type: 'DatabricksSparkPython',
  typeProperties: {
    /** At run time a missing, empty or non-string file fails with the notebook runtime's `invalid-input`. */
    pythonFile: s.lenient(s.dynamicString()),
    /** argv (non-strings as JSON text); the executor reports a value that is not an array. */
    parameters: s.unread(s.optional(s.anyArray())),
    libraries: s.optional(s.libraries()),
  },
} satisfies ActivityTypeDescription;
