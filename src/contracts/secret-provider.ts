/**
 * A store of named secrets backing a Key Vault linked service or a Databricks secret scope for one
 * environment. `get` answers undefined for an unknown name; `list` returns names only, never values.
 * `set` and `delete` are optional capabilities (a read-only provider such as environment variables has
 * neither): callers check them before use and fail with an error that names the capability.
 * Implementations: local encrypted vault, environment variables, Azure Key Vault (`src/secrets/`); each
 * runs the contract suite in `contracts/testing/secret-provider-suite.ts`.
 */
export interface SecretProvider {
  /** Provider type, for messages: `local`, `env`, `azureKeyVault`. */
  readonly type: string;
  /** The value of a secret, or undefined when there is none. `version` is ignored by unversioned stores. */
  get(name: string, version?: string): Promise<string | undefined>;
  /** Names of the secrets, sorted. */
  list(): Promise<readonly string[]>;
  /** Creates or replaces a secret. */
  set?(name: string, value: string): Promise<void>;
  /** Deletes a secret; false when there was none. */
  delete?(name: string): Promise<boolean>;
}

/** The optional capabilities of a SecretProvider. */
export type SecretProviderCapability = 'set' | 'delete';
