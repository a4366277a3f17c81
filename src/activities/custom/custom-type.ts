import type { ActivityTypeDescription } from '../../contracts/index.js';
import { shapes as s } from '../../model/index.js';

/**
 * The Custom activity type without its executor: the shape `validate` checks its `typeProperties` against
 * (https://learn.microsoft.com/azure/data-factory/transform-data-using-custom-activity#custom-activity-properties).
 */
export const customType = {
  type: 'Custom',
  typeProperties: {
    /** At run time a missing, empty or non-string command fails with the notebook runtime's `invalid-input`. */
    command: s.lenient(s.dynamicString()),
    /** Where `folderPath` is read from; without a reference (or not one), a folder under the project. */
    resourceLinkedService: s.unread(s.optional(s.reference('LinkedServiceReference'))),
    /** The resource folder; the executor reports a value that is not a string. */
    folderPath: s.unread(s.optional(s.dynamicString())),
    /** Passed to the command in `activity.json`; its SecureString values are masked in the output. */
    extendedProperties: s.unread(s.optional(s.anyObject())),
  },
} satisfies ActivityTypeDescription;
