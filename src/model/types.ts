import type { JsonObject, JsonValue } from './json.js';

/**
 * ADF resource types, in ADF's JSON spelling. Every object keeps unknown properties (index signature),
 * so a file read and written back loses nothing. Types describe the *normalized* view the loader builds:
 * type names canonicalized (e.g. parameter type `string` → `String`), the `name`/`properties` wrapper restored.
 */

/** `{"value": "@…", "type": "Expression"}`: how ADF Studio stores dynamic content. */
export interface ExpressionObject {
  readonly value: string;
  readonly type: 'Expression';
}

/** A property that is a literal of T, an ADF expression object, or a bare `@…` string. */
export type Dynamic<T> = T | ExpressionObject | string;

/** Pipeline/dataset/linked-service parameter types (canonical spelling). */
export const ParameterType = {
  String: 'String',
  Int: 'Int',
  Float: 'Float',
  Bool: 'Bool',
  Array: 'Array',
  Object: 'Object',
  SecureString: 'SecureString',
} as const;
export type ParameterType = (typeof ParameterType)[keyof typeof ParameterType];

/** Pipeline variable types (canonical spelling; `Integer` is accepted as ADF now writes it). */
export const VariableType = {
  String: 'String',
  Boolean: 'Boolean',
  Array: 'Array',
  Integer: 'Integer',
} as const;
export type VariableType = (typeof VariableType)[keyof typeof VariableType];

export interface ParameterSpec {
  readonly type: ParameterType;
  readonly defaultValue?: JsonValue;
  readonly [extra: string]: unknown;
}

export interface VariableSpec {
  readonly type: VariableType;
  readonly defaultValue?: JsonValue;
  readonly [extra: string]: unknown;
}

/** `{"referenceName", "type": "…Reference", "parameters"?}`. `referenceName` may itself be an expression. */
export interface ResourceReference {
  readonly referenceName: Dynamic<string>;
  readonly type: string;
  readonly parameters?: JsonObject;
  readonly [extra: string]: unknown;
}

export const DependencyCondition = {
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Skipped: 'Skipped',
  Completed: 'Completed',
} as const;
export type DependencyCondition = (typeof DependencyCondition)[keyof typeof DependencyCondition];

export interface ActivityDependency {
  readonly activity: string;
  readonly dependencyConditions: readonly DependencyCondition[];
  readonly [extra: string]: unknown;
}

export interface ActivityPolicy {
  /** `d.hh:mm:ss` (or `hh:mm:ss`), or an expression. */
  readonly timeout?: Dynamic<string>;
  readonly retry?: Dynamic<number>;
  readonly retryIntervalInSeconds?: number;
  readonly secureInput?: boolean;
  readonly secureOutput?: boolean;
  readonly [extra: string]: unknown;
}

export interface Activity {
  readonly name: string;
  /** Canonical spelling when the type is known (`filter` → `Filter`), else as written. */
  readonly type: string;
  readonly description?: string;
  readonly state?: 'Active' | 'Inactive';
  readonly onInactiveMarkAs?: 'Succeeded' | 'Failed' | 'Skipped';
  readonly dependsOn: readonly ActivityDependency[];
  readonly userProperties?: readonly JsonValue[];
  readonly linkedServiceName?: ResourceReference;
  readonly policy?: ActivityPolicy;
  readonly inputs?: readonly ResourceReference[];
  readonly outputs?: readonly ResourceReference[];
  readonly typeProperties: JsonObject;
  readonly [extra: string]: unknown;
}

export interface PipelineProperties {
  readonly description?: string;
  readonly activities: readonly Activity[];
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly variables: Readonly<Record<string, VariableSpec>>;
  readonly concurrency?: number;
  readonly annotations?: readonly JsonValue[];
  readonly folder?: { readonly name: string };
  readonly [extra: string]: unknown;
}

export interface DatasetProperties {
  readonly type: string;
  /** Absent only on Synapse SQL pool datasets (`SqlPoolTable`), which name their pool with `sqlPool`. */
  readonly linkedServiceName?: ResourceReference;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly typeProperties: JsonObject;
  readonly schema?: JsonValue;
  readonly structure?: JsonValue;
  readonly annotations?: readonly JsonValue[];
  readonly folder?: { readonly name: string };
  readonly [extra: string]: unknown;
}

export interface LinkedServiceProperties {
  readonly type: string;
  readonly typeProperties: JsonObject;
  readonly parameters: Readonly<Record<string, ParameterSpec>>;
  readonly connectVia?: ResourceReference;
  readonly annotations?: readonly JsonValue[];
  readonly [extra: string]: unknown;
}

/** `{"pipelineReference": …, "parameters": {…}}` inside a trigger. */
export interface TriggerPipelineReference {
  readonly pipelineReference: ResourceReference;
  readonly parameters?: JsonObject;
  readonly [extra: string]: unknown;
}

export interface TriggerProperties {
  readonly type: string;
  readonly runtimeState?: 'Started' | 'Stopped' | 'Disabled';
  readonly pipelines: readonly TriggerPipelineReference[];
  /** TumblingWindowTrigger has a single `pipeline` instead of `pipelines`; the loader keeps both. */
  readonly pipeline?: TriggerPipelineReference;
  readonly typeProperties: JsonObject;
  readonly annotations?: readonly JsonValue[];
  readonly [extra: string]: unknown;
}

export interface GlobalParameterSpec {
  readonly type: 'String' | 'Int' | 'Float' | 'Bool' | 'Array' | 'Object';
  readonly value: JsonValue;
}

/** The kinds of resource folder in the ADF git layout. */
export const ResourceKind = {
  Pipeline: 'pipeline',
  Dataset: 'dataset',
  LinkedService: 'linkedService',
  Trigger: 'trigger',
  DataFlow: 'dataflow',
  IntegrationRuntime: 'integrationRuntime',
  Credential: 'credential',
  Factory: 'factory',
  ManagedVirtualNetwork: 'managedVirtualNetwork',
  /** Synapse workspaces: `notebook/` (targets of SynapseNotebook activities). */
  Notebook: 'notebook',
} as const;
export type ResourceKind = (typeof ResourceKind)[keyof typeof ResourceKind];

/**
 * One resource as loaded: its name (from the file's `name`, not the file name), the file it came from,
 * the original JSON untouched (`raw`, for round trips), and the normalized `properties`.
 */
export interface Resource<P> {
  readonly kind: ResourceKind;
  readonly name: string;
  /** Path of the file relative to the factory root, with `/` separators. */
  readonly file: string;
  /** JSON path from the file's root to `properties` (`['properties']`, or `[]` for a flattened file). */
  readonly propertiesPath: readonly (string | number)[];
  readonly raw: JsonValue;
  readonly properties: P;
}

export type PipelineResource = Resource<PipelineProperties>;
export type DatasetResource = Resource<DatasetProperties>;
export type LinkedServiceResource = Resource<LinkedServiceProperties>;
export type TriggerResource = Resource<TriggerProperties>;
export type GenericResource = Resource<JsonObject>;

/** A loaded factory: resources by name (names are case-insensitive in ADF; maps are keyed by the name as written). */
export interface Factory {
  /** Absolute or project-relative root folder of the factory. */
  readonly root: string;
  readonly name?: string;
  readonly pipelines: ReadonlyMap<string, PipelineResource>;
  readonly datasets: ReadonlyMap<string, DatasetResource>;
  readonly linkedServices: ReadonlyMap<string, LinkedServiceResource>;
  readonly triggers: ReadonlyMap<string, TriggerResource>;
  readonly dataflows: ReadonlyMap<string, GenericResource>;
  readonly integrationRuntimes: ReadonlyMap<string, GenericResource>;
  readonly credentials: ReadonlyMap<string, GenericResource>;
  readonly globalParameters: Readonly<Record<string, GlobalParameterSpec>>;
  /** Synapse workspace notebooks (`notebook/`), when the factory is a Synapse workspace export. */
  readonly notebooks?: ReadonlyMap<string, GenericResource>;
  /** True when the factory has a `factory/` file, i.e. its global parameters are known. */
  readonly hasFactoryFile?: boolean;
  /** sha256 over the factory's files (sorted paths + contents): which version of the factory ran. */
  readonly contentHash: string;
}
