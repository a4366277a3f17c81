import type { ResolvedEnvironment, SecretProviderSpec, SecretsSpec } from '../config/index.js';
import type { RunEvent, RunStore, SecretProvider, SecretResolver } from '../contracts/index.js';
import { MillraceError } from '../errors/index.js';
import type { SecretRedactor, SecretRouter } from '../secrets/index.js';
import {
  connectionStringSecrets,
  createAzureKeyVaultProvider,
  createEnvProvider,
  createLocalVaultProvider,
  createSecretRouter,
} from '../secrets/index.js';

/**
 * The secret resolver when no environment maps a store (issue #7): a Key Vault reference fails with a
 * clear error naming the secret, never a value.
 */
export const unavailableSecrets: SecretResolver = (reference) =>
  Promise.reject(
    new MillraceError({
      code: 'secrets/unavailable',
      message: `Key Vault secret "${reference.secretName}" cannot be resolved: no secret provider is configured for this project`,
      hint: 'run with --env <name> and map the Key Vault linked service under "secrets.providers"',
    }),
  );

/** The `secrets` sections of an environment's Millrace-form files, merged (later files win). */
export function environmentSecrets(env: ResolvedEnvironment): SecretsSpec {
  let merged: SecretsSpec = { providers: {}, scopes: {} };
  for (const layer of env.layers) {
    const s = layer.format === 'millrace' ? layer.spec.secrets : undefined;
    if (!s) continue;
    merged = {
      providers: { ...merged.providers, ...s.providers },
      scopes: { ...merged.scopes, ...s.scopes },
      ...(s.access ? { access: s.access } : merged.access ? { access: merged.access } : {}),
    };
  }
  return merged;
}

/** The environment's local vault (`<stateDir>/secrets.vault`), shared by its `local` providers. */
export function localVault(env: ResolvedEnvironment): SecretProvider {
  return createLocalVaultProvider({ file: env.vaultFile, key: env.masterKey });
}

/** Creates the provider a spec names; `local` providers of one environment share its vault. */
export function createProvider(
  spec: SecretProviderSpec,
  env: ResolvedEnvironment,
  vault: () => SecretProvider,
): SecretProvider {
  switch (spec.type) {
    case 'local':
      return vault();
    case 'env':
      return createEnvProvider({ prefix: spec.prefix, env: env.env });
    case 'azureKeyVault':
      return createAzureKeyVaultProvider({
        vaultUrl: spec.vaultUrl,
        ...(spec.disableChallengeResourceVerification ? { disableChallengeResourceVerification: true } : {}),
      });
  }
}

/** The environment's secret router: providers by Key Vault linked-service name, scopes, access rules. */
export function createEnvironmentSecrets(env: ResolvedEnvironment, redactor: SecretRedactor): SecretRouter {
  const spec = environmentSecrets(env);
  let vault: SecretProvider | undefined;
  const shared = (): SecretProvider => (vault ??= localVault(env));
  const providers = new Map(
    Object.entries(spec.providers).map(([name, p]) => [name, createProvider(p, env, shared)]),
  );
  return createSecretRouter({
    providers,
    scopes: spec.scopes,
    ...(spec.access ? { access: spec.access } : {}),
    redactor,
    environment: env.name,
  });
}

/**
 * Registers with the redactor every inline `SecureString` value in `value` (any depth) and the secret
 * fields (password, key, token, SAS) of every plain `connectionString` / `sasUri` string in it.
 */
export function registerSecureStrings(value: unknown, redactor: SecretRedactor): void {
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (o['type'] === 'SecureString' && typeof o['value'] === 'string') redactor.add(o['value']);
      for (const key of ['connectionString', 'sasUri']) {
        const text = o[key];
        if (typeof text !== 'string') continue;
        // Expression text (`Password=@{linkedService().pwd}`) is not a secret; its resolved value is.
        for (const part of connectionStringSecrets(text)) if (!part.startsWith('@')) redactor.add(part);
      }
      Object.values(o).forEach(walk);
    }
  };
  walk(value);
}

/** Registers every inline `SecureString` value of the environment's files with the redactor. */
export function registerInlineSecrets(env: ResolvedEnvironment, redactor: SecretRedactor): void {
  for (const layer of env.layers)
    registerSecureStrings(layer.format === 'millrace' ? layer.spec : layer.parameters, redactor);
}

/**
 * The event with every registered secret masked, and its messages (a run's end message, an activity's
 * error, a log line) sanitized too: a driver error quoting part of a connection string shows `Password=***`.
 */
export function redactEvent(redactor: SecretRedactor, event: RunEvent): RunEvent {
  const e = redactor.redactValue(event);
  switch (e.kind) {
    case 'run-finished':
      return e.message === undefined ? e : { ...e, message: redactor.sanitize(e.message) };
    case 'activity-finished':
      return e.error === undefined
        ? e
        : { ...e, error: { ...e.error, message: redactor.sanitize(e.error.message) } };
    case 'activity-log':
      return { ...e, line: redactor.sanitize(e.line) };
    default:
      return e;
  }
}

/**
 * Wraps a run store so every event is redacted before it is stored: resolved secret values never reach
 * the state file, and so never the run documents read back from it.
 */
export function redactingRunStore(store: RunStore, redactor: SecretRedactor): RunStore {
  // Spelled out rather than store/'s forwardingRunStore: this file is in the scoring server's bundle, which must
  // not load the store module (better-sqlite3) — see scripts/bundle-scoring-server.js.
  return {
    append: (event: RunEvent) => store.append(redactEvent(redactor, event)),
    flush: () => store.flush(),
    getRun: (id) => store.getRun(id),
    listRuns: (q) => store.listRuns(q),
    getActivityRuns: (id) => store.getActivityRuns(id),
    requestCancel: (id) => store.requestCancel(id),
    renewLease: (owner, now) => store.renewLease(owner, now),
    recoverInterrupted: (alive, now, runIds) => store.recoverInterrupted(alive, now, runIds),
    listOrphanedRuns: (alive) => store.listOrphanedRuns(alive),
    takeOverRun: (runId, from, owner, now) => store.takeOverRun(runId, from, owner, now),
    close: () => store.close(),
  };
}
