import { isJsonObject } from '../../model/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { referencedParameters } from './arm-parameters.js';
import { armQuote } from './arm-tree.js';

/** ARM's limits on one template (https://learn.microsoft.com/azure/azure-resource-manager/templates/best-practices#template-limits). */
export const ARM_MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;
export const ARM_MAX_PARAMETERS = 256;
export const ARM_MAX_RESOURCES = 800;
/** Resources per linked template in ADF's exports (`ArmTemplate_N.json` holds at most 20). */
export const ADF_RESOURCES_PER_LINKED_TEMPLATE = 20;
/** ARM API version of the `Microsoft.Resources/deployments` of ADF's current `ArmTemplate_master.json`. */
export const DEPLOYMENTS_API_VERSION = '2024-03-01';

export const LINKED_TEMPLATES_DIR = 'linkedTemplates';
export const MASTER_TEMPLATE_FILE = 'ArmTemplate_master.json';
export const MASTER_PARAMETERS_FILE = 'ArmTemplateParameters_master.json';

/** `linkedTemplates/` of a template: file name (below the folder) → JSON. */
export interface LinkedTemplateSet {
  readonly files: ReadonlyMap<string, JsonObject>;
  /** Resource names (ARM `name` expressions) of each part, in order. */
  readonly parts: readonly (readonly string[])[];
}

function resourcesOf(template: JsonObject): JsonObject[] {
  const r = template['resources'];
  return Array.isArray(r) ? (r as JsonValue[]).filter(isJsonObject) : [];
}

function dependsOnOf(resource: JsonObject): string[] {
  const d = resource['dependsOn'];
  return Array.isArray(d) ? (d as JsonValue[]).filter((x): x is string => typeof x === 'string') : [];
}

/** `[concat(variables('factoryId'), '/pipelines/P')]` ↔ `[concat(parameters('factoryName'), '/P')]` of type pipelines. */
const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');

function resourceKey(resource: JsonObject): string {
  const type = text(resource['type']).replace(/^Microsoft\.DataFactory\/factories\//i, '');
  const name = text(resource['name']).match(/'\/(.*)'\)\]$/)?.[1] ?? '';
  return `${type}/${name}`.toLowerCase();
}

function dependencyKey(dep: string): string {
  return (dep.match(/'\/(.*)'\)\]$/)?.[1] ?? dep).toLowerCase();
}

/**
 * Orders the resources as ADF's linked templates do: by dependency depth (a resource with no dependency in the
 * template is depth 0, any other is one more than its deepest dependency), the template's order kept within
 * a depth. Every part then only depends on earlier parts.
 */
function byDepth(resources: readonly JsonObject[]): JsonObject[] {
  const byKey = new Map(resources.map((r) => [resourceKey(r), r]));
  const depth = new Map<string, number>();
  const visit = (key: string, stack: Set<string>): number => {
    const known = depth.get(key);
    if (known !== undefined) return known;
    const r = byKey.get(key);
    if (r === undefined || stack.has(key)) return -1;
    stack.add(key);
    let d = 0;
    for (const dep of dependsOnOf(r)) d = Math.max(d, visit(dependencyKey(dep), stack) + 1);
    stack.delete(key);
    depth.set(key, d);
    return d;
  };
  return resources
    .map((r, i) => ({ r, i, d: visit(resourceKey(r), new Set()) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.r);
}

function bytes(value: JsonValue): number {
  return Buffer.byteLength(JSON.stringify(value, null, 4), 'utf8');
}

/**
 * Splits a template's resources into parts of at most ADF's 20 resources, closing a part early when it would
 * pass ARM's 4 MB or 256 parameters.
 */
function split(resources: readonly JsonObject[]): JsonObject[][] {
  const parts: JsonObject[][] = [];
  let part: JsonObject[] = [];
  let size = 0;
  let params = new Set<string>();
  for (const r of byDepth(resources)) {
    const rSize = bytes(r);
    const rParams = referencedParameters(r).map((p) => p.toLowerCase());
    const merged = new Set([...params, ...rParams]);
    const full =
      part.length >= Math.min(ADF_RESOURCES_PER_LINKED_TEMPLATE, ARM_MAX_RESOURCES) ||
      size + rSize > ARM_MAX_TEMPLATE_BYTES * 0.9 ||
      merged.size + 1 > ARM_MAX_PARAMETERS;
    if (part.length > 0 && full) {
      parts.push(part);
      part = [];
      size = 0;
      params = new Set(rParams);
    } else params = merged;
    part.push(r);
    size += rSize;
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

/** The parameters a set of resources uses: `factoryName`, then secure ones, then the others, each by first use. */
function partParameters(template: JsonObject, resources: readonly JsonObject[]): [string, JsonValue][] {
  const all = isJsonObject(template['parameters']) ? template['parameters'] : {};
  const byLower = new Map(Object.keys(all).map((k) => [k.toLowerCase(), k]));
  const used = referencedParameters(resources as JsonValue)
    .map((p) => byLower.get(p.toLowerCase()))
    .filter((p): p is string => p !== undefined && p !== 'factoryName');
  const secure = (name: string): boolean => {
    const spec = all[name];
    return (
      isJsonObject(spec) &&
      typeof spec['type'] === 'string' &&
      spec['type'].toLowerCase().startsWith('secure')
    );
  };
  const names = ['factoryName', ...used.filter(secure), ...used.filter((p) => !secure(p))];
  return names.filter((n) => all[n] !== undefined).map((n) => [n, all[n]!]);
}

/**
 * The `linkedTemplates/` folder ADF's publish writes beside the single template
 * (https://learn.microsoft.com/azure/data-factory/continuous-integration-delivery-linked-templates):
 * `ArmTemplate_0.json` … (each within ARM's limits, each part depending on the one before it, a resource's
 * `dependsOn` keeping only resources of its own part), `ArmTemplate_master.json` deploying them in order from
 * `containerUri` + `containerSasToken`, and `ArmTemplateParameters_master.json`.
 */
export function createLinkedTemplates(
  template: JsonObject,
  parameterFile: JsonObject,
  factoryName: string,
): LinkedTemplateSet {
  const files = new Map<string, JsonObject>();
  const parts = split(resourcesOf(template));
  const deployment = (i: number): string => `${factoryName}_ArmTemplate_${i}`;
  const masterResources: JsonObject[] = [];
  parts.forEach((part, i) => {
    const keys = new Set(part.map(resourceKey));
    const resources = part.map((r) => ({
      ...r,
      dependsOn: dependsOnOf(r).filter((d) => keys.has(dependencyKey(d))),
    }));
    const parameters = partParameters(template, resources);
    files.set(`ArmTemplate_${i}.json`, {
      $schema: template['$schema'] ?? null,
      contentVersion: '1.0.0.0',
      parameters: Object.fromEntries(parameters),
      variables: template['variables'] ?? {},
      resources,
    });
    masterResources.push({
      name: deployment(i),
      type: 'Microsoft.Resources/deployments',
      apiVersion: DEPLOYMENTS_API_VERSION,
      properties: {
        mode: 'incremental',
        templateLink: {
          uri: `[concat(parameters('containerUri'), ${armQuote(`/ArmTemplate_${i}.json`)}, parameters('containerSasToken'))]`,
          contentVersion: '1.0.0.0',
        },
        parameters: Object.fromEntries(
          parameters.map(([name]) => [name, { value: `[parameters(${armQuote(name)})]` }]),
        ),
      },
      dependsOn:
        i === 0 ? [] : [`[resourceId('Microsoft.Resources/deployments', ${armQuote(deployment(i - 1))})]`],
    });
  });
  const templateParameters = isJsonObject(template['parameters']) ? template['parameters'] : {};
  files.set(MASTER_TEMPLATE_FILE, {
    $schema: template['$schema'] ?? null,
    contentVersion: '1.0.0.0',
    parameters: {
      ...templateParameters,
      containerUri: { type: 'string', metadata: 'URI to storage account containing linked ARM templates' },
      containerSasToken: {
        type: 'string',
        metadata: 'Sas token to storage account containing linked ARM templates',
      },
    },
    variables: template['variables'] ?? {},
    resources: masterResources,
  });
  const fileParameters = isJsonObject(parameterFile['parameters']) ? parameterFile['parameters'] : {};
  files.set(MASTER_PARAMETERS_FILE, {
    ...parameterFile,
    parameters: { ...fileParameters, containerUri: { value: '' }, containerSasToken: { value: '' } },
  });
  return { files, parts: parts.map((p) => p.map((r) => text(r['name']))) };
}
