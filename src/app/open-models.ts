import type { ModelsAdmin, OpenModelsOptions } from './models-admin.js';

export type { ModelsAdmin, OpenModelsOptions, MlRunQuery } from './models-admin.js';

/**
 * Opens a project's ML tracking, registries and promotions (`millrace experiments|ml-runs|models`).
 * SQLite loads on this call.
 *
 * @example
 * const models = await openModels({ projectDir: '.' });
 * const pending = await models.promote({ name: 'price', version: '3', to: 'prod' });
 * await models.close();
 */
export async function openModels(options: OpenModelsOptions = {}): Promise<ModelsAdmin> {
  const admin = await import('./models-admin.js');
  return admin.openModels(options);
}
