import type { ActivityTypeDescription } from '../../contracts/index.js';
import { shapes as s } from '../../model/index.js';

/**
 * The DatabricksSparkPython activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/transform-data-databricks-python#databricks-python-activity-properties).
 */
export const databricksSparkPythonType: ActivityTypeDescription = {
  type: 'DatabricksSparkPython',
  typeProperties: {
    pythonFile: s.dynamicString(),
    parameters: s.optional(s.anyArray()),
    libraries: s.optional(s.libraries()),
  },
};
