import type { TriggerService, TriggerServiceOptions } from './trigger-service.js';

/**
 * Opens the triggers of a project (see trigger-service.ts). The scheduler, the stores and the run service
 * load on this call, so importing the library stays cheap.
 *
 * @example
 * const triggers = await openTriggers({ projectDir: '.' });
 * console.log(await triggers.list());
 * await triggers.close();
 */
export async function openTriggers(options: TriggerServiceOptions = {}): Promise<TriggerService> {
  const service = await import('./trigger-service.js');
  return service.openTriggers(options);
}
