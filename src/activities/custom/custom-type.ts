import type { ActivityTypeDescription } from '../../contracts/index.js';
import { shapes as s } from '../../model/index.js';

/**
 * The Custom activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/transform-data-using-custom-activity#custom-activity-properties).
 */
export const customType: ActivityTypeDescription = {
  type: 'Custom',
  typeProperties: {
    command: s.dynamicString(),
    resourceLinkedService: s.optional(s.reference('LinkedServiceReference')),
  },
};
