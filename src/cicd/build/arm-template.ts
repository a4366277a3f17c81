import type { Diagnostic } from '../../errors/index.js';
import { createDiagnostic } from '../../errors/index.js';
import { isJsonObject, resourceKindOf } from '../../model/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { ArmParameterSet, fileEntry, referencedParameters, templateEntry } from './arm-parameters.js';
import { ARM_TYPE_ORDER, armResourceOf, referencedResources } from './arm-resources.js';
import type { ArmResourceSource, BuildResourceFile } from './arm-resources.js';
import { armQuote, isTreeObject, toArmJson, toTree } from './arm-tree.js';
import type { ArmTree } from './arm-tree.js';
import { DEFAULT_PARAMETER_TEMPLATE } from './default-parameter-template.js';
import { replaceEncryptedCredential } from './linked-service-secrets.js';
import { ARM_MAX_PARAMETERS, ARM_MAX_TEMPLATE_BYTES, createLinkedTemplates } from './linked-templates.js';
import { applyTemplate, isSecureStringObject, parameterizeSecureStrings } from './parameterize-resource.js';

export { ARM_MAX_PARAMETERS };

/** ARM API version of every Data Factory child resource ADF exports. */
export const ADF_API_VERSION = '2018-06-01';
export const ARM_TEMPLATE_SCHEMA =
  'http://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#';
export const ARM_PARAMETERS_SCHEMA =
  'https://schema.management.azure.com/schemas/2015-01-01/deploymentParameters.json#';

/** Input of createArmTemplate. */
export interface ArmTemplateInput {
  readonly files: readonly BuildResourceFile[];
  /** Default value of the `factoryName` parameter when the files hold no factory file. */
  readonly factoryName: string;
  /** The parsed arm-template-parameters-definition.json; undefined → ADF's default template. */
  readonly parameterDefinition?: JsonValue;
  /** The parsed publish_config.json of the repository root, if any. */
  readonly publishConfig?: JsonValue;
  /** Factories that published from the repository (its publish branch's folders). */
  readonly publishedFactories?: readonly string[];
}

/** ARMTemplateForFactory.json, its parameter file and the linked templates, as JSON values. */
export interface ArmTemplateSet {
  /** The factory the template is for (the selected `factory/*.json`, else the input's name). */
  readonly factoryName: string;
  readonly template: JsonObject;
  readonly parameters: JsonObject;
  /** `linkedTemplates/` file name → JSON. */
  readonly linkedTemplates: ReadonlyMap<string, JsonObject>;
  /** `<factory>_GlobalParameters.json` (the factory's global parameters, for ADF's update script). */
  readonly globalParameters: JsonObject;
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

function factoryProperties(file: BuildResourceFile | undefined): JsonObject {
  if (!file || !isJsonObject(file.json)) return {};
  return isJsonObject(file.json['properties']) ? file.json['properties'] : file.json;
}

function globalParametersOf(file: BuildResourceFile | undefined): JsonObject {
  const gps = factoryProperties(file)['globalParameters'];
  return isJsonObject(gps) ? gps : {};
}

function factoryNameOf(file: BuildResourceFile): string {
  const name = isJsonObject(file.json) ? file.json['name'] : undefined;
  return typeof name === 'string' && name !== ''
    ? name
    : file.path.replace(/^.*\//, '').replace(/\.json$/i, '');
}

/** A factory file as ADF writes it (`{name, location, identity, properties}`), not an ARM template left there. */
function isFactoryDefinition(file: BuildResourceFile): boolean {
  return (
    resourceKindOf(file.path) === 'factory' &&
    isJsonObject(file.json) &&
    file.json['$schema'] === undefined &&
    file.json['resources'] === undefined
  );
}

/**
 * The factory a repository's files are published as, when `factory/` holds several factory files (each
 * factory ever connected to the repository leaves its own): one that has published from the repository (a
 * folder of its publish branch), then the one whose global parameters define the most of the
 * `pipeline().globalParameters.<name>` the resources use, then one that defines global parameters at all,
 * then the first by file name. A warning names the choice and the others.
 */
function selectFactory(
  files: readonly BuildResourceFile[],
  published: readonly string[],
  diagnostics: Diagnostic[],
): BuildResourceFile | undefined {
  const factories = files.filter(isFactoryDefinition);
  if (factories.length <= 1) return factories[0];
  const used = new Set<string>();
  for (const f of files) {
    if (resourceKindOf(f.path) === 'factory') continue;
    for (const m of JSON.stringify(f.json).matchAll(/globalParameters\.([A-Za-z_][A-Za-z0-9_]*)/g))
      used.add(m[1]!);
  }
  const didPublish = new Set(published.map((n) => n.toLowerCase()));
  const score = (f: BuildResourceFile): number[] => {
    const gps = Object.keys(globalParametersOf(f));
    return [
      didPublish.has(factoryNameOf(f).toLowerCase()) ? 1 : 0,
      gps.filter((g) => used.has(g)).length,
      gps.length > 0 ? 1 : 0,
    ];
  };
  const chosen = [...factories].sort((a, b) => {
    const [x, y] = [score(a), score(b)];
    const i = x.findIndex((v, k) => v !== y[k]);
    return i >= 0 ? y[i]! - x[i]! : a.path < b.path ? -1 : 1;
  })[0]!;
  diagnostics.push(
    createDiagnostic(
      'warning',
      'build/several-factories',
      `factory/ holds ${factories.length} factory files; building for "${factoryNameOf(chosen)}" (others: ${factories
        .filter((f) => f !== chosen)
        .map(factoryNameOf)
        .join(', ')})`,
      { file: chosen.path, path: [] },
      'remove the factory files of factories that no longer publish from this repository',
    ),
  );
  return chosen;
}

/**
 * True when publish_config.json asks for global parameters in the ARM template (`includeGlobalParamsTemplate`,
 * https://learn.microsoft.com/azure/data-factory/author-global-parameters#cicd). Without it ADF leaves them out
 * of the template and writes them to `<factory>_GlobalParameters.json` for its update script.
 */
function includesGlobalParameters(publishConfig: JsonValue | undefined): boolean {
  return isJsonObject(publishConfig) && publishConfig['includeGlobalParamsTemplate'] === true;
}

/** Trigger pipeline references always carry `parameters` in ADF's export (`{}` when none are passed). */
function completeTriggerPipelines(r: ArmResourceSource, tree: ArmTree): void {
  const props = isTreeObject(tree) ? tree['properties'] : undefined;
  const pipelines = isTreeObject(props) ? props['pipelines'] : undefined;
  if (r.armType !== 'triggers' || !Array.isArray(pipelines)) return;
  for (const p of pipelines) if (isTreeObject(p) && p['parameters'] === undefined) p['parameters'] = {};
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
  const diagnostics: Diagnostic[] = [];
  const factory = selectFactory(input.files, input.publishedFactories ?? [], diagnostics);
  const factoryName = factory ? factoryNameOf(factory) : input.factoryName;
  const globals = globalParametersOf(factory);
  const gp: ArmResourceSource | undefined =
    factory && includesGlobalParameters(input.publishConfig) && Object.keys(globals).length > 0
      ? {
          armType: 'globalparameters',
          name: 'default',
          label: 'default',
          connectorType: undefined,
          properties: globals,
          file: factory.path,
        }
      : undefined;
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
    const properties = isTreeObject(tree) ? tree['properties'] : undefined;
    if (r.armType === 'linkedServices' && isTreeObject(properties)) {
      const typeProperties = properties['typeProperties'];
      if (!replaceEncryptedCredential(r.label, r.connectorType, typeProperties, parameters))
        diagnostics.push(
          createDiagnostic(
            'warning',
            'build/unknown-encrypted-credential',
            `the secret behind encryptedCredential of ${r.connectorType ?? 'this'} linked service "${r.name}" is not known to the build; it is left out of the template`,
            { file: r.file, path: ['properties', 'typeProperties', 'encryptedCredential'] },
            'store the secret in Azure Key Vault (an AzureKeyVaultSecret reference), or set it in the target factory',
          ),
        );
    }
    parameterizeSecureStrings(target, parameters);
    completeTriggerPipelines(r, tree);
    const self = `${r.armType}/${r.name}`.toLowerCase();
    const refs = [...referencedResources(r.properties)];
    if (r.armType === 'managedVirtualNetworks/managedPrivateEndpoints')
      refs.push(`managedVirtualNetworks/${r.name.split('/')[0] ?? 'default'}`);
    const dependsOn = [...new Set(refs.filter((k) => k.toLowerCase() !== self && known.has(k.toLowerCase())))]
      .sort()
      .map((k) => `[concat(variables('factoryId'), ${armQuote(`/${k}`)})]`);
    return {
      name: `[concat(parameters('factoryName'), ${armQuote(`/${r.name}`)})]`,
      type: `${PREFIX}${r.armType}`,
      apiVersion: ADF_API_VERSION,
      properties: properties === undefined ? {} : toArmJson(properties),
      dependsOn,
    };
  });
  const ordered = parameters.ordered(referencedParameters(resources));
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
  const template: JsonObject = {
    $schema: ARM_TEMPLATE_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      factoryName: { type: 'string', metadata: 'Data Factory name', defaultValue: factoryName },
      ...Object.fromEntries(ordered.map((p) => [p.name, templateEntry(p)])),
    },
    variables: { factoryId: "[concat('Microsoft.DataFactory/factories/', parameters('factoryName'))]" },
    resources,
  };
  const parameterFile: JsonObject = {
    $schema: ARM_PARAMETERS_SCHEMA,
    contentVersion: '1.0.0.0',
    parameters: {
      factoryName: { value: factoryName },
      ...Object.fromEntries(ordered.map((p) => [p.name, fileEntry(p)])),
    },
  };
  const size = Buffer.byteLength(JSON.stringify(template, null, 4), 'utf8');
  if (size > ARM_MAX_TEMPLATE_BYTES)
    diagnostics.push(
      createDiagnostic(
        'warning',
        'build/arm-template-too-large',
        `ARMTemplateForFactory.json is ${(size / 1024 / 1024).toFixed(1)} MB; ARM accepts at most 4 MB in one template`,
        { file: 'ARMTemplateForFactory.json', path: [] },
        'deploy linkedTemplates/ArmTemplate_master.json instead (its parts stay within the limit)',
      ),
    );
  return {
    factoryName,
    template,
    parameters: parameterFile,
    linkedTemplates: createLinkedTemplates(template, parameterFile, factoryName).files,
    globalParameters: globals,
    parameterCount: count,
    diagnostics,
  };
}
