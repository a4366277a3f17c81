import type {
  AzureFunctionApp,
  Connector,
  ConnectorCreateOptions,
  ConnectorRegistration,
  SecretResolver,
} from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';
import type { JsonObject } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { lazyConfigSchema } from '../lazy-config-schema.js';
import { isSecretValue, resolveSecretValue } from '../secret-value.js';
import type { AzureFunctionConfig } from './azure-function-config.js';

/** The code of a linked service that cannot call its function app (shared with the Azure Function activity). */
export const AZURE_FUNCTION_INVALID_SETTINGS = 'activity/azure-function-invalid-settings';

function invalid(message: string): MillraceError {
  return new MillraceError({ code: AZURE_FUNCTION_INVALID_SETTINGS, message });
}

/**
 * An `AzureFunction` linked service: the function app the Azure Function activity calls (capability
 * `azureFunctionApp`). A function key (`functionKey`, a SecureString or Key Vault secret) or an anonymous
 * function can be called from anywhere; managed-identity authentication needs Azure, so it is refused with a
 * clear error instead of a call that would get a 401.
 */
export class AzureFunctionConnector implements Connector {
  readonly type = 'AzureFunction';
  readonly #name: string;
  readonly #properties: JsonObject;
  readonly #secrets: SecretResolver;

  constructor(properties: JsonObject, options: ConnectorCreateOptions) {
    this.#name = options.name ?? this.type;
    this.#properties = properties;
    this.#secrets = options.secrets;
  }

  azureFunctionApp(): AzureFunctionApp {
    const name = this.#name;
    const tp = this.#properties;
    const url = tp['functionAppUrl'];
    if (typeof url !== 'string' || !/^https?:\/\/[^/]/i.test(url)) {
      throw invalid(`linked service ${name}: "functionAppUrl" must be the function app's http(s) URL`);
    }
    const auth = tp['authentication'];
    if (typeof auth === 'string' && auth !== '' && auth.toLowerCase() !== 'anonymous') {
      throw invalid(
        `linked service ${name}: authentication "${auth}" needs the data factory's managed identity, which a local run does not have; use a function key`,
      );
    }
    const key = tp['functionKey'];
    if (key !== undefined && !isSecretValue(key)) {
      throw invalid(`linked service ${name}: "functionKey" must be a SecureString or a Key Vault secret`);
    }
    const secrets = this.#secrets;
    return {
      url: url.replace(/\/+$/, ''),
      functionKey: async () => (key === undefined ? undefined : resolveSecretValue(key, secrets)),
    };
  }
}

/** Registry entry of ADF's `AzureFunction` linked service. */
export const azureFunctionConnector: ConnectorRegistration<AzureFunctionConfig> = {
  type: 'AzureFunction',
  capabilities: ['azureFunctionApp'],
  configSchema: lazyConfigSchema(
    async () => (await import('./azure-function-config.js')).azureFunctionConfigSchema,
  ),
  create: (config, options) => new AzureFunctionConnector(isJsonObject(config) ? config : {}, options),
};
