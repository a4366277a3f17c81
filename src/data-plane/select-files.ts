import type { DatasetBinding, FileEntry, ReadSettings, Selection } from '../contracts/index.js';
import type { JsonObject } from '../model/index.js';
import { dataPlaneError } from './data-plane-error.js';
import { hasWildcard, literalPrefix, wildcardToRegExp } from '../model/index.js';

/** Reads `storeSettings` JSON (already evaluated) into `ReadSettings`. */
export function readSettings(storeSettings: unknown, recursiveDefault = true): ReadSettings {
  const s = (typeof storeSettings === 'object' && storeSettings !== null ? storeSettings : {}) as JsonObject;
  const str = (k: string): string | undefined => {
    const v = s[k];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const date = (k: string): Date | undefined => {
    const v = str(k);
    if (v === undefined) return undefined;
    const d = new Date(v);
    if (Number.isNaN(d.getTime()))
      throw dataPlaneError('copy/invalid-setting', `storeSettings.${k}: "${v}" is not a datetime`);
    return d;
  };
  const start = date('modifiedDatetimeStart');
  const end = date('modifiedDatetimeEnd');
  const folder = str('wildcardFolderPath');
  const file = str('wildcardFileName');
  return {
    recursive:
      s['recursive'] === undefined || s['recursive'] === null ? recursiveDefault : s['recursive'] === true,
    deleteFilesAfterCompletion: s['deleteFilesAfterCompletion'] === true,
    ...(folder !== undefined ? { wildcardFolderPath: folder } : {}),
    ...(file !== undefined ? { wildcardFileName: file } : {}),
    ...(start ? { modifiedDatetimeStart: start } : {}),
    ...(end ? { modifiedDatetimeEnd: end } : {}),
  };
}

/** Selects the files a dataset plus read settings address (ADF's folder/file, wildcard and modified-time rules). */
export async function selectFiles(
  ds: DatasetBinding,
  settings: ReadSettings,
  signal?: AbortSignal,
): Promise<Selection> {
  const opts = signal ? { signal } : {};
  let files: FileEntry[];
  let base = ds.folderPath;
  let single = false;
  const wildcardUsed =
    settings.wildcardFolderPath !== undefined ||
    settings.wildcardFileName !== undefined ||
    (ds.fileName !== undefined && hasWildcard(ds.fileName));
  if (settings.wildcardFolderPath !== undefined || settings.wildcardFileName !== undefined) {
    const folderPattern = trimSlashes(settings.wildcardFolderPath ?? ds.folderPath);
    const fileRe = wildcardToRegExp(settings.wildcardFileName ?? ds.fileName ?? '*');
    const folderRe = wildcardToRegExp(folderPattern);
    base = literalPrefix(folderPattern);
    const all = await ds.store.list(base, { ...opts, recursive: true });
    files = all.filter((e) => {
      if (e.isDirectory || !fileRe.test(e.name)) return false;
      const folder = parentOf(e.path);
      if (folderRe.test(folder)) return true;
      return settings.recursive && ancestors(folder).some((a) => folderRe.test(a));
    });
  } else if (ds.fileName !== undefined && hasWildcard(ds.fileName)) {
    const listed = await ds.store.list(ds.folderPath, {
      ...opts,
      recursive: settings.recursive,
      wildcard: ds.fileName,
    });
    const re = wildcardToRegExp(ds.fileName);
    files = listed.filter((e) => !e.isDirectory && re.test(e.name));
  } else if (ds.fileName !== undefined) {
    const path = ds.folderPath === '' ? ds.fileName : `${ds.folderPath}/${ds.fileName}`;
    const entry = await ds.store.stat(path);
    if (!entry || entry.isDirectory) {
      throw dataPlaneError('copy/source-not-found', `dataset ${ds.name}: file "${path}" does not exist`);
    }
    files = [entry];
    single = true;
  } else {
    const listed = await ds.store.list(ds.folderPath, { ...opts, recursive: settings.recursive });
    files = listed.filter((e) => !e.isDirectory);
  }
  const { modifiedDatetimeStart: from, modifiedDatetimeEnd: to } = settings;
  files = files.filter((e) => (!from || e.lastModified >= from) && (!to || e.lastModified < to));
  return {
    files: files.map((entry) => ({ entry, relativePath: relativeTo(base, entry.path) })),
    baseFolder: base,
    singleFile: single,
    wildcardUsed,
  };
}

function trimSlashes(p: string): string {
  return p.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function ancestors(folder: string): string[] {
  const out: string[] = [];
  let f = folder;
  while (f !== '') {
    f = parentOf(f);
    out.push(f);
  }
  return out;
}

function relativeTo(base: string, path: string): string {
  if (base === '') return path;
  return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : path;
}
