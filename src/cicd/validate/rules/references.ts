import type { JsonValue, Resource } from '../../../model/index.js';
import { isJsonObject } from '../../../model/index.js';
import type { FactoryIndex } from '../factory-index.js';
import type { Findings } from '../finding.js';
import { knownList } from '../finding.js';

/** What each reference type points at: the lookup, the folder, words for messages, and the rule id. */
interface Target {
  readonly lookup: (ix: FactoryIndex) => ReadonlyMap<string, Resource<unknown>> | undefined;
  readonly folder: string;
  readonly noun: string;
  readonly code: string;
}

const TARGETS: Readonly<Record<string, Target>> = {
  PipelineReference: {
    lookup: (ix) => ix.pipelines,
    folder: 'pipeline',
    noun: 'pipeline',
    code: 'validate/missing-pipeline',
  },
  DatasetReference: {
    lookup: (ix) => ix.datasets,
    folder: 'dataset',
    noun: 'dataset',
    code: 'validate/missing-dataset',
  },
  LinkedServiceReference: {
    lookup: (ix) => ix.linkedServices,
    folder: 'linkedService',
    noun: 'linked service',
    code: 'validate/missing-linked-service',
  },
  DataFlowReference: {
    lookup: (ix) => ix.dataflows,
    folder: 'dataflow',
    noun: 'data flow',
    code: 'validate/missing-dataflow',
  },
  IntegrationRuntimeReference: {
    lookup: (ix) => ix.integrationRuntimes,
    folder: 'integrationRuntime',
    noun: 'integration runtime',
    code: 'validate/missing-integration-runtime',
  },
  CredentialReference: {
    lookup: (ix) => ix.credentials,
    folder: 'credential',
    noun: 'credential',
    code: 'validate/missing-credential',
  },
  TriggerReference: {
    lookup: (ix) => ix.triggers,
    folder: 'trigger',
    noun: 'trigger',
    code: 'validate/missing-trigger',
  },
  // Synapse notebooks are checked only when the export has a notebook/ folder.
  NotebookReference: {
    lookup: (ix) => ix.notebooks,
    folder: 'notebook',
    noun: 'notebook',
    code: 'validate/missing-notebook',
  },
};

function isInactiveActivity(resource: Resource<unknown>, v: Readonly<Record<string, JsonValue>>): boolean {
  return resource.kind === 'pipeline' && v['state'] === 'Inactive' && typeof v['name'] === 'string';
}

/** Keys of the arrays that hold activities (a pipeline's own and those of container activities). */
const ACTIVITY_ARRAYS = new Set(['activities', 'ifTrueActivities', 'ifFalseActivities', 'defaultActivities']);

/** True when `path` points at an item of an activity array. */
function isActivityPosition(path: readonly (string | number)[]): boolean {
  const key = path[path.length - 2];
  return typeof path[path.length - 1] === 'number' && typeof key === 'string' && ACTIVITY_ARRAYS.has(key);
}

/** Built-in resources that exist without a file. */
const IMPLICIT = new Set(['autoresolveintegrationruntime']);

const KIND_NOUN: Readonly<Record<string, string>> = {
  pipeline: 'pipeline',
  dataset: 'dataset',
  linkedService: 'linked service',
  trigger: 'trigger',
  dataflow: 'data flow',
  integrationRuntime: 'integration runtime',
  credential: 'credential',
  notebook: 'notebook',
};

/**
 * Every `{"referenceName", "type": "…Reference"}` in a resource must name a resource of the factory:
 * dataset → linked service, activity → dataset / linked service / pipeline / data flow, trigger → pipeline,
 * Key Vault secret → Key Vault linked service, and so on. A referenceName given as an expression is dynamic
 * and cannot be checked statically.
 */
export function checkReferences(resource: Resource<unknown>, ix: FactoryIndex, findings: Findings): void {
  const owner = `${KIND_NOUN[resource.kind] ?? resource.kind} "${resource.name}"`;
  // A mutable path stack, copied only for a finding: the walk visits every JSON node of the factory.
  const path: (string | number)[] = [...resource.propertiesPath];
  // The activities enclosing the walk's position (innermost last), so a finding names its activity.
  const activities: string[] = [];
  const walk = (v: JsonValue): void => {
    if (Array.isArray(v)) {
      const items = v as readonly JsonValue[];
      for (let i = 0; i < items.length; i++) {
        const x = items[i];
        if (typeof x !== 'object' || x === null) continue;
        path.push(i);
        walk(x);
        path.pop();
      }
      return;
    }
    if (!isJsonObject(v)) return;
    // A deactivated activity and everything in it are not validated (ADF: activity state, see
    // https://learn.microsoft.com/azure/data-factory/deactivate-activity).
    if (isInactiveActivity(resource, v)) return;
    const activity = resource.kind === 'pipeline' && isActivityPosition(path) ? v['name'] : undefined;
    if (typeof activity === 'string') activities.push(activity);
    const type = v['type'];
    const ref = v['referenceName'];
    if (typeof type === 'string' && typeof ref === 'string' && ref !== '' && !ref.startsWith('@')) {
      const target = TARGETS[type];
      const map = target?.lookup(ix);
      if (target && map && !map.has(ref.toLowerCase()) && !IMPLICIT.has(ref.toLowerCase())) {
        findings.error(
          target.code,
          `${activities.length > 0 ? `activity "${activities[activities.length - 1]}" of ` : ''}${owner} references ${target.noun} "${ref}", which is not in the factory: no file in ${target.folder}/ defines it (${knownList([...map.values()].map((r) => r.name))})`,
          resource.file,
          [...path, 'referenceName'],
        );
      }
    }
    for (const k in v) {
      const x = v[k];
      if (typeof x !== 'object' || x === null) continue;
      path.push(k);
      walk(x);
      path.pop();
    }
    if (typeof activity === 'string') activities.pop();
  };
  walk(resource.properties as JsonValue);
}
