import type { ActivityTypeDescription } from '../../contracts/index.js';
import { shapes as s } from '../../model/index.js';

/**
 * The GetMetadata activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/control-flow-get-metadata-activity#type-properties).
 */
export const getMetadataType: ActivityTypeDescription = {
  type: 'GetMetadata',
  typeProperties: {
    dataset: s.reference('DatasetReference'),
    fieldList: s.optional(s.anyArray()),
  },
};
