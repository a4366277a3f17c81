import { DataFactoryManagementClient } from '@azure/arm-datafactory';
import type { TokenCredential } from '@azure/core-auth';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type {
  CloudActivityRun,
  CloudFactory,
  CloudPipelineRun,
  CloudResource,
  CloudResourceKind,
} from '../contracts/index.js';
import type { JsonObject, JsonValue } from '../model/index.js';
import { isJsonObject } from '../model/index.js';
import { azureError } from './azure-error.js';

/** Data Factory REST API version (https://learn.microsoft.com/rest/api/datafactory/). */
export const DATA_FACTORY_API_VERSION = '2018-06-01';

/** The factory's REST collection of each kind (`…/factories/{f}/<collection>/{name}`). */
const COLLECTION: Record<CloudResourceKind, string> = {
  globalParameters: 'globalParameters',
  integrationRuntime: 'integrationRuntimes',
  credential: 'credentials',
  linkedService: 'linkedservices',
  dataset: 'datasets',
  dataflow: 'dataflows',
  pipeline: 'pipelines',
  trigger: 'triggers',
};

/** Where the factory is and how to sign in. */
export interface AzureDataFactoryClientOptions {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly factoryName: string;
  readonly credential: TokenCredential;
  /** ARM endpoint; default `https://management.azure.com` (another cloud, or a test double). */
  readonly endpoint?: string;
  /** Extra CA certificates to trust (PEM), for a test double with its own certificate. */
  readonly ca?: string;
  /** Seconds between long-running-operation polls when the service gives no Retry-After; default 2. */
  readonly pollSeconds?: number;
}

const str = (o: JsonObject, k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined);

/**
 * A live Data Factory through `@azure/arm-datafactory`. Triggers start/stop (long-running operations), runs
 * (`pipelines.createRun`, `pipelineRuns.get`, `activityRuns.queryByPipelineRun`) and deletes use the SDK's
 * typed operations. Resource definitions are read and written through the same SDK client's pipeline (its
 * credential, retry and tracing policies) with ADF's JSON kept verbatim: the generated models flatten
 * `typeProperties` into their own shape, and the what-if diff must compare the JSON a factory's git holds.
 */
export class AzureDataFactoryClient implements CloudFactory {
  readonly location: string;
  readonly #client: DataFactoryManagementClient;
  readonly #o: AzureDataFactoryClientOptions;
  readonly #base: string;

  constructor(options: AzureDataFactoryClientOptions) {
    this.#o = options;
    this.location = `${options.subscriptionId}/${options.resourceGroup}/${options.factoryName}`;
    const endpoint = (options.endpoint ?? 'https://management.azure.com').replace(/\/+$/, '');
    this.#client = new DataFactoryManagementClient(options.credential, options.subscriptionId, {
      endpoint,
      ...(options.ca === undefined ? {} : { tlsOptions: { ca: options.ca } }),
    });
    const e = encodeURIComponent;
    this.#base = `${endpoint}/subscriptions/${e(options.subscriptionId)}/resourceGroups/${e(options.resourceGroup)}/providers/Microsoft.DataFactory/factories/${e(options.factoryName)}`;
  }

  async #send(
    method: 'GET' | 'PUT',
    url: string,
    body?: JsonValue,
    signal?: AbortSignal,
  ): Promise<JsonObject> {
    const request = createPipelineRequest({
      url,
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(signal ? { abortSignal: signal } : {}),
    });
    request.headers.set('Content-Type', 'application/json; charset=utf-8');
    const res = await this.#client.sendRequest(request);
    let json: unknown = {};
    try {
      json = res.bodyAsText ? JSON.parse(res.bodyAsText) : {};
    } catch {
      // Not JSON: the status decides below.
    }
    if (res.status >= 400)
      throw Object.assign(new Error(`HTTP ${res.status}`), { statusCode: res.status, details: json });
    return isJsonObject(json) ? json : {};
  }

  async list(kind: CloudResourceKind, signal?: AbortSignal): Promise<CloudResource[]> {
    const out: CloudResource[] = [];
    try {
      let url: string | undefined =
        `${this.#base}/${COLLECTION[kind]}?api-version=${DATA_FACTORY_API_VERSION}`;
      while (url !== undefined) {
        const page = await this.#send('GET', url, undefined, signal);
        const value = Array.isArray(page['value']) ? page['value'] : [];
        for (const item of value) {
          if (!isJsonObject(item)) continue;
          const name = str(item, 'name');
          const properties = item['properties'];
          if (name !== undefined && isJsonObject(properties)) out.push({ name, properties });
        }
        url = str(page, 'nextLink');
      }
    } catch (err) {
      throw azureError(`listing ${COLLECTION[kind]} of ${this.location}`, err);
    }
    return out;
  }

  async put(
    kind: CloudResourceKind,
    name: string,
    properties: JsonObject,
    signal?: AbortSignal,
  ): Promise<void> {
    const url = `${this.#base}/${COLLECTION[kind]}/${encodeURIComponent(name)}?api-version=${DATA_FACTORY_API_VERSION}`;
    try {
      await this.#send('PUT', url, { properties }, signal);
    } catch (err) {
      throw azureError(`writing ${kind}/${name}`, err);
    }
  }

  async delete(kind: CloudResourceKind, name: string, signal?: AbortSignal): Promise<void> {
    const { resourceGroup: rg, factoryName: f } = this.#o;
    const opts = signal ? { abortSignal: signal } : {};
    const c = this.#client;
    try {
      switch (kind) {
        case 'globalParameters':
          return await c.globalParameters.delete(rg, f, name, opts);
        case 'integrationRuntime':
          return await c.integrationRuntimes.delete(rg, f, name, opts);
        case 'credential':
          return await c.credentialOperations.delete(rg, f, name, opts);
        case 'linkedService':
          return await c.linkedServices.delete(rg, f, name, opts);
        case 'dataset':
          return await c.datasets.delete(rg, f, name, opts);
        case 'dataflow':
          return await c.dataFlows.delete(rg, f, name, opts);
        case 'pipeline':
          return await c.pipelines.delete(rg, f, name, opts);
        case 'trigger':
          return await c.triggers.delete(rg, f, name, opts);
      }
    } catch (err) {
      throw azureError(`deleting ${kind}/${name}`, err);
    }
  }

  async setTriggerState(name: string, state: 'Started' | 'Stopped', signal?: AbortSignal): Promise<void> {
    const { resourceGroup: rg, factoryName: f } = this.#o;
    const opts = {
      ...(signal ? { abortSignal: signal } : {}),
      ...(this.#o.pollSeconds === undefined ? {} : { updateIntervalInMs: this.#o.pollSeconds * 1000 }),
    };
    try {
      if (state === 'Started') await this.#client.triggers.beginStartAndWait(rg, f, name, opts);
      else await this.#client.triggers.beginStopAndWait(rg, f, name, opts);
    } catch (err) {
      throw azureError(`${state === 'Started' ? 'starting' : 'stopping'} trigger ${name}`, err);
    }
  }

  async createRun(
    pipeline: string,
    parameters: Readonly<Record<string, JsonValue>>,
    signal?: AbortSignal,
  ): Promise<string> {
    const { resourceGroup: rg, factoryName: f } = this.#o;
    try {
      const res = await this.#client.pipelines.createRun(rg, f, pipeline, {
        parameters: { ...parameters },
        ...(signal ? { abortSignal: signal } : {}),
      });
      return res.runId;
    } catch (err) {
      throw azureError(`starting pipeline ${pipeline}`, err);
    }
  }

  async getRun(runId: string, signal?: AbortSignal): Promise<CloudPipelineRun> {
    const { resourceGroup: rg, factoryName: f } = this.#o;
    try {
      const r = await this.#client.pipelineRuns.get(rg, f, runId, signal ? { abortSignal: signal } : {});
      return {
        runId: r.runId ?? runId,
        pipelineName: r.pipelineName ?? '',
        status: r.status ?? 'Queued',
        ...(r.message ? { message: r.message } : {}),
        ...(r.runStart ? { runStart: r.runStart.toISOString() } : {}),
        ...(r.runEnd ? { runEnd: r.runEnd.toISOString() } : {}),
        parameters: r.parameters ?? {},
      };
    } catch (err) {
      throw azureError(`reading pipeline run ${runId}`, err);
    }
  }

  async activityRuns(runId: string, signal?: AbortSignal): Promise<CloudActivityRun[]> {
    const { resourceGroup: rg, factoryName: f } = this.#o;
    const out: CloudActivityRun[] = [];
    let continuationToken: string | undefined;
    try {
      do {
        const res = await this.#client.activityRuns.queryByPipelineRun(
          rg,
          f,
          runId,
          {
            // The run's activities: the window spans any run a follower can see.
            lastUpdatedAfter: new Date('2000-01-01T00:00:00Z'),
            lastUpdatedBefore: new Date(Date.now() + 86_400_000),
            ...(continuationToken ? { continuationToken } : {}),
          },
          signal ? { abortSignal: signal } : {},
        );
        for (const a of res.value) {
          const error = a.error as { errorCode?: unknown; message?: unknown } | undefined;
          out.push({
            activityRunId: a.activityRunId ?? '',
            activityName: a.activityName ?? '',
            activityType: a.activityType ?? '',
            status: a.status ?? 'InProgress',
            ...(a.activityRunStart ? { start: a.activityRunStart.toISOString() } : {}),
            ...(a.activityRunEnd ? { end: a.activityRunEnd.toISOString() } : {}),
            ...(typeof a.durationInMs === 'number' ? { durationMs: a.durationInMs } : {}),
            ...(a.output === undefined ? {} : { output: a.output as JsonValue }),
            ...(error && typeof error.errorCode === 'string' && error.errorCode !== ''
              ? {
                  error: {
                    errorCode: error.errorCode,
                    message: typeof error.message === 'string' ? error.message : '',
                  },
                }
              : {}),
          });
        }
        continuationToken = res.continuationToken;
      } while (continuationToken);
    } catch (err) {
      throw azureError(`reading activity runs of ${runId}`, err);
    }
    return out;
  }
}
