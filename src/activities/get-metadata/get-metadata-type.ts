import type { ActivityTypeDescription } from '../../contracts/index.js';
import { shapes as s } from '../../model/index.js';

/**
 * The GetMetadata activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/control-flow-get-metadata-activity#type-properties).
 */
export const getMetadataType = {
  type: 'GetMetadata',
  typeProperties: {
    /** Its absence fails with `get-metadata/invalid-setting`. */
    dataset: s.checkedByExecutor(s.reference('DatasetReference')),
    /** The fields to return (`itemName`, `childItems` …); none when absent or not an array. */
    fieldList: s.lenient(s.withDefault(s.optional(s.anyArray()), [])),
  },
} satisfies ActivityTypeDescription;
