import type { z } from 'zod';
import type { secretValueSchema } from './secret-value-schema.js';
import type { KeyVaultSecretReference, SecretResolver } from '../contracts/index.js';
import { ConnectorErrorCode, connectorError } from './connector-error.js';

/** A validated secret-valued property: a plain string, `SecureString`, or an `AzureKeyVaultSecret` reference. */
export type SecretValue = z.infer<typeof secretValueSchema>;

/**
 * Whether `value` has the shape of a secret-valued property (the same rule as `secretValueSchema`, checked
 * without loading zod: callers on a run's hot path use this).
 */
export function isSecretValue(value: unknown): value is SecretValue {
  if (typeof value === 'string') return true;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (v['type'] === 'SecureString') return typeof v['value'] === 'string';
  if (v['type'] !== 'AzureKeyVaultSecret' || typeof v['secretName'] !== 'string') return false;
  const store = v['store'];
  if (typeof store !== 'object' || store === null) return false;
  const st = store as Record<string, unknown>;
  return (
    typeof st['referenceName'] === 'string' &&
    typeof st['type'] === 'string' &&
    (v['secretVersion'] === undefined || typeof v['secretVersion'] === 'string')
  );
}

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
