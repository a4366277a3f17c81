import type { Diagnostic } from '../../errors/index.js';
import { createDiagnostic } from '../../errors/index.js';
import { isJsonObject, resourceKindOf } from '../../model/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { ArmParameterSet } from './arm-parameters.js';
import { ARM_TYPE_ORDER, armResourceOf, referencedResources } from './arm-resources.js';
import type { ArmResourceSource, BuildResourceFile } from './arm-resources.js';
import { armQuote, isTreeObject, toArmJson, toTree } from './arm-tree.js';
import type { ArmTree } from './arm-tree.js';
import { DEFAULT_PARAMETER_TEMPLATE } from './default-parameter-template.js';
import { applyTemplate, isSecureStringObject, parameterizeSecureStrings } from './parameterize-resource.js';

/** ARM API version of every Data Factory child resource ADF exports. */
export const ADF_API_VERSION = '2018-06-01';
export const ARM_TEMPLATE_SCHEMA =
  'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#';
export const ARM_PARAMETERS_SCHEMA =
  'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#';
/** ARM's limit on parameters per template. */
export const ARM_MAX_PARAMETERS = 256;

/** Input of createArmTemplate. */
export interface ArmTemplateInput {
  readonly files: readonly BuildResourceFile[];
  /** Default value of the `factoryName` parameter. */
  readonly factoryName: string;
  /** The parsed arm-template-parameters-definition.json; undefined → ADF's default template. */
  readonly parameterDefinition?: JsonValue;
}

/** ARMTemplateForFactory.json and ARMTemplateParametersForFactory.json, as JSON values. */
export interface ArmTemplateSet {
  readonly template: JsonObject;
  readonly parameters: JsonObject;
  readonly parameterCount: number;
  readonly diagnostics: readonly Diagnostic[];
}

const PREFIX = 'Microsoft.DataFactory/factories/';

function section(definition: JsonObject, armType: string): JsonValue | undefined {
  const want = `${PREFIX}${armType}`.toLowerCase();
  const key = Object.keys(definition).find((k) => k.toLowerCase() === want);
  return key === undefined ? undefined : definition[key];
}

/** The template sections that apply to a resource, most general first, with their paths for errors. */
function sectionsFor(definition: JsonObject, r: ArmResourceSource): [JsonValue[], string[][]] {
  const s = section(definition, r.armType);
  if (s === undefined) return [[], []];
  const key = Object.keys(definition).find((k) => k.toLowerCase() === `${PREFIX}${r.armType}`.toLowerCase())!;
  if (r.armType !== 'linkedServices' && r.armType !== 'datasets') return [[s], [[key]]];
  if (!isJsonObject(s)) return [[], []];
  const out: [JsonValue[], string[][]] = [[], []];
  const typed = Object.keys(s).find((k) => k !== '*' && k.toLowerCase() === r.connectorType?.toLowerCase());
  for (const k of ['*', ...(typed === undefined ? [] : [typed])]) {
    const v = s[k];
    if (v !== undefined) {
      out[0].push(v);
      out[1].push([key, k]);
    }
  }
  return out;
}

/** SecureString pipeline parameters keep no default value in the template: each becomes a secureString. */
function parameterizeSecureDefaults(r: ArmResourceSource, tree: ArmTree, parameters: ArmParameterSet): void {
  const props = isTreeObject(tree) ? tree['properties'] : undefined;
  const specs = isTreeObject(props) ? props['parameters'] : undefined;
  if (r.armType !== 'pipelines' || !isTreeObject(specs)) return;
  for (const [name, spec] of Object.entries(specs)) {
    if (!isSecureStringObject(spec) || spec['defaultValue'] === undefined) continue;
    spec['defaultValue'] = parameters.add({
      name: `${r.label}_properties_parameters_${name}_defaultValue`,
      type: 'secureString',
      withDefault: false,
    });
  }
}

function compareResources(a: ArmResourceSource, b: ArmResourceSource): number {
  const order = (r: ArmResourceSource): number => (ARM_TYPE_ORDER as readonly string[]).indexOf(r.armType);
  if (order(a) !== order(b)) return order(a) - order(b);
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The global-parameters resource (`globalparameters/default`) from the factory file, if it defines any. */
function globalParametersResource(files: readonly BuildResourceFile[]): ArmResourceSource | undefined {
  const file = files.find((f) => resourceKindOf(f.path) === 'factory');
  if (!file || !isJsonObject(file.json)) return undefined;
  const props = isJsonObject(file.json['properties']) ? file.json['properties'] : file.json;
  const gps = props['globalParameters'];
  if (!isJsonObject(gps) || Object.keys(gps).length === 0) return undefined;
  return {
    armType: 'globalparameters',
    name: 'default',
    label: 'default',
    connectorType: undefined,
    properties: gps,
    file: file.path,
  };
}

/**
 * Builds the ADF ARM template set of a factory (https://learn.microsoft.com/azure/data-factory/continuous-integration-delivery): one child resource per factory resource
 * in deployment order, with `dependsOn` on the resources it references, parameterized by the custom (or the
 * default) parameterization template, and every inline secret replaced by a `secureString` parameter.
 * Pure and deterministic: the same files give the same JSON.
 */
export function createArmTemplate(input: ArmTemplateInput): ArmTemplateSet {
  const definition = isJsonObject(input.parameterDefinition)
    ? input.parameterDefinition
    : DEFAULT_PARAMETER_TEMPLATE;
  const gp = globalParametersResource(input.files);
  const sources = [
    ...(gp ? [gp] : []),
    ...input.files.map(armResourceOf).filter((r): r is ArmResourceSource => r !== undefined),
  ].sort(compareResources);
  const known = new Set(sources.map((r) => `${r.armType}/${r.name}`.toLowerCase()));
  const parameters = new ArmParameterSet();
  const resources = sources.map((r) => {
    const tree = toTree({ properties: r.properties });
    const target = { resourceName: r.label, tree };
    const [sections, paths] = sectionsFor(definition, r);
    applyTemplate(target, sections, paths, parameters);
    parameterizeSecureDefaults(r, tree, parameters);
    parameterizeSecureStrings(target, parameters);
    const self = `${r.armType}/${r.name}`.toLowerCase();
    const refs = [...referencedResources(r.properties)];
    if (r.armType === 'managedVirtualNetworks/managedPrivateEndpoints')
      refs.push(`managedVirtualNetworks/${r.name.split('/')[0] ?? 'default'}`);
    const dependsOn = [...new Set(refs.filter((k) => k.toLowerCase() !== self && known.has(k.toLowerCase())))]
      .sort()
      .map((k) => `[concat(variables('factoryId'), ${armQuote(`/${k}`)})]`);
    const properties = isTreeObject(tree) ? tree['properties'] : undefined;
    return {
      name: `[concat(parameters('factoryName'), ${armQuote(`/${r.name}`)})]`,
      type: `${PREFIX}${r.armType}`,
      apiVersion: ADF_API_VERSION,
      properties: properties === undefined ? {} : toArmJson(properties),
      dependsOn,
    };
  });
  const diagnostics: Diagnostic[] = [];
  const count = parameters.size + 1;
  if (count > ARM_MAX_PARAMETERS)
    diagnostics.push(
      createDiagnostic(
        'warning',
        'build/too-many-arm-parameters',
        `the ARM template has ${count} parameters; ARM allows at most ${ARM_MAX_PARAMETERS}`,
        { file: 'arm-template-parameters-definition.json', path: [] },
        'trim the parameterization template, or use global parameters',
      ),
    );
  return {
    template: {
      $schema: ARM_TEMPLATE_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: {
        factoryName: { type: 'string', metadata: 'Data Factory name', defaultValue: input.factoryName },
        ...Object.fromEntries(parameters.templateEntries()),
      },
      variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
      resources,
    },
    parameters: {
      $schema: ARM_PARAMETERS_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: {
        factoryName: { value: input.factoryName },
        ...Object.fromEntries(parameters.fileEntries()),
      },
    },
    parameterCount: count,
    diagnostics,
  };
}
