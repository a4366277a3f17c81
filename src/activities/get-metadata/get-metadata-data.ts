import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataPlane, DatasetBinding, FileEntry } from '../../contracts/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { runReadRows, tableSql, userError } from '../copy/index.js';

/** The `fieldList` items GetMetadata understands (https://learn.microsoft.com/azure/data-factory/control-flow-get-metadata-activity#metadata-options). */
export const METADATA_FIELDS = [
  'itemName',
  'itemType',
  'size',
  'created',
  'lastModified',
  'childItems',
  'contentMD5',
  'structure',
  'columnCount',
  'exists',
] as const;

const ADF_TYPES: Readonly<Record<string, string>> = {
  VARCHAR: 'String',
  BIGINT: 'Int64',
  INTEGER: 'Int32',
  SMALLINT: 'Int16',
  TINYINT: 'SByte',
  UTINYINT: 'Byte',
  DOUBLE: 'Double',
  FLOAT: 'Single',
  BOOLEAN: 'Boolean',
  TIMESTAMP: 'DateTime',
  'TIMESTAMP WITH TIME ZONE': 'DateTimeOffset',
  DATE: 'DateTime',
  UUID: 'Guid',
  BLOB: 'Byte[]',
  INTERVAL: 'TimeSpan',
};

/**
 * GetMetadata over a file dataset: only the requested fields come back. A missing item yields `{exists: false}`
 * when `exists` is asked for, and fails otherwise.
 */
export async function getMetadata(
  dp: DataPlane,
  ds: DatasetBinding,
  settings: { readonly fieldList?: readonly string[]; readonly storeSettings?: unknown },
  signal?: AbortSignal,
): Promise<JsonObject> {
  const fields = settings.fieldList ?? [];
  for (const f of fields) {
    if (!(METADATA_FIELDS as readonly string[]).includes(f)) {
      throw userError(
        'get-metadata/unknown-field',
        `fieldList item "${f}" is not supported; supported: ${METADATA_FIELDS.join(', ')}`,
      );
    }
  }
  const path = ds.fileName
    ? ds.folderPath
      ? `${ds.folderPath}/${ds.fileName}`
      : ds.fileName
    : ds.folderPath;
  const entry = await ds.store.stat(path);
  if (!entry) {
    if (fields.includes('exists')) return { exists: false };
    throw userError('get-metadata/not-found', `dataset ${ds.name}: "${path || '/'}" does not exist`);
  }
  const out: Record<string, JsonValue> = {};
  for (const f of fields) {
    if (f === 'exists') out['exists'] = true;
    else if (f === 'itemName') out['itemName'] = entry.name;
    else if (f === 'itemType') out['itemType'] = entry.isDirectory ? 'Folder' : 'File';
    else if (f === 'size' && !entry.isDirectory) out['size'] = entry.size;
    else if (f === 'created' && entry.created) out['created'] = entry.created.toISOString();
    else if (f === 'lastModified') out['lastModified'] = entry.lastModified.toISOString();
    else if (f === 'childItems' && entry.isDirectory)
      out['childItems'] = await childItems(dp, ds, path, settings.storeSettings);
    else if (f === 'contentMD5' && !entry.isDirectory && ds.store.md5)
      out['contentMD5'] = (await ds.store.md5(path)) ?? null;
  }
  if ((fields.includes('structure') || fields.includes('columnCount')) && !entry.isDirectory) {
    const structure = await structureOf(dp, ds, entry, signal);
    if (fields.includes('structure')) out['structure'] = structure;
    if (fields.includes('columnCount')) out['columnCount'] = structure.length;
  }
  return out;
}

async function childItems(
  dp: DataPlane,
  ds: DatasetBinding,
  folder: string,
  storeSettings: unknown,
): Promise<JsonValue[]> {
  const { modifiedDatetimeStart: from, modifiedDatetimeEnd: to } = dp.readSettings(storeSettings, false);
  const filtered = from !== undefined || to !== undefined;
  const children = await ds.store.list(folder);
  return children
    .filter(
      (e) =>
        !filtered || (!e.isDirectory && (!from || e.lastModified >= from) && (!to || e.lastModified < to)),
    )
    .map((e) => ({ name: e.name, type: e.isDirectory ? 'Folder' : 'File' }));
}

async function structureOf(
  dp: DataPlane,
  ds: DatasetBinding,
  entry: FileEntry,
  signal?: AbortSignal,
): Promise<JsonValue[]> {
  if (!ds.format.tabular || ds.format.kind === 'Json') {
    throw userError(
      'get-metadata/unsupported-field',
      `structure and columnCount are not available for ${ds.format.kind} datasets`,
    );
  }
  const tmpDir = await mkdtemp(join(tmpdir(), 'millrace-meta-'));
  const session = await dp.openSession();
  try {
    const staged = await dp.stageForRead(ds, entry, tmpDir, signal);
    const target = { path: entry.path, inputs: [{ entry, relativePath: entry.name }] };
    const table = await tableSql(
      dp,
      session,
      ds,
      [staged.localPath],
      { decoded: staged.decoded },
      false,
      target,
    );
    const rows = await runReadRows(session, `DESCRIBE SELECT * FROM ${table}`, target);
    return rows.map((r) => ({
      name: textOf(r['column_name']),
      type: ADF_TYPES[textOf(r['column_type'])] ?? textOf(r['column_type']),
    }));
  } finally {
    session.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** A cell as text (strings as they are, other values as JSON). */
function textOf(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}
