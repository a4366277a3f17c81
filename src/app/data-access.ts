import type {
  ActivityContext,
  AnyDatasetBinding,
  Connector,
  ConnectorRegistry,
  DataAccess,
  DatasetBinding,
  ResourceDefinition,
  SecretResolver,
} from '../contracts/index.js';
import { bindAnyDataset, bindDataset } from '../connectors/index.js';
import { ConfigError, MillraceError } from '../errors/index.js';
import { evaluateDynamic, toJsonValue } from '../expressions/index.js';
import type { ExprValue, FunctionContext } from '../expressions/index.js';
import type {
  DatasetProperties,
  DatasetResource,
  Factory,
  JsonObject,
  LinkedServiceProperties,
  LinkedServiceResource,
  ParameterSpec,
  ResourceReference,
} from '../model/index.js';
import { isJsonObject } from '../model/index.js';

/** What the data wiring needs from the app. */
export interface DataWiringOptions {
  readonly factory: Factory;
  readonly connectors: ConnectorRegistry;
  readonly projectRoot: string;
  readonly functions: FunctionContext;
  readonly secrets: SecretResolver;
  /** A resolver per activity context, when secret access is scoped by pipeline; overrides `secrets`. */
  readonly secretsFor?: (ctx: ActivityContext) => SecretResolver;
}

function findByName<R extends { readonly name: string }>(
  map: ReadonlyMap<string, R>,
  name: string,
): R | undefined {
  const exact = map.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const [k, v] of map) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Parameter values of a dataset or linked service: declared defaults, then what the reference passes. */
function parameterValues(
  specs: Readonly<Record<string, ParameterSpec>>,
  given: JsonObject | undefined,
  what: string,
): Record<string, ExprValue> {
  const values: Record<string, ExprValue> = {};
  for (const [k, spec] of Object.entries(specs)) {
    if (spec.defaultValue !== undefined) values[k] = spec.defaultValue;
  }
  for (const [k, v] of Object.entries(given ?? {})) values[k] = v;
  const missing = Object.keys(specs).filter((k) => !(k in values));
  if (missing.length > 0) {
    throw new ConfigError({
      code: 'data/missing-parameter',
      message: `${what} needs parameter(s) ${missing.join(', ')} (no value given and no default)`,
    });
  }
  return values;
}

/**
 * Creates the `data` capability of one activity run: resolves a dataset reference (its parameters are values,
 * evaluated once by the engine: they are never evaluated again here, so ADF's `@@` escape holds), evaluates the dataset's own properties with `@dataset()` and its linked service's with
 * `@linkedService()`, creates the connector through the registry (one per linked service and parameter set,
 * reused within the activity run) and binds the dataset to its store and format.
 */
export function createDataWiring(options: DataWiringOptions): DataWiring {
  const { factory, connectors, projectRoot, functions, secrets } = options;
  // One connector per linked service and parameter set, shared by the activity runs of this process and
  // closed with it (SQL pools, HTTP agents).
  const cache = new Map<string, Promise<Connector>>();

  const linkedServiceProps = (ref: ResourceReference): { name: string; props: LinkedServiceProperties } => {
    if (typeof ref.referenceName !== 'string') {
      throw new MillraceError({
        code: 'data/bad-reference',
        message: 'a linked service reference needs a referenceName',
      });
    }
    const name = ref.referenceName;
    const ls: LinkedServiceResource | undefined = findByName(factory.linkedServices, name);
    if (!ls)
      throw new ConfigError({
        code: 'data/unknown-linked-service',
        message: `linked service ${name} is not in the factory`,
      });
    const params = parameterValues(ls.properties.parameters, ref.parameters, `linked service ${ls.name}`);
    const evaluated = toJsonValue(evaluateDynamic(ls.properties, { linkedService: params, functions }));
    return { name: ls.name, props: evaluated as LinkedServiceProperties };
  };

  const forContext = (ctx: ActivityContext): DataAccess => {
    const connectorFor = (ref: ResourceReference): Promise<Connector> => {
      const { name, props } = linkedServiceProps(ref);
      // Per-pipeline resolvers: a connector (and the secrets it resolved) is not shared across pipelines.
      const scoped = options.secretsFor;
      const key = `${name}\u0000${JSON.stringify(props)}${scoped ? `\u0000${ctx.pipelineName}` : ''}`;
      let found = cache.get(key);
      if (!found) {
        const resolver = scoped ? scoped(ctx) : secrets;
        found = connectors.create(props, { projectRoot, secrets: resolver, name });
        cache.set(key, found);
      }
      return found;
    };
    const datasetProps = (
      reference: ResourceReference,
    ): { ds: DatasetResource; props: DatasetProperties } => {
      const ref: unknown = reference;
      if (!isJsonObject(ref) || typeof ref['referenceName'] !== 'string') {
        throw new MillraceError({
          code: 'data/bad-reference',
          message: 'a dataset reference needs a referenceName',
        });
      }
      const name = ref['referenceName'];
      const ds = findByName(factory.datasets, name);
      if (!ds)
        throw new ConfigError({
          code: 'data/unknown-dataset',
          message: `dataset ${name} is not in the factory`,
        });
      const given = isJsonObject(ref['parameters']) ? ref['parameters'] : undefined;
      const params = parameterValues(ds.properties.parameters, given, `dataset ${ds.name}`);
      const props = toJsonValue(
        evaluateDynamic(ds.properties, { dataset: params, functions }),
      ) as DatasetProperties;
      return { ds, props };
    };
    const resolveDataset = async (
      reference: ResourceReference,
    ): Promise<{ ds: DatasetResource; props: DatasetProperties; connector: Connector }> => {
      const { ds, props } = datasetProps(reference);
      if (props.linkedServiceName === undefined) throw noLinkedService(ds.name, props, connectors.types());
      const connector = await connectorFor(props.linkedServiceName);
      return { ds, props, connector };
    };
    const access: DataAccess = {
      async dataset(reference): Promise<DatasetBinding> {
        const { ds, props, connector } = await resolveDataset(reference);
        return bindDataset(ds.name, props, connector);
      },
      linkedService: (reference) => connectorFor(reference),
      async binding(reference): Promise<AnyDatasetBinding> {
        const { ds, props, connector } = await resolveDataset(reference);
        return bindAnyDataset(ds.name, props, connector);
      },
      definition: (kind, reference): Promise<ResourceDefinition> =>
        Promise.resolve().then(() => {
          if (kind === 'dataset') {
            const { ds, props } = datasetProps(reference);
            return { name: ds.name, properties: props as unknown as JsonObject };
          }
          const { name, props } = linkedServiceProps(reference);
          return { name, properties: props as unknown as JsonObject };
        }),
    };
    return access;
  };
  return {
    forContext,
    connectors,
    linkedServiceProperties: linkedServiceProps,
    secretsFor: (ctx) => options.secretsFor?.(ctx) ?? secrets,
    close: () => closeAll(cache),
  };
}

/** The data capability of a process: a `DataAccess` per activity context, and `close` for its connectors. */
export interface DataWiring {
  forContext(ctx: ActivityContext): DataAccess;
  /** The linked-service types connectors are created from (ask `offers` before creating one). */
  readonly connectors: ConnectorRegistry;
  /**
   * A linked service's properties evaluated with its `@linkedService()` parameters (declared defaults,
   * then the reference's values; the reference must already be evaluated). Throws
   * `data/unknown-linked-service` or `data/missing-parameter`.
   */
  linkedServiceProperties(ref: ResourceReference): {
    readonly name: string;
    readonly props: LinkedServiceProperties;
  };
  /** The resolver of Key Vault references for an activity run (scoped to its pipeline when secrets are). */
  secretsFor(ctx: ActivityContext): SecretResolver;
  close(): Promise<void>;
}

async function closeAll(cache: Map<string, Promise<Connector>>): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const c of all) {
    try {
      await (await c).close?.();
    } catch {
      // closing a client that failed to open is not an error of the run
    }
  }
}

/**
 * A dataset without `linkedServiceName`: a Synapse dedicated SQL pool dataset names its pool with `sqlPool`
 * instead. No connector reaches SQL pools, so it fails as a linked-service type without a connector does.
 */
function noLinkedService(
  name: string,
  props: DatasetProperties,
  supported: readonly string[],
): MillraceError {
  const pool = props['sqlPool'];
  const poolName = isJsonObject(pool) ? JSON.stringify(pool['referenceName'] ?? '') : undefined;
  const where = poolName === undefined ? undefined : `Synapse SQL pool ${poolName} (sqlPool)`;
  return new MillraceError({
    code: where ? 'connector/unknown-type' : 'data/bad-reference',
    message: where
      ? `dataset ${name} reads ${where}; no connector supports Synapse SQL pools (supported linked service types: ${supported.join(', ')})`
      : `dataset ${name} has no linkedServiceName`,
  });
}
