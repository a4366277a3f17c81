import type { JsonValue } from '../model/index.js';
import type { ActivityContext } from './activity-executor.js';
import type { ValueSchema } from './value-schema.js';

/**
 * An activity type, defined once and in one folder: its canonical ADF type name, the schema of its
 * `typeProperties` (a zod schema behind `lazySchema`, so zod loads only when such an activity runs), the
 * executor that gets the parsed settings, and the one-line summary of its output for the CLI.
 * `defineActivity` (activities/) turns it into the `ActivityExecutor` the engine registers.
 */
export interface ActivityDefinition<S> {
  /** The ADF type discriminator in canonical spelling, e.g. `Copy` (matched case-insensitively). */
  readonly type: string;
  /** Parses the evaluated `typeProperties`; a failure is `activity/invalid-settings` naming the path. */
  readonly settings: ValueSchema<S>;
  /** Runs one attempt with the parsed settings; returns the output (`@activity('x').output`). */
  execute(ctx: ActivityContext, settings: S): Promise<JsonValue>;
  /** The fact worth a glance in an output (`12 rows copied`), or undefined. */
  summarize?(output: JsonValue): string | undefined;
}
