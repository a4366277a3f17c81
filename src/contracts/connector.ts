import type { JsonObject } from '../model/index.js';
import type { FileStore } from './file-store.js';
import type { SecretResolver } from './secret-resolver.js';
import type { TableStore } from './table-store.js';
import type { ParseResult, ValueSchema } from './value-schema.js';

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
  /**
   * Capability of the `DuckDb` marker (Millrace extension): SQL given to this linked service runs in the
   * in-process data plane (DuckDB), with datasets as tables. The Script activity asks for it.
   */
  readonly dataPlaneSql?: boolean;
  /**
   * Capability of Databricks workspaces (`AzureDatabricks`): where jobs are submitted and with which token.
   * Throws `activity/databricks-invalid-settings` when the linked service cannot reach a workspace.
   */
  databricksWorkspace?(): DatabricksWorkspace;
  /**
   * Capability of Azure Function apps (`AzureFunction`): where the Azure Function activity sends its call and
   * with which function key. Throws `activity/azure-function-invalid-settings` when the app cannot be called.
   */
  azureFunctionApp?(): AzureFunctionApp;
  /** Releases clients and sockets. */
  close?(): Promise<void>;
}

/** The capabilities a connector type can offer (the optional members of `Connector` of the same name). */
export type ConnectorCapability =
  'fileStore' | 'locate' | 'tableStore' | 'dataPlaneSql' | 'databricksWorkspace' | 'azureFunctionApp';

/** A Databricks workspace as an `AzureDatabricks` linked service names it (properties already evaluated). */
export interface DatabricksWorkspace {
  /** The workspace URL (`domain`), e.g. `https://adb-123.4.azuredatabricks.net`. */
  readonly host: string;
  /** Resolves the access token (a `SecureString` or a Key Vault reference) on each call. Never log it. */
  accessToken(): Promise<string>;
  /** The linked service's typeProperties: cluster settings (`existingClusterId`, `newCluster…`). */
  readonly properties: JsonObject;
}

/** An Azure Function app as an `AzureFunction` linked service names it (properties already evaluated). */
export interface AzureFunctionApp {
  /** `functionAppUrl`: `https://<app>.azurewebsites.net`; a function is called at `<url>/api/<functionName>`. */
  readonly url: string;
  /** The function (or host) key sent as `x-functions-key`; undefined for an anonymous function. Never log it. */
  functionKey(): Promise<string | undefined>;
}

/** What `create` gets besides the validated config. */
export interface ConnectorCreateOptions {
  /** Absolute project root: FileServer hosts are relative to it. */
  readonly projectRoot: string;
  readonly secrets: SecretResolver;
  /** Linked-service name, for messages. */
  readonly name?: string;
}

/** The parse result of a config schema (zod's `safeParse` shape). */
export type ConfigParseResult<C> = ParseResult<C>;

/** A config schema: validates linked-service `typeProperties` (synchronously, or once its module has loaded). */
export type ConfigSchema<C> = ValueSchema<C>;

/** A registered linked-service type. Built-ins register exactly like plugins. */
export interface ConnectorRegistration<C = unknown> {
  readonly type: string;
  /**
   * What every connector of this type offers, so callers can ask before creating one (checks of an
   * environment, validation). `connectors/builtin-connectors.test.ts` holds built-ins to what they create.
   */
  readonly capabilities?: readonly ConnectorCapability[];
  readonly configSchema: ConfigSchema<C>;
  create(config: C, options: ConnectorCreateOptions): Connector | Promise<Connector>;
}
