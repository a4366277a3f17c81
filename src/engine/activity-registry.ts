import type { ActivityExecutor, ActivityRegistry } from '../contracts/index.js';
import { MillraceError } from '../errors/index.js';

/** Creates an activity registry (case-insensitive on type), optionally with executors. */
export function createActivityRegistry(executors: readonly ActivityExecutor[] = []): ActivityRegistry {
  const byKey = new Map<string, ActivityExecutor>();
  const registry: ActivityRegistry = {
    register(executor) {
      const key = executor.type.toLowerCase();
      if (byKey.has(key)) {
        throw new MillraceError({
          code: 'engine/duplicate-activity-type',
          message: `activity type "${executor.type}" is already registered`,
        });
      }
      byKey.set(key, executor);
    },
    find: (type) => byKey.get(type.toLowerCase()),
    get(type) {
      const found = byKey.get(type.toLowerCase());
      if (!found) {
        throw new MillraceError({
          code: 'engine/unknown-activity-type',
          message: `unknown type ${type}; supported: [${registry.types().join(', ')}]`,
        });
      }
      return found;
    },
    types: () => [...byKey.values()].map((e) => e.type).sort(),
  };
  for (const e of executors) registry.register(e);
  return registry;
}
