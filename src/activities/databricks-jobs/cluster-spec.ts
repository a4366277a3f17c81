import { ActivityError } from '../../errors/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { DatabricksErrorCode } from './databricks-error.js';

function invalid(message: string): ActivityError {
  return new ActivityError({
    code: DatabricksErrorCode.InvalidSettings,
    message: `AzureDatabricks linked service: ${message}`,
  });
}

/** Copies a property when it is set. */
function put(out: Record<string, JsonValue>, key: string, value: JsonValue | undefined): void {
  if (value !== undefined && value !== null && value !== '') out[key] = value;
}

/** `newClusterNumOfWorker`: `"2"` → `num_workers`, `"1:10"` → `autoscale`. */
function workers(value: JsonValue | undefined): JsonObject {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const fixed = /^\s*(\d+)\s*$/.exec(text);
  if (fixed?.[1]) return { num_workers: Number(fixed[1]) };
  const range = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(text);
  if (range?.[1] && range[2])
    return { autoscale: { min_workers: Number(range[1]), max_workers: Number(range[2]) } };
  throw invalid(`newClusterNumOfWorker must be "N" or "min:max" (got ${JSON.stringify(value ?? null)})`);
}

/**
 * The cluster fields of a `runs/submit` task from an AzureDatabricks linked service's (evaluated)
 * typeProperties: `existing_cluster_id` for `existingClusterId`, otherwise a `new_cluster` from the
 * `newCluster*` / `instancePoolId` / `policyId` properties (ADF's AzureDatabricks linked service: https://learn.microsoft.com/azure/data-factory/compute-linked-services#azure-databricks-linked-service).
 */
export function clusterFromLinkedService(tp: JsonObject): JsonObject {
  const existing = tp['existingClusterId'];
  if (typeof existing === 'string' && existing !== '') return { existing_cluster_id: existing };
  const version = tp['newClusterVersion'];
  if (typeof version !== 'string' || version === '') {
    throw invalid('set existingClusterId, or newClusterVersion with newClusterNumOfWorker for a job cluster');
  }
  const cluster: Record<string, JsonValue> = {
    spark_version: version,
    ...workers(tp['newClusterNumOfWorker']),
  };
  put(cluster, 'node_type_id', tp['newClusterNodeType']);
  put(cluster, 'driver_node_type_id', tp['newClusterDriverNodeType']);
  put(cluster, 'instance_pool_id', tp['instancePoolId']);
  put(cluster, 'policy_id', tp['policyId']);
  put(cluster, 'spark_conf', tp['newClusterSparkConf']);
  put(cluster, 'spark_env_vars', tp['newClusterSparkEnvVars']);
  put(cluster, 'custom_tags', tp['newClusterCustomTags']);
  const scripts = tp['newClusterInitScripts'];
  if (Array.isArray(scripts)) {
    cluster['init_scripts'] = (scripts as readonly JsonValue[]).map((s) => ({
      dbfs: { destination: typeof s === 'string' ? s : JSON.stringify(s) },
    }));
  }
  const logs = tp['newClusterLogDestination'];
  if (typeof logs === 'string' && logs !== '') cluster['cluster_log_conf'] = { dbfs: { destination: logs } };
  return { new_cluster: cluster };
}
