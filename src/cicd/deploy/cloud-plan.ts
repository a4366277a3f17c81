import type { CloudFactory, CloudResourceKind, CloudWorkspace } from '../../contracts/index.js';
import { CLOUD_RESOURCE_KINDS } from '../../contracts/index.js';
import { isJsonObject } from '../../model/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { sha256Hex } from '../build/canonical-json.js';
import type { DeployBundle } from './deploy-bundle.js';
import { diffSnapshots } from './deploy-diff.js';
import type { DeployDiff } from './deploy-diff.js';
import type { DeployEnvironment } from './deploy-plan.js';
import { materializeVersion } from './materialize.js';
import { collectSecrets, createSecretMasker } from './secret-mask.js';
import type { TriggerPlan } from './trigger-plan.js';
import type { SnapshotResource, VersionSnapshot } from './version-snapshot.js';

/** A notebook as the workspace gets it. */
export interface WorkspaceNotebook {
  /** Workspace path, without the file extension (`/Prod/team/etl/transform`). */
  readonly path: string;
  readonly language: 'PYTHON' | 'SQL' | 'SCALA' | 'R';
  readonly content: string;
}

/** The Databricks side of a cloud deploy. */
export interface WorkspaceTarget {
  readonly workspace: CloudWorkspace;
  /** Bundle workspace folder → this environment's folder (longest prefix wins). */
  readonly notebookPaths?: Readonly<Record<string, string>>;
  /** A secret scope to fill: its name and the keys to put (values are read only when applied). */
  readonly secretScope?: { readonly name: string; readonly keys: readonly string[] };
}

/** What a cloud plan needs. */
export interface CloudPlanInput {
  readonly bundle: DeployBundle;
  readonly environment: DeployEnvironment;
  readonly factory: CloudFactory;
  readonly workspace?: WorkspaceTarget;
  /** Delete the factory's resources the bundle does not have (opt-in). */
  readonly deleteRemoved: boolean;
  /** Triggers an interrupted deploy stopped and never started again (its report). */
  readonly interrupted?: readonly string[];
  readonly signal?: AbortSignal;
}

/** One resource to write, in apply order. */
export interface CloudWrite {
  readonly kind: CloudResourceKind;
  readonly name: string;
  readonly properties: JsonObject;
}

/** A computed cloud deploy. */
export interface CloudPlan {
  readonly diff: DeployDiff;
  readonly writes: readonly CloudWrite[];
  /** Resources to delete, triggers first. */
  readonly deletes: readonly { readonly kind: CloudResourceKind; readonly name: string }[];
  /** Factory resources the bundle lacks that stay (deleteRemoved off). */
  readonly kept: readonly string[];
  readonly notebooks: readonly WorkspaceNotebook[];
  readonly secretKeys: readonly string[];
  readonly triggers: TriggerPlan;
}

const LANGUAGE: Record<string, WorkspaceNotebook['language']> = {
  py: 'PYTHON',
  sql: 'SQL',
  scala: 'SCALA',
  r: 'R',
};

/** The bundle's notebooks at this environment's workspace paths (`notebookPaths`, longest prefix first). */
export function workspaceNotebooks(
  bundle: DeployBundle,
  mapping: Readonly<Record<string, string>> = {},
): WorkspaceNotebook[] {
  const prefixes = Object.keys(mapping).sort((a, b) => b.length - a.length);
  return bundle.notebooks.flatMap((n) => {
    const ext = /\.([A-Za-z]+)$/.exec(n.workspacePath)?.[1]?.toLowerCase() ?? '';
    const language = LANGUAGE[ext];
    if (!language) return [];
    const from = prefixes.find(
      (p) => n.workspacePath === p || n.workspacePath.startsWith(`${p.replace(/\/+$/, '')}/`),
    );
    const mapped =
      from === undefined
        ? n.workspacePath
        : `${mapping[from]!.replace(/\/+$/, '')}${n.workspacePath.slice(from.replace(/\/+$/, '').length)}`;
    return [{ path: mapped.replace(/\.[A-Za-z]+$/, ''), language, content: n.content }];
  });
}

/** The properties ADF keeps: `runtimeState` of a trigger is read-only (set by start/stop, not by a PUT). */
function writable(kind: CloudResourceKind, properties: JsonObject): JsonObject {
  if (kind !== 'trigger' || !('runtimeState' in properties)) return properties;
  const { runtimeState: _state, ...rest } = properties;
  return rest;
}

/**
 * A definition as the what-if compares it: properties whose value is empty (`[]`, `{}`, null) are left out on
 * both sides, since the service returns `annotations: []`, `dependsOn: []`, `userProperties: []` … for what a
 * factory's git files often omit; an empty value and an absent one mean the same to ADF.
 */
function comparable(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(comparable);
  if (!isJsonObject(value)) return value;
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(value)) {
    const c = comparable(v);
    const empty =
      c === null || (Array.isArray(c) && c.length === 0) || (isJsonObject(c) && Object.keys(c).length === 0);
    if (!empty) out[k] = c;
  }
  return out;
}

/** `referenceName`s of `{type: <refType>}` objects anywhere in a JSON value. */
function references(value: JsonValue, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value as readonly JsonValue[]) references(v, out);
  else if (isJsonObject(value)) {
    if (typeof value['referenceName'] === 'string') out.add(value['referenceName']);
    for (const v of Object.values(value)) references(v, out);
  }
  return out;
}

/** Orders writes of one kind so that a resource comes after those of the same kind it references (Execute Pipeline, Key Vault linked services, flowlets). */
function topological(items: readonly CloudWrite[]): CloudWrite[] {
  const byName = new Map(items.map((w) => [w.name, w]));
  const done = new Set<string>();
  const out: CloudWrite[] = [];
  const visit = (w: CloudWrite, path: Set<string>): void => {
    if (done.has(w.name) || path.has(w.name)) return;
    path.add(w.name);
    for (const r of references(w.properties)) {
      const dep = byName.get(r);
      if (dep && dep !== w) visit(dep, path);
    }
    done.add(w.name);
    out.push(w);
  };
  for (const w of [...items].sort((a, b) => (a.name < b.name ? -1 : 1))) visit(w, new Set());
  return out;
}

const isKind = (k: string): k is CloudResourceKind => (CLOUD_RESOURCE_KINDS as readonly string[]).includes(k);
const key = (kind: string, name: string): string => `${kind}/${name}`;

/** Pipelines a trigger starts (`pipelines[]` of schedule/event triggers, `pipeline` of a tumbling window). */
function triggerPipelines(properties: JsonValue | undefined): string[] {
  if (!isJsonObject(properties)) return [];
  const list = [
    ...(Array.isArray(properties['pipelines']) ? (properties['pipelines'] as readonly JsonValue[]) : []),
    properties['pipeline'] ?? null,
  ];
  return list.flatMap((p) => {
    const ref = isJsonObject(p) ? p['pipelineReference'] : undefined;
    return isJsonObject(ref) && typeof ref['referenceName'] === 'string' ? [ref['referenceName']] : [];
  });
}

/**
 * Plans a cloud deploy without changing anything: the bundle with the environment's values applied (as a
 * deploy to a Millrace target materializes it) against the factory's current definitions, the notebooks
 * against the workspace's, and the triggers to stop: the running ones whose definition or pipelines change
 * or that are deleted. Secret values never appear in the diff.
 */
export async function planCloudDeploy(input: CloudPlanInput): Promise<CloudPlan> {
  const { bundle, environment, factory, signal } = input;
  const files = await materializeVersion({ bundle, environment, versionId: 'cloud' });
  const text = new Map(files.map((f) => [f.path, f.text]));
  const desired = new Map<string, CloudWrite>();
  for (const r of bundle.resources) {
    if (!isKind(r.kind)) continue;
    const json = JSON.parse(text.get(`factory/${r.file}`) ?? 'null') as JsonValue;
    if (!isJsonObject(json) || typeof json['name'] !== 'string' || !isJsonObject(json['properties']))
      continue;
    desired.set(key(r.kind, json['name']), {
      kind: r.kind,
      name: json['name'],
      properties: writable(r.kind, json['properties']),
    });
  }
  // Global parameters (the factory file's, with the environment's values) are the factory's `default` set.
  const factoryFile = files.find((f) => /^factory\/factory\/[^/]+\.json$/.test(f.path));
  const factoryJson = factoryFile ? (JSON.parse(factoryFile.text) as JsonValue) : undefined;
  const globals =
    isJsonObject(factoryJson) && isJsonObject(factoryJson['properties'])
      ? factoryJson['properties']['globalParameters']
      : undefined;
  if (isJsonObject(globals) && Object.keys(globals).length > 0)
    desired.set(key('globalParameters', 'default'), {
      kind: 'globalParameters',
      name: 'default',
      properties: globals,
    });
  const live = new Map<string, SnapshotResource>();
  const runningTriggers = new Set<string>();
  for (const kind of CLOUD_RESOURCE_KINDS)
    for (const r of await factory.list(kind, signal)) {
      if (kind === 'trigger' && r.properties['runtimeState'] === 'Started') runningTriggers.add(r.name);
      live.set(key(kind, r.name), { kind, name: r.name, json: comparable(writable(kind, r.properties)) });
    }
  const kept = [...live.keys()].filter((k) => !desired.has(k) && !input.deleteRemoved).sort();
  const current = new Map([...live].filter(([k]) => !kept.includes(k)));
  const next = new Map(
    [...desired].map(([k, w]): [string, SnapshotResource] => [
      k,
      { kind: w.kind, name: w.name, json: comparable(w.properties) },
    ]),
  );

  const notebooks = input.workspace ? workspaceNotebooks(bundle, input.workspace.notebookPaths) : [];
  const liveNotebooks = new Map<string, string>();
  const nextNotebooks = new Map<string, string>();
  for (const n of notebooks) {
    nextNotebooks.set(n.path, sha256Hex(n.content));
    const there = await input.workspace!.workspace.exportNotebook(n.path, signal);
    if (there !== undefined) liveNotebooks.set(n.path, sha256Hex(there));
  }
  const scope = input.workspace?.secretScope;
  const secretKeys = scope ? [...scope.keys].sort() : [];
  if (scope) {
    const scopes = await input.workspace.workspace.listScopes(signal);
    const present = scopes.includes(scope.name)
      ? new Set(await input.workspace.workspace.listSecrets(scope.name, signal))
      : new Set();
    for (const k of secretKeys) {
      // The Secrets API never returns values: a key that exists is unchanged, a missing one is added.
      next.set(key('secret', `${scope.name}.${k}`), { kind: 'secret', name: `${scope.name}.${k}`, json: {} });
      if (present.has(k))
        current.set(key('secret', `${scope.name}.${k}`), {
          kind: 'secret',
          name: `${scope.name}.${k}`,
          json: {},
        });
    }
  }
  const snapshot = (resources: Map<string, SnapshotResource>, nb: Map<string, string>): VersionSnapshot => ({
    resources,
    notebooks: nb,
    environment: null,
  });
  const secrets = collectSecrets([
    ...environment.layers.map((l) => (l.format === 'millrace' ? l.spec : l.parameters)),
    ...[...current.values(), ...next.values()].map((r) => r.json),
  ]);
  const diff = diffSnapshots(
    snapshot(current, liveNotebooks),
    snapshot(next, nextNotebooks),
    createSecretMasker(secrets),
    environment.name,
  );
  const changed = new Set(diff.resources.filter((r) => r.action !== 'add').map((r) => key(r.kind, r.name)));
  const added = new Set(diff.resources.filter((r) => r.action === 'add').map((r) => key(r.kind, r.name)));
  const writes: CloudWrite[] = [];
  for (const kind of CLOUD_RESOURCE_KINDS)
    writes.push(
      ...topological(
        [...desired.values()].filter(
          (w) => w.kind === kind && (changed.has(key(kind, w.name)) || added.has(key(kind, w.name))),
        ),
      ),
    );
  const deletes = diff.resources
    .filter((r) => r.action === 'remove' && isKind(r.kind))
    .map((r) => ({ kind: r.kind as CloudResourceKind, name: r.name }))
    .sort((a, b) => CLOUD_RESOURCE_KINDS.indexOf(b.kind) - CLOUD_RESOURCE_KINDS.indexOf(a.kind));
  const touchedPipelines = new Set(
    diff.resources.filter((r) => r.kind === 'pipeline' && r.action !== 'add').map((r) => r.name),
  );
  const stop = [...runningTriggers]
    .filter((t) => {
      if (changed.has(key('trigger', t))) return true;
      const before = live.get(key('trigger', t))?.json;
      const after = desired.get(key('trigger', t))?.properties;
      return [...triggerPipelines(before), ...triggerPipelines(after)].some((p) => touchedPipelines.has(p));
    })
    .sort();
  const deleted = new Set(deletes.filter((d) => d.kind === 'trigger').map((d) => d.name));
  const exists = (t: string): boolean =>
    desired.has(key('trigger', t)) || (live.has(key('trigger', t)) && !deleted.has(t));
  // Exactly the triggers this deploy stops (or an interrupted one left stopped) that still exist.
  const restart = [...new Set([...stop, ...(input.interrupted ?? [])])]
    .filter((t) => exists(t) && (stop.includes(t) || !runningTriggers.has(t)))
    .sort();
  return {
    diff,
    writes,
    deletes,
    kept,
    notebooks: notebooks.filter((n) => liveNotebooks.get(n.path) !== nextNotebooks.get(n.path)),
    secretKeys: diff.resources.some((r) => r.kind === 'secret') ? secretKeys : [],
    triggers: { stop, restart },
  };
}
