import type { OpenSecretsOptions, SecretsAdmin } from './secrets-admin.js';

export type { OpenSecretsOptions, SecretsAdmin } from './secrets-admin.js';

/**
 * Opens the secrets of an environment (`millrace secrets set|list|delete`). The providers and their SDKs
 * load on this call.
 *
 * @example
 * const secrets = await openSecrets({ projectDir: '.', environment: 'qa' });
 * await secrets.set('sql-password', value);
 */
export async function openSecrets(options: OpenSecretsOptions): Promise<SecretsAdmin> {
  const admin = await import('./secrets-admin.js');
  return admin.openSecrets(options);
}
