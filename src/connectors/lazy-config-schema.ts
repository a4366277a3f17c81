import type { ConfigParseResult, ConfigSchema } from '../contracts/index.js';

/**
 * A config schema whose module loads on the first parse. Connector config schemas are zod schemas, and zod
 * costs tens of milliseconds to load: a run that creates no connector (or a CLI command that creates none)
 * should not pay for it. The registry awaits `safeParse`.
 *
 * @example
 * configSchema: lazyConfigSchema(async () => (await import('./sqlite-config.js')).sqliteConfigSchema),
 */
export function lazyConfigSchema<C>(load: () => Promise<ConfigSchema<C>>): ConfigSchema<C> {
  let loaded: Promise<ConfigSchema<C>> | undefined;
  return {
    async safeParse(input: unknown): Promise<ConfigParseResult<C>> {
      return (await (loaded ??= load())).safeParse(input);
    },
  };
}
