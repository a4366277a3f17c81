import type { DeployFile } from '../../contracts/index.js';
import { isJsonObject, parseJsonSource, resourceKindOf } from '../../model/index.js';
import type { JsonValue } from '../../model/index.js';
import { sha256Hex } from '../build/canonical-json.js';
import { FACTORY_FOLDER, PROJECT_FILE, RUNTIME_ENVIRONMENT_FILE } from './materialize.js';

/** One resource of a version as the diff compares it: `<kind>/<name>` and its file's JSON. */
export interface SnapshotResource {
  readonly kind: string;
  readonly name: string;
  readonly json: JsonValue;
}

/** What a version deploys, keyed for the diff. */
export interface VersionSnapshot {
  /** By `<kind>/<name>` (name as written). */
  readonly resources: ReadonlyMap<string, SnapshotResource>;
  /** Notebook files by project-relative path → sha256 of the content. */
  readonly notebooks: ReadonlyMap<string, string>;
  /** The runtime environment (secret providers, python). */
  readonly environment: JsonValue;
}

const parse = (text: string): JsonValue => parseJsonSource(text).value ?? null;

/** Reads the files of a version (materialized, or read back from the target) into a snapshot. */
export function snapshotOf(files: readonly DeployFile[]): VersionSnapshot {
  const resources = new Map<string, SnapshotResource>();
  const notebooks = new Map<string, string>();
  let environment: JsonValue = {};
  for (const f of files) {
    if (f.path === PROJECT_FILE) continue;
    if (f.path === RUNTIME_ENVIRONMENT_FILE) {
      environment = parse(f.text);
      continue;
    }
    if (f.path.startsWith(`${FACTORY_FOLDER}/`)) {
      const rel = f.path.slice(FACTORY_FOLDER.length + 1);
      const kind = resourceKindOf(rel);
      if (kind === undefined) continue;
      const json = parse(f.text);
      const declared = isJsonObject(json) && typeof json['name'] === 'string' ? json['name'] : undefined;
      const name = declared ?? rel.slice(rel.lastIndexOf('/') + 1).replace(/\.json$/i, '');
      resources.set(`${kind}/${name}`, { kind, name, json });
      continue;
    }
    notebooks.set(f.path, sha256Hex(f.text));
  }
  return { resources, notebooks, environment };
}

/** A snapshot of nothing (the target before its first deploy). */
export const EMPTY_SNAPSHOT: VersionSnapshot = {
  resources: new Map(),
  notebooks: new Map(),
  environment: {},
};
