import type { Connector, DatasetBinding, DatasetLocation, SchemaColumn } from '../contracts/index.js';
import type { DatasetProperties, JsonObject, JsonValue } from '../model/index.js';
import { isJsonObject } from '../model/index.js';
import { ConnectorErrorCode, connectorError, unsupportedCapability } from './connector-error.js';
import { createFileFormat } from './formats/create-file-format.js';
import { normalizeStorePath } from './store-path.js';

/**
 * Binds a file dataset (expressions already evaluated) to the store its location addresses and to its format.
 * `connector` is the dataset's linked service.
 */
export function bindDataset(
  name: string,
  properties: DatasetProperties,
  connector: Connector,
): DatasetBinding {
  const location = datasetLocation(name, properties.typeProperties);
  if (!connector.fileStore) throw unsupportedCapability(`linked service type ${connector.type}`, 'fileStore');
  const store = connector.fileStore(location);
  const folderPath = normalizeStorePath(location.folderPath ?? '');
  const fileName =
    location.fileName ?? (location.relativeUrl ? normalizeStorePath(location.relativeUrl) : undefined);
  const schema = schemaColumns(properties.schema ?? properties.structure);
  return {
    name,
    type: properties.type,
    store,
    folderPath,
    ...(fileName ? { fileName } : {}),
    format: createFileFormat(properties.type, properties.typeProperties, name),
    ...(schema ? { schema } : {}),
  };
}

/** The `location` of a dataset's typeProperties; `connector/unsupported-location` when missing. */
export function datasetLocation(name: string, tp: JsonObject): DatasetLocation {
  const loc = tp['location'];
  if (!isJsonObject(loc) || typeof loc['type'] !== 'string') {
    throw connectorError(
      ConnectorErrorCode.UnsupportedLocation,
      `dataset ${name}: typeProperties.location with a type is required`,
    );
  }
  const str = (key: string): string | undefined => {
    const v = loc[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const out: Record<string, string> = { type: loc['type'] };
  for (const key of ['folderPath', 'fileName', 'container', 'fileSystem', 'relativeUrl']) {
    const v = str(key);
    if (v !== undefined) out[key] = v;
  }
  return out as unknown as DatasetLocation;
}

/** The columns of a dataset `schema` (or legacy `structure`), or undefined when none are declared. */
export function schemaColumns(schema: JsonValue | undefined): readonly SchemaColumn[] | undefined {
  if (!Array.isArray(schema) || schema.length === 0) return undefined;
  const cols: SchemaColumn[] = [];
  for (const c of schema as readonly JsonValue[]) {
    if (isJsonObject(c) && typeof c['name'] === 'string') {
      cols.push(typeof c['type'] === 'string' ? { name: c['name'], type: c['type'] } : { name: c['name'] });
    }
  }
  return cols;
}
