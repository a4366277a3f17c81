import type { ActivityExecutor } from './activity-executor.js';

/** Executors by activity type. Lookup is case-insensitive. */
export interface ActivityRegistry {
  /** Adds an executor; throws `engine/duplicate-activity-type` when the type is already registered. */
  register(executor: ActivityExecutor): void;
  /** The executor of a type, or undefined. */
  find(type: string): ActivityExecutor | undefined;
  /** The executor of a type; throws `engine/unknown-activity-type` (`unknown type X; supported: […]`). */
  get(type: string): ActivityExecutor;
  /** Registered types, as registered, sorted. */
  types(): readonly string[];
}
