import type { ActivityTypeDescription } from '../../contracts/index.js';
import { shapes as s } from '../../model/index.js';

/**
 * The Delete activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/delete-activity#type-properties).
 */
export const deleteType = {
  type: 'Delete',
  typeProperties: {
    /** Its absence fails with `delete/invalid-setting`. */
    dataset: s.checkedByExecutor(s.reference('DatasetReference')),
    /** Not read at run time: `storeSettings.recursive` (default false) is. */
    recursive: s.unread(s.optional(s.dynamicBoolean())),
    /** Default false; a value that is not a boolean (or `"true"`/`"false"`) is false. */
    enableLogging: s.lenient(s.withDefault(s.optional(s.dynamicBoolean()), false)),
    /** Where the log CSV goes (`linkedServiceName`, `path`), with `enableLogging`; ignored when not an object. */
    logStorageSettings: s.lenient(s.optional(s.anyObject())),
  },
} satisfies ActivityTypeDescription;
