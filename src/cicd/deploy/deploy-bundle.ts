import { ConfigError } from '../../errors/index.js';
import { isJsonObject } from '../../model/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION } from '../build/build-artifact.js';
import { canonicalJson, sha256Hex } from '../build/canonical-json.js';

/** A resource file of a bundle: its factory-relative path and JSON (secrets already redacted by the build). */
export interface BundleResource {
  readonly file: string;
  readonly kind: string;
  readonly json: JsonValue;
}

/** A notebook file of a bundle. */
export interface BundleNotebook {
  /** Project-relative path (`notebooks/etl/transform.py`). */
  readonly file: string;
  /** Databricks workspace path (`/Shared/team/etl/transform.py`). */
  readonly workspacePath: string;
  readonly sha256: string;
  readonly content: string;
}

/** A verified bundle (`bundle.json` written by `millrace build`). */
export interface DeployBundle {
  /** `sha256:<hex>` over the canonical content; verified. */
  readonly contentHash: string;
  readonly version: string;
  /** The git commit the bundle was built from (`millrace build` records it when the project is in git). */
  readonly commit?: string;
  /** The working tree had uncommitted changes when it was built. */
  readonly dirty?: boolean;
  readonly factoryName: string;
  readonly resources: readonly BundleResource[];
  readonly notebooks: readonly BundleNotebook[];
  /** The bundle text as read (kept by hash in the target, for rollback). */
  readonly text: string;
}

function tampered(message: string, file: string): ConfigError {
  return new ConfigError({
    code: 'deploy/tampered-bundle',
    message: `${file}: ${message}; refusing to deploy`,
    location: { file },
    hint: 'rebuild the bundle with `millrace build` and deploy the untouched output',
  });
}

const str = (o: JsonObject, key: string): string | undefined =>
  typeof o[key] === 'string' ? o[key] : undefined;

function notebooksOf(list: JsonValue | undefined, file: string): BundleNotebook[] {
  if (!Array.isArray(list)) throw tampered('"notebooks" is not a list', file);
  return (list as readonly JsonValue[]).map((n, i) => {
    if (!isJsonObject(n)) throw tampered(`notebooks[${i}] is not an object`, file);
    const path = str(n, 'file');
    const workspacePath = str(n, 'workspacePath');
    const sha256 = str(n, 'sha256');
    const content = str(n, 'content');
    if (path === undefined || workspacePath === undefined || sha256 === undefined || content === undefined)
      throw tampered(`notebooks[${i}] lacks file, workspacePath, sha256 or content`, file);
    if (sha256Hex(content) !== sha256) throw tampered(`notebook ${path} does not match its sha256`, file);
    return { file: path, workspacePath, sha256, content };
  });
}

function resourcesOf(list: JsonValue | undefined, file: string): BundleResource[] {
  if (!Array.isArray(list)) throw tampered('"resources" is not a list', file);
  return (list as readonly JsonValue[]).map((r, i) => {
    const path = isJsonObject(r) ? str(r, 'file') : undefined;
    const kind = isJsonObject(r) ? str(r, 'kind') : undefined;
    if (!isJsonObject(r) || path === undefined || kind === undefined || r['json'] === undefined)
      throw tampered(`resources[${i}] lacks file, kind or json`, file);
    return { file: path, kind, json: r['json'] };
  });
}

/**
 * Parses `bundle.json` and verifies it: the format tag, then the content hash recomputed over the canonical
 * JSON of `resources`, `notebooks` and `parameterDefinition` (exactly what the build hashed) and each
 * notebook's sha256. Any mismatch throws ConfigError `deploy/tampered-bundle` (the CLI exits 2).
 */
export function parseDeployBundle(text: string, file = 'bundle.json'): DeployBundle {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new ConfigError({
      code: 'deploy/invalid-bundle',
      message: `${file} is not valid JSON`,
      location: { file },
      cause: err,
    });
  }
  if (!isJsonObject(json) || json['format'] !== BUNDLE_FORMAT)
    throw new ConfigError({
      code: 'deploy/invalid-bundle',
      message: `${file} is not a Millrace bundle (expected "format": "${BUNDLE_FORMAT}")`,
      location: { file },
      hint: 'deploy the folder `millrace build --out <dir>` wrote, or its bundle.json',
    });
  const b: JsonObject = json;
  if (b['formatVersion'] !== BUNDLE_FORMAT_VERSION)
    throw new ConfigError({
      code: 'deploy/unsupported-bundle',
      message: `${file} has bundle format version ${JSON.stringify(b['formatVersion'] ?? null)}; this Millrace reads ${BUNDLE_FORMAT_VERSION}`,
      location: { file, path: ['formatVersion'] },
    });
  const content: JsonObject = {
    resources: b['resources'] ?? null,
    notebooks: b['notebooks'] ?? null,
    ...(b['parameterDefinition'] === undefined ? {} : { parameterDefinition: b['parameterDefinition'] }),
  };
  const actual = `sha256:${sha256Hex(canonicalJson(content))}`;
  const declared = str(b, 'contentHash');
  if (declared !== actual)
    throw tampered(`content hash ${actual} does not match the declared ${declared ?? '(none)'}`, file);
  const commit = str(b, 'commit');
  return {
    contentHash: actual,
    version: str(b, 'version') ?? 'unversioned',
    ...(commit === undefined ? {} : { commit }),
    ...(typeof b['dirty'] === 'boolean' ? { dirty: b['dirty'] } : {}),
    factoryName: str(b, 'factoryName') ?? 'factory',
    resources: resourcesOf(b['resources'], file),
    notebooks: notebooksOf(b['notebooks'], file),
    text,
  };
}
