import type { ResolvedEnvironment } from '../../config/index.js';
import type { DeployFile } from '../../contracts/index.js';
import { ConfigError, formatDiagnostic } from '../../errors/index.js';
import { parseFactory } from '../../model/index.js';
import type { Factory, JsonObject, JsonValue, Resource } from '../../model/index.js';
import { canonicalJson } from '../build/canonical-json.js';
import { applyEnvironment } from '../environments/apply-environment.js';
import { RESOURCE_MAPS } from '../environments/factory-resources.js';
import type { EnvironmentResourceKind } from '../environments/factory-resources.js';
import { setAtPath } from '../environments/json-patch.js';
import type { DeployBundle } from './deploy-bundle.js';
import { notebookMapping } from './notebook-mapping.js';

/** Folder of a version that holds the factory (ADF git layout). */
export const FACTORY_FOLDER = 'factory';
/** The runtime part of the environment a deployed version runs with (secret providers, python, served models). */
export const RUNTIME_ENVIRONMENT_FILE = 'environment.json';
/** The project file of a version; the target's own `millrace.json` points at the current one. */
export const PROJECT_FILE = 'millrace.json';

/** Project settings of the source millrace.json that a deployed version keeps. */
export interface DeployProjectSettings {
  readonly python?: string;
  readonly dbfs?: JsonValue;
  readonly storageEvents?: JsonValue;
}

/** What `materializeVersion` needs. */
export interface MaterializeInput {
  readonly bundle: DeployBundle;
  readonly environment: Pick<ResolvedEnvironment, 'name' | 'protected' | 'layers'>;
  /** Version id: names the folder the version's millrace.json points into. */
  readonly versionId: string;
  readonly settings?: DeployProjectSettings;
}

/** The environment's `secrets` and `serving` sections merged (later files win), its python and its `ml` settings. */
function runtimeEnvironment(env: MaterializeInput['environment']): JsonObject {
  let providers: JsonObject = {};
  let scopes: JsonObject = {};
  let access: JsonValue | undefined;
  let python: string | undefined;
  let ml: JsonObject | undefined;
  let serving: JsonObject | undefined;
  let hasSecrets = false;
  for (const layer of env.layers) {
    if (layer.format !== 'millrace') continue;
    if (layer.spec.python) python = layer.spec.python;
    if (layer.spec.ml) ml = { ...ml, ...(layer.spec.ml as JsonObject) };
    // Served models (model serving): part of the deployed environment, later files win per model.
    if (layer.spec.serving) serving = { ...serving, ...(layer.spec.serving as JsonObject) };
    const s = layer.spec.secrets;
    if (!s) continue;
    hasSecrets = true;
    providers = { ...providers, ...(s.providers as JsonObject) };
    scopes = { ...scopes, ...s.scopes };
    if (s.access) access = s.access;
  }
  return {
    ...(python === undefined ? {} : { python }),
    ...(ml === undefined ? {} : { ml }),
    ...(serving === undefined ? {} : { serving }),
    ...(hasSecrets ? { secrets: { providers, scopes, ...(access === undefined ? {} : { access }) } } : {}),
  };
}

/** The resources the environment changed: file → new JSON (raw with the new `properties`). */
function changedResources(base: Factory, applied: Factory): Map<string, JsonValue> {
  const out = new Map<string, JsonValue>();
  for (const mapName of Object.values(RESOURCE_MAPS)) {
    const before = base[mapName] as ReadonlyMap<string, Resource<unknown>>;
    for (const [name, r] of applied[mapName] as ReadonlyMap<string, Resource<unknown>>) {
      if (before.get(name) === r) continue;
      const json = setAtPath(r.raw, r.propertiesPath, r.properties as JsonValue);
      if (json !== undefined) out.set(r.file, json);
    }
  }
  return out;
}

function environmentError(name: string, message: string): ConfigError {
  return new ConfigError({ code: 'config/invalid-environment', message: `environment ${name}: ${message}` });
}

/**
 * The files of a deployed version: the bundle's resources with the environment's values applied (baked in,
 * as an ADF release applies ARM parameters), its notebooks, the runtime environment (secret providers,
 * python) and a millrace.json that makes the target folder a runnable project. Pure and deterministic.
 */
export async function materializeVersion(input: MaterializeInput): Promise<DeployFile[]> {
  const { bundle, environment, versionId } = input;
  const jsonByFile = new Map(bundle.resources.map((r) => [r.file, r.json]));
  const { factory } = await parseFactory(
    bundle.resources.map((r) => ({ path: r.file, text: canonicalJson(r.json) })),
    { root: FACTORY_FOLDER },
  );
  const applied = applyEnvironment(factory, environment.layers);
  const errors = applied.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw environmentError(environment.name, errors.map(formatDiagnostic).join('; '));
  for (const [file, json] of changedResources(factory, applied.factory)) jsonByFile.set(file, json);
  if (applied.factory.globalParameters !== factory.globalParameters) {
    const factoryFile =
      bundle.resources.find((r) => r.kind === 'factory')?.file ?? `factory/${bundle.factoryName}.json`;
    const current = jsonByFile.get(factoryFile) ?? { name: bundle.factoryName, properties: {} };
    const next = setAtPath(
      current,
      ['properties', 'globalParameters'],
      applied.factory.globalParameters as unknown as JsonValue,
    );
    if (next === undefined)
      throw environmentError(environment.name, `${factoryFile} has no properties object`);
    jsonByFile.set(factoryFile, next);
  }
  const root = `versions/${versionId}`;
  const project: JsonObject = {
    // Which bundle this version is: `millrace run` tags every ML run with it (lineage).
    bundle: {
      version: bundle.version,
      contentHash: bundle.contentHash,
      ...(bundle.commit === undefined ? {} : { commit: bundle.commit }),
      ...(bundle.dirty === undefined ? {} : { dirty: bundle.dirty }),
    },
    factory: `${root}/${FACTORY_FOLDER}`,
    notebooks: Object.fromEntries(
      Object.entries(notebookMapping(bundle.notebooks)).map(([ws, local]) => [ws, `${root}/${local}`]),
    ),
    ...(input.settings?.python === undefined ? {} : { python: input.settings.python }),
    ...(input.settings?.dbfs === undefined ? {} : { dbfs: input.settings.dbfs }),
    ...(input.settings?.storageEvents === undefined ? {} : { storageEvents: input.settings.storageEvents }),
    environments: {
      [environment.name]: {
        parameters: `${root}/${RUNTIME_ENVIRONMENT_FILE}`,
        target: '.',
        protected: environment.protected,
      },
    },
  };
  const files: DeployFile[] = [...jsonByFile].map(([file, json]) => ({
    path: `${FACTORY_FOLDER}/${file}`,
    text: canonicalJson(json),
  }));
  for (const n of bundle.notebooks) files.push({ path: n.file, text: n.content });
  files.push({ path: RUNTIME_ENVIRONMENT_FILE, text: canonicalJson(runtimeEnvironment(environment)) });
  files.push({ path: PROJECT_FILE, text: canonicalJson(project) });
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Kinds whose resources an environment may change (re-exported for the diff). */
export type { EnvironmentResourceKind };
