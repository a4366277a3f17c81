import type { ConfigSchema } from '../contracts/index.js';
import { lazySchema } from '../contracts/index.js';

/**
 * A config schema whose module loads on the first parse (`lazySchema`). Connector config schemas are zod
 * schemas, and zod costs tens of milliseconds to load: a run that creates no connector (or a CLI command
 * that creates none) should not pay for it. The registry awaits `safeParse`.
 *
 * @example
 * configSchema: lazyConfigSchema(async () => (await import('./sqlite-config.js')).sqliteConfigSchema),
 */
export function lazyConfigSchema<C>(load: () => Promise<ConfigSchema<C>>): ConfigSchema<C> {
  return lazySchema(load);
}
