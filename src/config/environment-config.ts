import { RESOURCE_KIND_FOLDERS } from './resource-folders.js';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';
import { parseJsonText } from './parse-json-text.js';

/** Environment names: letters, digits, `-`, `_` (they name folders under `.millrace/envs/`). */
export const environmentNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, { error: 'use letters, digits, "-" or "_"' });

/** One entry of `environments` in millrace.json. */
export const environmentEntrySchema = z.strictObject({
  /** Parameters file(s), relative to the project: Millrace form or ARMTemplateParametersForFactory.json; applied in order. */
  parameters: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  /** State folder (local vault), relative to the project. Default `.millrace/envs/<name>`. */
  target: z.string().min(1).optional(),
  /** A protected environment's secrets change only with `--yes`, and it cannot be copied to a preview. */
  protected: z.boolean().default(false),
  /**
   * Who may act on a protected environment from the CLI (request, approve, apply a deploy): name → Ed25519
   * public key (`millrace keys create` prints one). Each such action is signed with the person's private key.
   */
  approvers: z.record(z.string().min(1), z.string().min(1)).optional(),
  description: z.string().optional(),
});
export type EnvironmentEntry = z.output<typeof environmentEntrySchema>;

const providerSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('local') }),
  z.strictObject({ type: z.literal('env'), prefix: z.string().min(1).default('MILLRACE_SECRET_') }),
  z.strictObject({
    type: z.literal('azureKeyVault'),
    vaultUrl: z.url({ protocol: /^https?$/ }),
    disableChallengeResourceVerification: z.boolean().optional(),
  }),
]);
/** Which store backs a Key Vault linked service (or a provider name used by notebook scopes). */
export type SecretProviderSpec = z.output<typeof providerSchema>;

const accessRules = z.record(z.string().min(1), z.array(z.string().min(1)));

/** `secrets` of a parameters file. */
export const secretsSpecSchema = z.strictObject({
  /** Key Vault linked-service name → provider. */
  providers: z.record(z.string().min(1), providerSchema).default({}),
  /** Databricks secret scope → provider name (a key of `providers`). */
  scopes: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** Which secrets pipelines (name globs) and scopes may read; absent: unrestricted. */
  access: z.strictObject({ pipelines: accessRules.optional(), scopes: accessRules.optional() }).optional(),
});
export type SecretsSpec = z.output<typeof secretsSpecSchema>;

const RESOURCE_KINDS = RESOURCE_KIND_FOLDERS;

/** `overrides[]`: any property of any resource, by its dotted JSON path from the resource root. */
export const overrideSchema = z.strictObject({
  /** `<kind>/<name>`, kind one of pipeline, dataset, linkedService, trigger, dataflow, integrationRuntime, credential. */
  resource: z.string().refine((r) => RESOURCE_KINDS.includes(r.split('/')[0] ?? '') && r.includes('/'), {
    error: `expected <kind>/<name> with kind one of ${RESOURCE_KINDS.join(', ')}`,
  }),
  /** `properties.typeProperties.connectionString`; `[n]` or `.n` index arrays. */
  path: z.string().regex(/^properties([.[]|$)/, { error: 'a path starts with "properties"' }),
  value: z.unknown(),
});
export type EnvironmentOverride = z.output<typeof overrideSchema>;

const json = z.unknown();
const named = <T extends z.ZodType>(t: T) => z.record(z.string().min(1), t);

/** `databricks` of a parameters file: which AzureDatabricks linked services run on their real workspace. */
export const databricksSpecSchema = z.strictObject({
  /** `true`: every AzureDatabricks linked service; a list: those linked services (by name). Default: none (local). */
  remote: z.union([z.boolean(), z.array(z.string().min(1))]).optional(),
  /** Seconds between `runs/get` polls of a remote run; default 5. */
  pollIntervalSeconds: z.number().positive().optional(),
});
export type DatabricksSpec = z.output<typeof databricksSpecSchema>;

const mountPoint = z.string().regex(/^\/mnt\//, { error: 'mount points look like /mnt/<name>' });

/**
 * `dbfs` of a parameters file: DBFS mounts of this environment, over millrace.json's `dbfs` (per mount point).
 * `sources` says which cloud URL a mount stands for, so a notebook's `abfss://`/`wasbs://` URLs of that storage
 * account resolve to the mount's folder (each environment usually has its own account).
 */
export const dbfsSpecSchema = z.strictObject({
  /** Mount point → folder, relative to the project. */
  mounts: z.record(mountPoint, z.string().min(1)).optional(),
  /** Mount point → the `abfss://`/`wasbs://` URL it stands for, as `dbutils.fs.mount(source, mountPoint)` made it. */
  sources: z
    .record(
      mountPoint,
      z.string().regex(/^(abfss?|wasbs?):\/\/[^@/]+@[^/]+/, {
        error: 'sources are abfss:// or wasbs:// URLs: abfss://<container>@<account>.dfs.core.windows.net/',
      }),
    )
    .optional(),
});
export type DbfsSpec = z.output<typeof dbfsSpecSchema>;
/** `ml` of a parameters file: where the environment keeps MLflow artifacts. */
export const mlSpecSchema = z.strictObject({
  /**
   * The artifact proxy's store: a linked service of the factory (as this environment configures it) whose
   * connector has a file store (AzureBlobStorage, AzureBlobFS, FileServer …), and a `/`-separated path in it
   * (for Blob storage the first segment is the container). Default: `.millrace/mlartifacts`.
   */
  artifactStore: z.strictObject({ linkedService: z.string().min(1), path: z.string().min(1) }).optional(),
});
export type MlSpec = z.output<typeof mlSpecSchema>;

/** One served model of an environment (`serving.<model>` of a parameters file). */
export const servingSpecSchema = z.strictObject({
  /** Registry alias to serve and follow; default `champion`. */
  alias: z.string().min(1).default('champion'),
  /** Python worker processes; default: the machine's cores, at most 4. */
  workers: z.number().int().min(1).max(64).optional(),
  /** Request timeout in seconds; default 60 (MLflow's). */
  timeoutSeconds: z.number().positive().optional(),
});
export type ServingSpec = z.output<typeof servingSpecSchema>;

/** A value read from the environment's secrets: `{"secret": "<name>"}` in the provider `cloud.secretsProvider` names. */
const secretRefSchema = z.strictObject({ secret: z.string().min(1) });
export type CloudSecretRef = z.output<typeof secretRefSchema>;
const httpsUrl = z.url({ protocol: /^https?$/ });

/** `cloud.dataFactory`: the live Azure Data Factory a deploy writes and `run --remote` runs in. */
export const cloudDataFactorySchema = z.strictObject({
  subscriptionId: z.string().min(1),
  resourceGroup: z.string().min(1),
  factoryName: z.string().min(1),
  /** ARM endpoint; default `https://management.azure.com` (set it for another Azure cloud). */
  endpoint: httpsUrl.optional(),
  /** Delete the factory's resources that the bundle no longer has (shown by what-if first). Default false. */
  deleteRemoved: z.boolean().default(false),
});
export type CloudDataFactorySpec = z.output<typeof cloudDataFactorySchema>;

/** `cloud.credentials`: the Entra ID service principal (client secret) the deploy signs in with. */
export const cloudCredentialsSchema = z.strictObject({
  tenantId: z.union([z.string().min(1), secretRefSchema]),
  clientId: z.union([z.string().min(1), secretRefSchema]),
  clientSecret: secretRefSchema,
  /** Entra ID authority; default `https://login.microsoftonline.com`. */
  authorityHost: httpsUrl.optional(),
});
export type CloudCredentialsSpec = z.output<typeof cloudCredentialsSchema>;

/** `cloud.databricks`: the workspace the bundle's notebooks are imported into. */
export const cloudDatabricksSchema = z.strictObject({
  /** Workspace URL (`https://adb-….azuredatabricks.net`). */
  host: httpsUrl,
  token: secretRefSchema,
  /** Workspace folder of the bundle → workspace folder of this environment (longest prefix wins). */
  notebookPaths: z
    .record(
      z.string().regex(/^\//, { error: 'workspace paths start with "/"' }),
      z.string().regex(/^\//, { error: 'workspace paths start with "/"' }),
    )
    .optional(),
  /** A secret scope to fill from the environment's secrets: key in the scope → secret name. */
  secretScope: z
    .strictObject({ name: z.string().min(1), secrets: z.record(z.string().min(1), z.string().min(1)) })
    .optional(),
});
export type CloudDatabricksSpec = z.output<typeof cloudDatabricksSchema>;

/** `cloud` of a parameters file: the environment's Azure Data Factory and Databricks workspace. */
export const cloudSpecSchema = z.strictObject({
  dataFactory: cloudDataFactorySchema.optional(),
  credentials: cloudCredentialsSchema.optional(),
  databricks: cloudDatabricksSchema.optional(),
  /** Which provider of `secrets.providers` holds the secrets named here; default the environment's local vault. */
  secretsProvider: z.string().min(1).optional(),
});
export type CloudSpec = z.output<typeof cloudSpecSchema>;

/** The Millrace form of a parameters file (`environments/<name>.json`). */
export const environmentFileSchema = z.strictObject({
  $schema: z.string().optional(),
  /** Global parameter name → value. */
  globalParameters: named(json).optional(),
  /** Pipeline → parameter and variable defaults. */
  pipelines: named(
    z.strictObject({ parameters: named(json).optional(), variables: named(json).optional() }),
  ).optional(),
  /** Linked service → object deep-merged into its `properties` (e.g. `{"typeProperties": {"host": …}}`). */
  linkedServices: named(z.record(z.string(), json)).optional(),
  /** Dataset → object deep-merged into its `properties`. */
  datasets: named(z.record(z.string(), json)).optional(),
  /** Trigger → `runtimeState` and settings deep-merged into its `properties`. */
  triggers: named(
    z.looseObject({ runtimeState: z.enum(['Started', 'Stopped', 'Disabled']).optional() }),
  ).optional(),
  /** Python interpreter of notebooks, scripts and Custom commands in this environment. */
  python: z.string().min(1).optional(),
  secrets: secretsSpecSchema.optional(),
  databricks: databricksSpecSchema.optional(),
  dbfs: dbfsSpecSchema.optional(),
  ml: mlSpecSchema.optional(),
  /** Registered model → the alias this environment serves (`/serving/<env>/<model>/invocations`) and its workers. */
  serving: named(servingSpecSchema).optional(),
  overrides: z.array(overrideSchema).default([]),
  /** The environment's live Azure Data Factory and Databricks workspace (cloud deploy, `run --remote`). */
  cloud: cloudSpecSchema.optional(),
});
export type EnvironmentFile = z.output<typeof environmentFileSchema>;

/** One parameters file as parsed: Millrace form, or ADF's ARM parameters form (values by ARM name). */
export type EnvironmentLayer =
  | { readonly format: 'millrace'; readonly file: string; readonly spec: EnvironmentFile }
  | {
      readonly format: 'arm';
      readonly file: string;
      /** ARM parameter name → `value` (parameters given as Key Vault references are in `references`). */
      readonly parameters: Readonly<Record<string, unknown>>;
      readonly references: readonly string[];
    };

function fieldError(file: string, issues: readonly z.core.$ZodIssue[], hint: string): ConfigError {
  const first = issues[0];
  const path = first ? first.path.filter((p): p is string | number => typeof p !== 'symbol') : [];
  return new ConfigError({
    code: 'config/invalid-environment',
    message: `${file}: ${path.length > 0 ? path.join('.') : '(root)'}: ${first?.message ?? 'invalid'}`,
    location: { file, path },
    hint,
  });
}

/** Validates one `environments.<name>` entry of millrace.json; errors name the field. */
export function parseEnvironmentEntry(name: string, value: unknown): EnvironmentEntry {
  const n = environmentNameSchema.safeParse(name);
  if (!n.success)
    throw fieldError('millrace.json', [{ ...n.error.issues[0]!, path: ['environments', name] }], '');
  const r = environmentEntrySchema.safeParse(value ?? {});
  if (r.success) return r.data;
  throw fieldError(
    'millrace.json',
    r.error.issues.map((i) => ({ ...i, path: ['environments', name, ...i.path] })),
    'an environment looks like {"parameters": "environments/qa.json", "protected": false}',
  );
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for an ARM deployment parameters file (`$schema` …deploymentParameters.json, or contentVersion + parameters). */
function isArmParameters(json: Record<string, unknown>): boolean {
  const schema = json['$schema'];
  if (typeof schema === 'string' && /deploymentParameters\.json/i.test(schema)) return true;
  return 'contentVersion' in json && isObject(json['parameters']);
}

/** Parses the text of a parameters file (either form); errors name the file and field. */
export function parseEnvironmentFile(text: string, file: string): EnvironmentLayer {
  const json = parseJsonText(text, file);
  if (isObject(json) && isArmParameters(json)) {
    const parameters: Record<string, unknown> = {};
    const references: string[] = [];
    for (const [k, v] of Object.entries(json['parameters'] as Record<string, unknown>)) {
      if (isObject(v) && 'value' in v) parameters[k] = v['value'];
      else if (isObject(v) && 'reference' in v) references.push(k);
      else
        throw fieldError(
          file,
          [{ code: 'custom', path: ['parameters', k], message: 'expected {"value": …}', input: v }],
          '',
        );
    }
    return { format: 'arm', file, parameters, references };
  }
  const r = environmentFileSchema.safeParse(json);
  if (r.success) return { format: 'millrace', file, spec: r.data };
  throw fieldError(
    file,
    r.error.issues,
    'see docs/environments-and-secrets.md for the parameters file shape',
  );
}
