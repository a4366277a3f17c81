import type { DatasetProperties, LinkedServiceProperties } from '../model/index.js';
import type { FileFormat } from './file-format.js';
import type { FileStore } from './file-store.js';
import type { TableName, TableStore } from './table-store.js';

/** A column of a dataset schema (`schema` / `structure`). */
export interface SchemaColumn {
  readonly name: string;
  readonly type?: string;
}

/** A file dataset bound to its store and format: what activities work with. */
export interface DatasetBinding {
  /** Discriminates file bindings from `TableDatasetBinding` (absent means `file`). */
  readonly kind?: 'file';
  /** Dataset name, for messages. */
  readonly name: string;
  /** Dataset type, e.g. `DelimitedText`. */
  readonly type: string;
  readonly store: FileStore;
  /** Folder path inside the store (`''` = root). */
  readonly folderPath: string;
  /** File name when the dataset addresses one file (may hold a wildcard). */
  readonly fileName?: string;
  readonly format: FileFormat;
  readonly schema?: readonly SchemaColumn[];
}

/** A dataset with its properties and its linked service, every expression already evaluated. */
export interface ResolvedDataset {
  readonly name: string;
  readonly properties: DatasetProperties;
  readonly linkedServiceName: string;
  readonly linkedService: LinkedServiceProperties;
}

/** A tabular (SQL) dataset bound to its store. */
export interface TableDatasetBinding {
  readonly kind: 'table';
  readonly name: string;
  /** Dataset type, e.g. `AzurePostgreSqlTable`, `SqliteTable`. */
  readonly type: string;
  readonly store: TableStore;
  /** Absent when the dataset names no table (a source must then give a query). */
  readonly table?: TableName;
  readonly schema?: readonly SchemaColumn[];
}

/** A file or a table dataset binding; tell them apart by `kind`. */
export type AnyDatasetBinding = DatasetBinding | TableDatasetBinding;
