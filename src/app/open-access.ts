import type { AccessAdmin, OpenAccessOptions } from './access-admin.js';

export type {
  AccessAdmin,
  OpenAccessOptions,
  ApiTokenSummary,
  CreatedApiToken,
  ApiPrincipal,
} from './access-admin.js';

/**
 * Opens the API tokens and audit log of a project (`millrace tokens create|list|revoke`, the server's auth).
 * SQLite loads on this call.
 *
 * @example
 * const access = await openAccess({ projectDir: '.' });
 * const { token } = await access.createToken('ci', 'deployer'); // shown once
 * await access.close();
 */
export async function openAccess(options: OpenAccessOptions = {}): Promise<AccessAdmin> {
  const admin = await import('./access-admin.js');
  return admin.openAccess(options);
}
