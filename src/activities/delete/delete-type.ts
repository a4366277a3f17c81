import type { ActivityTypeDescription } from '../../contracts/index.js';
import { shapes as s } from '../../model/index.js';

/**
 * The Delete activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/delete-activity#type-properties).
 */
export const deleteType: ActivityTypeDescription = {
  type: 'Delete',
  typeProperties: {
    dataset: s.reference('DatasetReference'),
    recursive: s.optional(s.dynamicBoolean()),
  },
};
