import type { SecretProvider } from '../../contracts/index.js';

/** Options of the environment-variable provider. */
export interface EnvProviderOptions {
  /** Variable prefix; default `MILLRACE_SECRET_`. */
  readonly prefix?: string;
  /** A snapshot of the environment (config takes it; the library never reads `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The default prefix of secret variables. */
export const DEFAULT_SECRET_PREFIX = 'MILLRACE_SECRET_';

/**
 * The variable name of a secret: prefix + the name upper-cased with every character other than a letter
 * or digit replaced by `_` (`sql-password` → `MILLRACE_SECRET_SQL_PASSWORD`), since shells cannot export
 * names with `-`. An exact `prefix + name` variable wins when both exist.
 */
export function secretVariableName(name: string, prefix = DEFAULT_SECRET_PREFIX): string {
  return `${prefix}${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Secrets from environment variables with a prefix: read-only (no `set`/`delete`). `list` answers the
 * variable names without the prefix, lower-cased with `_` → `-` (how Key Vault names are usually spelled).
 */
export function createEnvProvider(options: EnvProviderOptions): SecretProvider {
  const prefix = options.prefix ?? DEFAULT_SECRET_PREFIX;
  const { env } = options;
  return {
    type: 'env',
    get(name) {
      const exact = env[`${prefix}${name}`];
      return Promise.resolve(exact ?? env[secretVariableName(name, prefix)]);
    },
    list() {
      return Promise.resolve(
        Object.keys(env)
          .filter((k) => k.startsWith(prefix) && k.length > prefix.length && env[k] !== undefined)
          .map((k) => k.slice(prefix.length).toLowerCase().replace(/_/g, '-'))
          .sort(),
      );
    },
  };
}
