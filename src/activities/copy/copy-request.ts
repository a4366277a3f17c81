import type { AnyDatasetBinding, CopyProgress, DataPlane, FileStore } from '../../contracts/index.js';
import type { JsonValue } from '../../model/index.js';
import type { CopySettings } from './copy-settings.js';

/** Where copy logs go: a store and a folder in it (from a linked-service reference plus a path). */
export type LogStoreResolver = (
  linkedServiceName: JsonValue,
  path: string,
) => Promise<{ store: FileStore; folder: string }>;

/** Everything a copy needs, already resolved: the datasets bound to their stores, the parsed settings. */
export interface CopyRequest {
  /** File or table datasets (tables: SQL stores, see `copyWithTables`). */
  readonly source: AnyDatasetBinding;
  readonly sink: AnyDatasetBinding;
  /** The evaluated `typeProperties`, parsed with `copySettingsSchema`. */
  readonly typeProperties: CopySettings;
  /** The data engine rows and files move through (`ActivityContext.dataPlane`). */
  readonly dataPlane: DataPlane;
  readonly activityName: string;
  readonly activityRunId: string;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
  readonly logStore?: LogStoreResolver;
  /** Running totals, reported at most every ~250 ms and once at the end. */
  readonly onProgress?: (progress: CopyProgress) => void;
}

/** Tallies of a copy, turned into ADF's output by `copyOutput`. */
export interface CopyTally {
  dataRead: number;
  dataWritten: number;
  filesRead: number;
  filesWritten: number;
  rowsCopied: number;
  rowsSkipped: number;
  tabular: boolean;
  logFilePath?: string;
  verified?: boolean;
}
