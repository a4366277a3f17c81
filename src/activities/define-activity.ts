import type { ActivityDefinition, ActivityExecutor } from '../contracts/index.js';
import { ActivityError } from '../errors/index.js';

/** `typeProperties.a.b[2]` from a schema issue path. */
function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

/**
 * The executor of an activity definition: parses the evaluated `typeProperties` with the definition's
 * settings schema, fails with `activity/invalid-settings` (every issue, each with its path) when they do
 * not fit, and otherwise runs the definition with the parsed settings.
 */
export function defineActivity<S>(definition: ActivityDefinition<S>): ActivityExecutor {
  return {
    type: definition.type,
    async execute(ctx) {
      const parsed = await definition.settings.safeParse(ctx.typeProperties());
      if (!parsed.success) {
        const problems = parsed.error.issues
          .map((i) => `typeProperties${pathText(i.path)}: ${i.message}`)
          .join('; ');
        throw new ActivityError({
          code: 'activity/invalid-settings',
          message: `${definition.type} ${ctx.activity.name}: ${problems}`,
        });
      }
      return definition.execute(ctx, parsed.data);
    },
    ...(definition.typeProperties ? { typeProperties: definition.typeProperties } : {}),
    ...(definition.summarize ? { summarize: (output) => definition.summarize?.(output) } : {}),
  };
}
