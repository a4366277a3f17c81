import { randomUUID } from 'node:crypto';
import type { DatasetBinding, SelectedFile, Selection } from '../../contracts/index.js';
import { userError } from './data-access.js';

/** ADF `copyBehavior` values. */
export const CopyBehavior = {
  PreserveHierarchy: 'PreserveHierarchy',
  FlattenHierarchy: 'FlattenHierarchy',
  MergeFiles: 'MergeFiles',
} as const;
export type CopyBehavior = (typeof CopyBehavior)[keyof typeof CopyBehavior];

/** One sink file and the source files that make it. */
export interface CopyTarget {
  readonly path: string;
  readonly inputs: readonly SelectedFile[];
}

const KNOWN_EXTENSIONS = /\.(csv|tsv|txt|parquet|json|jsonl|ndjson)(\.gz)?$/i;

/** Parses `sink.storeSettings.copyBehavior` (default PreserveHierarchy). */
export function copyBehaviorOf(value: unknown): CopyBehavior {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (value === undefined || value === null || value === '') return CopyBehavior.PreserveHierarchy;
  const found = Object.values(CopyBehavior).find((b) => b.toLowerCase() === text.toLowerCase());
  if (!found) {
    throw userError(
      'copy/invalid-setting',
      `sink.storeSettings.copyBehavior "${text}" is not one of ${Object.values(CopyBehavior).join(', ')}`,
    );
  }
  return found;
}

/**
 * Plans the sink files. MergeFiles → one file (the sink's fileName, else `Data.<activityRunId><ext>`);
 * a single source file with a sink fileName → that file; PreserveHierarchy → the same relative paths (the
 * extension follows the sink format when the format changes); FlattenHierarchy → generated names at the first level.
 */
export function planTargets(
  selection: Selection,
  source: DatasetBinding,
  sink: DatasetBinding,
  behavior: CopyBehavior,
  activityRunId: string,
): CopyTarget[] {
  const folder = sink.folderPath;
  const at = (name: string): string => (folder === '' ? name : `${folder}/${name}`);
  const files = selection.files;
  if (files.length === 0) return [];
  if (sink.fileName !== undefined && /[*?]/.test(sink.fileName)) {
    throw userError('copy/invalid-setting', `sink dataset ${sink.name}: fileName may not hold a wildcard`);
  }
  if (behavior === CopyBehavior.MergeFiles) {
    return [{ path: at(sink.fileName ?? `Data.${activityRunId}${sink.format.extension}`), inputs: files }];
  }
  if (sink.fileName !== undefined && files.length === 1) {
    return [{ path: at(sink.fileName), inputs: files }];
  }
  const rename = (rel: string): string =>
    source.format.kind === sink.format.kind && source.format.extension === sink.format.extension
      ? rel
      : rel.replace(KNOWN_EXTENSIONS, '') + sink.format.extension;
  if (behavior === CopyBehavior.FlattenHierarchy) {
    return files.map((f) => ({
      path: at(
        `Data.${activityRunId}.${randomUUID()}${sink.format.extension || extensionOf(f.relativePath)}`,
      ),
      inputs: [f],
    }));
  }
  return files.map((f) => ({ path: at(rename(f.relativePath)), inputs: [f] }));
}

function extensionOf(path: string): string {
  const m = /(\.[^./]+)$/.exec(path);
  return m?.[1] ?? '';
}
