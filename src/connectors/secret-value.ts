import { z } from 'zod';
import type { KeyVaultSecretReference, SecretResolver } from '../contracts/index.js';
import { ConnectorErrorCode, connectorError } from './connector-error.js';

/** A secret-valued property: a plain string, `SecureString`, or an `AzureKeyVaultSecret` reference. */
export const secretValueSchema = z.union([
  z.string(),
  z.looseObject({ type: z.literal('SecureString'), value: z.string() }),
  z.looseObject({
    type: z.literal('AzureKeyVaultSecret'),
    store: z.looseObject({ referenceName: z.string(), type: z.string() }),
    secretName: z.string(),
    secretVersion: z.string().optional(),
  }),
]);

/** A validated secret-valued property. */
export type SecretValue = z.infer<typeof secretValueSchema>;

/** Resolves a secret-valued property; Key Vault references go through `resolver`. */
export async function resolveSecretValue(
  value: SecretValue | undefined,
  resolver: SecretResolver,
): Promise<string | undefined> {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (value.type === 'SecureString') return value.value;
  const ref: KeyVaultSecretReference = {
    type: 'AzureKeyVaultSecret',
    store: value.store,
    secretName: value.secretName,
    ...(value.secretVersion !== undefined ? { secretVersion: value.secretVersion } : {}),
  };
  return resolver(ref);
}

/** The resolver used until the secrets module provides one: fails with `secrets/unavailable`. */
export const unavailableSecretResolver: SecretResolver = (ref) =>
  Promise.reject(
    connectorError(
      ConnectorErrorCode.SecretsUnavailable,
      `cannot resolve Key Vault secret "${ref.secretName}" (store ${ref.store.referenceName as string}): no secret provider is configured`,
      { hint: 'use a SecureString value, or configure a secret provider' },
    ),
  );
