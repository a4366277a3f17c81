import { isJsonObject, resourceKindOf } from '../../model/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';

/** A resource file of the factory as built: its factory-relative path and parsed JSON (untouched). */
export interface BuildResourceFile {
  readonly path: string;
  readonly json: JsonValue;
}

/** A factory resource as it goes into the ARM template. */
export interface ArmResourceSource {
  /** ARM child type after `Microsoft.DataFactory/factories/` (`pipelines`, `linkedServices`, …). */
  readonly armType: string;
  /** Name below the factory (`PL_Load`, `default/mpe_sql`). */
  readonly name: string;
  /** The last name segment, used in generated parameter names. */
  readonly label: string;
  /** Connector/resource type (`properties.type`): selects linked-service and dataset template sections. */
  readonly connectorType: string | undefined;
  readonly properties: JsonObject;
  readonly file: string;
}

/** Deployment order of the ARM types (a type only references types before it). */
export const ARM_TYPE_ORDER = [
  'globalparameters',
  'managedVirtualNetworks',
  'managedVirtualNetworks/managedPrivateEndpoints',
  'integrationRuntimes',
  'credentials',
  'linkedServices',
  'datasets',
  'dataflows',
  'adfcdcs',
  'pipelines',
  'triggers',
] as const;

const KIND_TO_ARM: Readonly<Record<string, string>> = {
  pipeline: 'pipelines',
  dataset: 'datasets',
  linkedService: 'linkedServices',
  trigger: 'triggers',
  dataflow: 'dataflows',
  integrationRuntime: 'integrationRuntimes',
  credential: 'credentials',
  adfcdc: 'adfcdcs',
};

/** Reference object `type` → ARM child type of the referenced resource. */
const REFERENCE_TO_ARM: Readonly<Record<string, string>> = {
  linkedservicereference: 'linkedServices',
  datasetreference: 'datasets',
  pipelinereference: 'pipelines',
  integrationruntimereference: 'integrationRuntimes',
  dataflowreference: 'dataflows',
  credentialreference: 'credentials',
  managedvirtualnetworkreference: 'managedVirtualNetworks',
  triggerreference: 'triggers',
};

/** Top-level keys of a resource file that describe the file, not the resource's properties. */
const FILE_LEVEL_KEYS = new Set(['name', 'type', 'etag', 'id']);

/**
 * The properties of a resource file: its `properties` object (ADF's Git format), else the file without its
 * file-level `name`/`type`/`etag` (Millrace also reads unwrapped files; those keys are never properties).
 */
function propertiesOf(top: JsonObject): JsonObject {
  if (isJsonObject(top['properties'])) return top['properties'];
  return Object.fromEntries(
    Object.entries(top).filter(([k]) => !FILE_LEVEL_KEYS.has(k)),
  ) satisfies JsonObject;
}

/**
 * The build's kind of a factory-relative path: the model's resource kinds, plus change data capture
 * (`adfcdc/`, deployed as `Microsoft.DataFactory/factories/adfcdcs`), which only the build handles.
 */
export function buildKindOf(path: string): string | undefined {
  const kind = resourceKindOf(path);
  if (kind !== undefined) return kind;
  return /^adfcdc\/.+\.json$/i.test(path) ? 'adfcdc' : undefined;
}

function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.json$/i, '');
}

/**
 * The ARM resource of a factory file, or undefined for files that are not deployed as a child resource
 * (the factory file, handled as global parameters; Synapse notebooks).
 */
export function armResourceOf(file: BuildResourceFile): ArmResourceSource | undefined {
  const kind = buildKindOf(file.path);
  if (!kind || !isJsonObject(file.json)) return undefined;
  const top = file.json;
  const properties = propertiesOf(top);
  const label = typeof top['name'] === 'string' && top['name'] !== '' ? top['name'] : fileName(file.path);
  const connectorType = typeof properties['type'] === 'string' ? properties['type'] : undefined;
  if (kind === 'managedVirtualNetwork') {
    const endpoint = /\/managedPrivateEndpoint\//i.test(file.path);
    const vnet = file.path.split('/')[1]?.replace(/\.json$/i, '') ?? 'default';
    return endpoint
      ? {
          armType: 'managedVirtualNetworks/managedPrivateEndpoints',
          name: `${vnet}/${label}`,
          label,
          connectorType,
          properties,
          file: file.path,
        }
      : { armType: 'managedVirtualNetworks', name: label, label, connectorType, properties, file: file.path };
  }
  const armType = KIND_TO_ARM[kind];
  return armType === undefined
    ? undefined
    : { armType, name: label, label, connectorType, properties, file: file.path };
}

/**
 * The resources a resource references (`{referenceName, type: "…Reference"}` anywhere in its properties),
 * as `<armType>/<name>` keys. References by expression are skipped (ARM cannot know them).
 */
export function referencedResources(properties: JsonValue): Set<string> {
  const out = new Set<string>();
  const visit = (node: JsonValue): void => {
    if (Array.isArray(node)) {
      for (const child of node as readonly JsonValue[]) visit(child);
      return;
    }
    if (!isJsonObject(node)) return;
    const name = node['referenceName'];
    const type = node['type'];
    const armType = typeof type === 'string' ? REFERENCE_TO_ARM[type.toLowerCase()] : undefined;
    if (armType !== undefined && typeof name === 'string' && !name.startsWith('@'))
      out.add(`${armType}/${name}`);
    for (const v of Object.values(node)) if (v !== undefined) visit(v);
  };
  visit(properties);
  return out;
}
