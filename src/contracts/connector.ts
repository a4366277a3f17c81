import type { ResourceReference } from '../model/index.js';
import type { FileStore } from './file-store.js';
import type { TableStore } from './table-store.js';

/** Where a dataset lives, as in ADF `typeProperties.location` (already evaluated). */
export interface DatasetLocation {
  /** `FileServerLocation`, `AzureBlobStorageLocation`, `AzureBlobFSLocation`, `HttpServerLocation`. */
  readonly type: string;
  readonly folderPath?: string;
  readonly fileName?: string;
  readonly container?: string;
  readonly fileSystem?: string;
  readonly relativeUrl?: string;
}

/** Where a store path lives: the dataset location to open with `Connector.fileStore`, and the folder in it. */
export interface LocatedPath {
  readonly location: DatasetLocation;
  /** Store-relative folder, `/`-separated, without leading or trailing `/` (`''` for the root). */
  readonly folder: string;
}

/** A linked-service instance. */
export interface Connector {
  /** The linked-service type, e.g. `FileServer`. Shown in messages; callers ask capabilities, not types. */
  readonly type: string;
  /** Capability of file-based stores: the store a dataset location addresses (container, file system…). */
  fileStore?(location: DatasetLocation): FileStore;
  /**
   * Capability of file-based stores: where a `/`-separated path lives, read as ADF reads a log or resource
   * folder path (for Blob storage and ADLS Gen2 the first segment is the container or file system).
   */
  locate?(path: string): LocatedPath;
  /** Capability of SQL stores (SQLite, PostgreSQL): tables, queries and transactional writes. */
  tableStore?(): TableStore;
  /** Releases clients and sockets. */
  close?(): Promise<void>;
}

/** An Azure Key Vault secret reference, as written in a linked service. */
export interface KeyVaultSecretReference {
  readonly type: 'AzureKeyVaultSecret';
  readonly store: ResourceReference;
  readonly secretName: string;
  readonly secretVersion?: string;
}

/** Resolves Key Vault references to values (the secrets module provides it). Never log what it returns. */
export type SecretResolver = (reference: KeyVaultSecretReference) => Promise<string>;

/** What `create` gets besides the validated config. */
export interface ConnectorCreateOptions {
  /** Absolute project root: FileServer hosts are relative to it. */
  readonly projectRoot: string;
  readonly secrets: SecretResolver;
  /** Linked-service name, for messages. */
  readonly name?: string;
}

/** The parse result of a config schema (zod's `safeParse` shape, without depending on zod here). */
export type ConfigParseResult<C> =
  | { readonly success: true; readonly data: C }
  | {
      readonly success: false;
      readonly error: {
        readonly issues: readonly { readonly path: readonly PropertyKey[]; readonly message: string }[];
      };
    };

/** A config schema: validates linked-service `typeProperties` (synchronously, or once its module has loaded). */
export interface ConfigSchema<C> {
  safeParse(input: unknown): ConfigParseResult<C> | Promise<ConfigParseResult<C>>;
}

/** A registered linked-service type. Built-ins register exactly like plugins. */
export interface ConnectorRegistration<C = unknown> {
  readonly type: string;
  readonly configSchema: ConfigSchema<C>;
  create(config: C, options: ConnectorCreateOptions): Connector | Promise<Connector>;
}

