import type { ActivityExecutor } from '../contracts/index.js';
import type { BuiltinActivitySettings } from './builtin-activity-settings.js';
import { BUILTIN_ACTIVITIES } from './builtin-types.js';
import type { BuiltinActivity } from './builtin-types.js';

/**
 * The executors of every built-in, non-control activity type (`BUILTIN_ACTIVITIES`), registered by the app exactly
 * like a plugin's. Each is its type's description with an `execute` that loads the real executor on its first call.
 * Control-flow activities (ForEach, IfCondition…) live in the engine.
 */
export function builtinActivityExecutors(settings: BuiltinActivitySettings): readonly ActivityExecutor[] {
  return BUILTIN_ACTIVITIES.map((b) => lazyExecutor(b, settings));
}

function lazyExecutor(
  { description, load }: BuiltinActivity,
  settings: BuiltinActivitySettings,
): ActivityExecutor {
  let executor: Promise<ActivityExecutor> | undefined;
  return {
    type: description.type,
    ...(description.typeProperties === undefined ? {} : { typeProperties: description.typeProperties }),
    ...(description.summarize === undefined ? {} : { summarize: description.summarize }),
    async execute(ctx) {
      executor ??= load(settings);
      return (await executor).execute(ctx);
    },
  };
}
