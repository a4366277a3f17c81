import type { ArmParameterSet } from './arm-parameters.js';
import { ArmExpression, isTreeObject } from './arm-tree.js';
import type { ArmTree } from './arm-tree.js';

/** Connectors whose `encryptedCredential` holds a Databricks personal access token. */
const ACCESS_TOKEN_CONNECTORS = new Set(['azuredatabricks', 'azuredatabricksdeltalake']);

/** Connectors with one secret property, named as in each connector's linked service properties. */
const SINGLE_SECRET: Readonly<Record<string, string>> = {
  azurefunction: 'functionKey',
  azurebatch: 'accessKey',
  amazons3: 'secretAccessKey',
  amazons3compatible: 'secretAccessKey',
  googlecloudstorage: 'secretAccessKey',
};

/** True when one of `keys` is set in `props`. */
function has(props: { [key: string]: ArmTree }, ...keys: string[]): boolean {
  return keys.some((k) => props[k] !== undefined && props[k] !== null && props[k] !== '');
}

/**
 * The secret properties an `encryptedCredential` stands for, as ADF's publish names them
 * (`<linked service>_<property>`), from the connector type and the authentication the linked service declares
 * (see each connector's linked service properties under https://learn.microsoft.com/azure/data-factory/connector-overview).
 * Empty when the credential is carried elsewhere (a connection string that became a secure parameter, a
 * managed identity); undefined when the authentication is not known.
 */
export function encryptedCredentialFields(
  connectorType: string | undefined,
  props: { [key: string]: ArmTree },
): string[] | undefined {
  const type = (connectorType ?? '').toLowerCase();
  const auth =
    typeof props['authenticationType'] === 'string' ? props['authenticationType'].toLowerCase() : '';
  // The secret is part of the connection string, which ADF already turns into a secure parameter.
  if (props['connectionString'] instanceof ArmExpression) return [];
  if (auth.includes('managedidentity') || auth === 'msi' || auth === 'anonymous') return [];
  if (ACCESS_TOKEN_CONNECTORS.has(type)) return props['authentication'] === 'MSI' ? [] : ['accessToken'];
  const single = SINGLE_SECRET[type];
  if (single !== undefined) return [single];
  if (type === 'hdinsightondemand')
    return [
      'clusterPassword',
      'clusterSshPassword',
      ...(has(props, 'servicePrincipalId') ? ['servicePrincipalKey'] : []),
    ];
  const servicePrincipal = (): string[] =>
    props['servicePrincipalCredentialType'] !== undefined
      ? ['servicePrincipalCredential']
      : ['servicePrincipalKey'];
  if (
    auth === 'serviceprincipal' ||
    (has(props, 'servicePrincipalId') && !has(props, 'userName', 'username', 'userId'))
  )
    return servicePrincipal();
  if (auth === 'sshpublickey')
    return ['privateKeyContent', 'passPhrase'].filter((k) => k !== 'passPhrase' || has(props, 'passPhrase'));
  if (has(props, 'userName', 'username', 'userId', 'user') || ['sql', 'basic', 'windows'].includes(auth))
    return ['password'];
  if (
    type === 'azureblobfs' ||
    type === 'azureblobstorage' ||
    type === 'azurefilestorage' ||
    type === 'cosmosdb'
  )
    return has(props, 'sasUri') ? ['sasToken'] : ['accountKey'];
  return undefined;
}

/**
 * ADF's publish replaces a linked service's `encryptedCredential` (a blob only the source factory can read) by
 * the secrets it stands for, each an inline SecureString whose value is a `secureString` parameter named
 * `<linked service>_<property>`. The blob itself never reaches the template. Returns false when the fields
 * are not known (the caller warns: the target factory then needs the secret set by hand).
 */
export function replaceEncryptedCredential(
  resourceName: string,
  connectorType: string | undefined,
  typeProperties: ArmTree | undefined,
  parameters: ArmParameterSet,
): boolean {
  if (!isTreeObject(typeProperties) || typeProperties['encryptedCredential'] === undefined) return true;
  // The secret completes a connection string kept as text: the whole string becomes the secure parameter.
  if (typeof typeProperties['connectionString'] === 'string')
    typeProperties['connectionString'] = parameters.add({
      name: `${resourceName}_connectionString`,
      type: 'secureString',
      withDefault: false,
      metadata: `Secure string for 'connectionString' of '${resourceName}'`,
    });
  const all = encryptedCredentialFields(connectorType, typeProperties);
  const fields = (all ?? []).filter((f) => typeProperties[f] === undefined);
  const entries = Object.entries(typeProperties);
  for (const key of Object.keys(typeProperties)) delete typeProperties[key];
  for (const [key, value] of entries) {
    if (key !== 'encryptedCredential') {
      typeProperties[key] = value;
      continue;
    }
    for (const field of fields)
      typeProperties[field] = {
        type: 'SecureString',
        value: parameters.add({
          name: `${resourceName}_${field}`,
          type: 'secureString',
          withDefault: false,
          metadata: `Secure string for '${field}' of '${resourceName}'`,
        }),
      };
  }
  return all !== undefined;
}
