import { MillraceError } from '../errors/index.js';
import type { SecretProvider, SecretProviderCapability } from '../contracts/index.js';

/** Error codes of the secrets module. */
export const SecretErrorCode = {
  VaultTampered: 'secrets/vault-tampered',
  VaultCorrupt: 'secrets/vault-corrupt',
  BadKey: 'secrets/bad-master-key',
  NotFound: 'secrets/not-found',
  AccessDenied: 'secrets/access-denied',
  Unsupported: 'secrets/unsupported-operation',
  UnknownProvider: 'secrets/unknown-provider',
  ProviderFailed: 'secrets/provider-failed',
  InvalidName: 'secrets/invalid-name',
} as const;
export type SecretErrorCode = (typeof SecretErrorCode)[keyof typeof SecretErrorCode];

/** Creates a MillraceError of the secrets module. Never pass a secret value in `message` or `hint`. */
export function secretError(
  code: SecretErrorCode,
  message: string,
  extra: { readonly hint?: string; readonly cause?: unknown } = {},
): MillraceError {
  return new MillraceError({ code, message, ...extra });
}

/**
 * The provider's optional method, or a `secrets/unsupported-operation` error naming the capability.
 * @example await requireCapability(provider, 'set').call(provider, 'name', value)
 */
export function requireCapability<C extends SecretProviderCapability>(
  provider: SecretProvider,
  capability: C,
): NonNullable<SecretProvider[C]> {
  const method = provider[capability];
  if (!method)
    throw secretError(
      SecretErrorCode.Unsupported,
      `the ${provider.type} secret provider does not support "${capability}" (it is read-only)`,
      { hint: 'write the secret where the provider reads it, or map the store to a "local" provider' },
    );
  return method.bind(provider) as NonNullable<SecretProvider[C]>;
}

/** Secret names: letters, digits, `-`, `_`, `.` (Key Vault allows letters, digits and `-`). */
export function checkSecretName(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,126}$/.test(name))
    throw secretError(
      SecretErrorCode.InvalidName,
      `invalid secret name "${name}": use letters, digits, "-", "_" or "." (at most 127)`,
    );
}
