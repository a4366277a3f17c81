import type { DataPlane, DatasetBinding, FileStore } from '../../contracts/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import type { LogStoreResolver } from '../copy/index.js';

/**
 * Delete (https://learn.microsoft.com/azure/data-factory/delete-activity): the dataset's file(s) (wildcards in `fileName`, `modifiedDatetimeStart/End`), or a folder's
 * files; with `recursive` (default false) and no file name, the folder itself. With `enableLogging`, a CSV
 * `Name,Category,Status,Error` goes to `logStorageSettings`.
 */
export async function deleteData(
  dp: DataPlane,
  ds: DatasetBinding,
  settings: {
    /** `recursive` (default false), wildcards, modified-time bounds. */
    readonly storeSettings?: unknown;
    readonly enableLogging?: boolean;
    /** `linkedServiceName` and `path` of the log CSV. */
    readonly logStorageSettings?: JsonObject | undefined;
  },
  context: {
    readonly activityRunId: string;
    readonly logStore?: LogStoreResolver;
    readonly signal?: AbortSignal;
  },
): Promise<JsonObject> {
  const started = Date.now();
  const read = dp.readSettings(settings.storeSettings, false);
  const selection = await dp.selectFiles(ds, read, context.signal);
  const log: string[][] = [];
  for (const f of selection.files) {
    await ds.store.delete(f.entry.path);
    log.push([f.entry.path, 'File', 'Deleted', '']);
  }
  const wholeFolder =
    read.recursive && ds.fileName === undefined && !read.modifiedDatetimeStart && !read.modifiedDatetimeEnd;
  if (wholeFolder && (await ds.store.stat(ds.folderPath))) {
    await ds.store.delete(ds.folderPath);
    log.push([ds.folderPath, 'Folder', 'Deleted', '']);
  }
  const out: Record<string, JsonValue> = {
    datasetName: ds.name,
    type: ds.type,
    prefix: ds.folderPath,
    recursive: read.recursive,
    isWildcardUsed: selection.wildcardUsed,
    maxConcurrentConnections: 1,
    filesDeleted: selection.files.length,
  };
  const logSettings = settings.logStorageSettings;
  if (settings.enableLogging === true && logSettings && context.logStore) {
    const path = typeof logSettings['path'] === 'string' ? logSettings['path'] : '';
    const { store, folder } = await context.logStore(logSettings['linkedServiceName'] ?? null, path);
    out['logPath'] = await writeLog(store, `${folder ? `${folder}/` : ''}${context.activityRunId}.csv`, log);
  }
  out['executionDuration'] = Math.round((Date.now() - started) / 1000);
  return out;
}

async function writeLog(store: FileStore, path: string, rows: readonly string[][]): Promise<string> {
  const csv = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const handle = await store.openWrite(path);
  handle.stream.end(
    ['Name,Category,Status,Error', ...rows.map((r) => r.map(csv).join(','))].join('\r\n') + '\r\n',
  );
  await handle.commit();
  return path;
}
