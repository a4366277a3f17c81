import type {
  Connector,
  ConnectorCreateOptions,
  ConnectorRegistration,
  DatabricksWorkspace,
  SecretResolver,
} from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';
import type { JsonObject } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { lazyConfigSchema } from '../lazy-config-schema.js';
import { isSecretValue, resolveSecretValue } from '../secret-value.js';
import type { AzureDatabricksConfig } from './azure-databricks-config.js';

/** The code of a linked service that cannot reach its workspace (shared with the Databricks activities). */
const INVALID_SETTINGS = 'activity/databricks-invalid-settings';

function invalid(message: string): MillraceError {
  return new MillraceError({ code: INVALID_SETTINGS, message });
}

/**
 * An `AzureDatabricks` linked service: the workspace Databricks activities run on when an environment sends
 * them there (capability `databricksWorkspace`). Only `accessToken` authentication (a `SecureString` or a Key
 * Vault secret) can be used from outside Azure; `domain` is the workspace URL.
 */
export class AzureDatabricksConnector implements Connector {
  readonly type = 'AzureDatabricks';
  readonly #name: string;
  readonly #properties: JsonObject;
  readonly #secrets: SecretResolver;

  constructor(properties: JsonObject, options: ConnectorCreateOptions) {
    this.#name = options.name ?? this.type;
    this.#properties = properties;
    this.#secrets = options.secrets;
  }

  databricksWorkspace(): DatabricksWorkspace {
    const name = this.#name;
    const tp = this.#properties;
    const domain = tp['domain'];
    if (typeof domain !== 'string' || domain === '')
      throw invalid(`linked service ${name}: "domain" (the workspace URL) is required to run on Databricks`);
    const accessToken = tp['accessToken'];
    if (accessToken === undefined || !isSecretValue(accessToken))
      throw invalid(
        `linked service ${name}: only "accessToken" authentication (a SecureString or Key Vault secret) can run on Databricks from Millrace`,
      );
    const secrets = this.#secrets;
    return {
      host: domain,
      properties: tp,
      async accessToken(): Promise<string> {
        const value = await resolveSecretValue(accessToken, secrets);
        if (!value) throw invalid(`linked service ${name}: the access token is empty`);
        return value;
      },
    };
  }
}

/** Registry entry of ADF's `AzureDatabricks` linked service. */
export const azureDatabricksConnector: ConnectorRegistration<AzureDatabricksConfig> = {
  type: 'AzureDatabricks',
  capabilities: ['databricksWorkspace'],
  configSchema: lazyConfigSchema(
    async () => (await import('./azure-databricks-config.js')).azureDatabricksConfigSchema,
  ),
  // The schema accepts any object; the evaluated typeProperties of a linked service are JSON.
  create: (config, options) => new AzureDatabricksConnector(isJsonObject(config) ? config : {}, options),
};
