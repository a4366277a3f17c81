import type { JsonValue, TypePropertiesShape } from '../model/index.js';
import type { ActivityContext } from './activity-executor.js';
import type { ValueSchema } from './value-schema.js';

/**
 * An activity type, defined once and in one folder: its canonical ADF type name, the schema of its
 * evaluated `typeProperties` (a zod schema behind `lazySchema`, so zod loads only when such an activity runs),
 * the shape `validate` checks its unevaluated `typeProperties` against, the executor that gets the parsed
 * settings, and the one-line summary of its output for the CLI.
 * `defineActivity` (activities/) turns it into the `ActivityExecutor` the engine registers.
 */
export interface ActivityDefinition<S> {
  /** The ADF type discriminator in canonical spelling, e.g. `Copy` (matched case-insensitively). */
  readonly type: string;
  /**
   * Parses the evaluated `typeProperties`; a failure is `activity/invalid-settings` naming the path. A built-in's
   * derives from `typeProperties` (`evaluatedSettingsSchema` in `activities/`), so the two cannot drift.
   */
  readonly settings: ValueSchema<S>;
  /**
   * The shape of `typeProperties` as a factory file holds them (expressions unevaluated), which `validate`
   * checks: its zod-free fast guard, the zod schema naming the findings and the JSON Schema files all derive
   * from it. Absent: `validate` does not check this type's `typeProperties`.
   */
  readonly typeProperties?: TypePropertiesShape;
  /** Runs one attempt with the parsed settings; returns the output (`@activity('x').output`). */
  execute(ctx: ActivityContext, settings: S): Promise<JsonValue>;
  /** The fact worth a glance in an output (`12 rows copied`), or undefined. */
  summarize?(output: JsonValue): string | undefined;
}

/**
 * What is known of an activity type without loading its executor: its name, the `typeProperties` shape
 * `validate` checks and the summary of its output. A built-in definition spreads its description
 * (`activities/<name>/<name>-type.ts`), which `activities/builtin-types.ts` also lists for `validate` and
 * the CLI's summaries of remote runs.
 */
export type ActivityTypeDescription = Pick<
  ActivityDefinition<unknown>,
  'type' | 'typeProperties' | 'summarize'
>;
