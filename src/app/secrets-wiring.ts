import type { SecretResolver } from '../contracts/index.js';
import { MillraceError } from '../errors/index.js';

/**
 * The secret resolver until environments and secret providers are configured (issue #7): a Key Vault
 * reference fails with a clear error naming the secret, never a value.
 */
export const unavailableSecrets: SecretResolver = (reference) =>
  Promise.reject(
    new MillraceError({
      code: 'secrets/unavailable',
      message: `Key Vault secret "${reference.secretName}" cannot be resolved: no secret provider is configured for this project`,
      hint: 'use a SecureString value, or configure an environment with a secret provider',
    }),
  );
