import { createHash } from 'node:crypto';
import type { Diagnostic, JsonPath } from '../errors/index.js';
import { createDiagnostic } from '../errors/index.js';
import { activityTypeProperties } from './adf-type-properties.js';
import { locateDiagnostic } from './factory-file.js';
import type { FactoryFile, SourceIndex } from './factory-file.js';
import { parseJsonSource } from './json-source.js';
import type { JsonSource } from './json-source.js';
import { isJsonObject } from './json.js';
import type { JsonObject } from './json.js';
import {
  normalizeDataset,
  normalizeGlobalParameters,
  normalizeLinkedService,
  normalizePipeline,
  normalizeTrigger,
} from './normalize.js';
import type { Factory, GlobalParameterSpec, Resource, ResourceKind } from './types.js';
import type { TypePropertiesShape } from './type-properties-shape.js';
import { isWellFormedResource } from './well-formed.js';

/** The result of parsing a factory: the model, the findings, and a way to locate later findings. */
export interface ParsedFactory {
  readonly factory: Factory;
  readonly diagnostics: Diagnostic[];
  readonly sources: SourceIndex;
}

/** Options of parseFactory. */
export interface ParseFactoryOptions {
  /** Recorded as `Factory.root`. Default `.`. */
  readonly root?: string;
  /**
   * The `typeProperties` shapes the registered activity definitions declare, by canonical type (the app
   * passes the built-ins'); checked besides ADF's own (`ADF_TYPE_PROPERTIES`). Other types are not checked.
   */
  readonly activityTypeProperties?: Readonly<Record<string, TypePropertiesShape>>;
}

/** Resource folders (first path segment, lower case) → kind. Other folders (sqlscript/, …) are ignored. */
const FOLDERS: ReadonlyMap<string, ResourceKind> = new Map<string, ResourceKind>([
  ['pipeline', 'pipeline'],
  ['dataset', 'dataset'],
  ['linkedservice', 'linkedService'],
  ['trigger', 'trigger'],
  ['dataflow', 'dataflow'],
  ['integrationruntime', 'integrationRuntime'],
  ['credential', 'credential'],
  ['factory', 'factory'],
  ['managedvirtualnetwork', 'managedVirtualNetwork'],
  ['notebook', 'notebook'],
]);

/** The resource kind of a factory-relative path, or undefined when the file is not a resource file. */
export function resourceKindOf(path: string): ResourceKind | undefined {
  const slash = path.indexOf('/');
  if (slash < 0 || !path.toLowerCase().endsWith('.json')) return undefined;
  return FOLDERS.get(path.slice(0, slash).toLowerCase());
}

/** A resource the fast structural check rejected: zod runs on it to say why. */
interface SchemaSuspect {
  /** Where its findings go in the diagnostics (they come before later findings of the same file). */
  readonly at: number;
  readonly file: string;
  readonly kind: ResourceKind;
  readonly properties: JsonObject;
  readonly propertiesPath: JsonPath;
}

/** Resource kinds whose names follow ADF's object naming rules (factories and networks have their own). */
const NAMED_KINDS = new Set([
  'pipeline',
  'dataset',
  'linkedService',
  'trigger',
  'dataflow',
  'integrationRuntime',
  'credential',
]);

/** Characters ADF refuses in object names (https://learn.microsoft.com/azure/data-factory/naming-rules). */
const FORBIDDEN_NAME_CHARACTERS = /[.+?/<>*%&:\\#]/;

/**
 * ADF's naming rules for a resource's `name`: a non-empty string that starts with a letter, a digit or `_`
 * and holds none of `. + ? / < > * % & : \ #` (ADF refuses to publish otherwise: an error). A name that
 * differs from its file's name loads (ADF reads the name from the JSON) with a warning: ADF's git integration
 * names each file after its resource. A file without `name` takes its file's name, as real exports expect.
 */
function checkName(top: JsonObject, kind: string, fileName: string, file: string): Diagnostic[] {
  if (!Object.hasOwn(top, 'name')) return [];
  const raw = top['name'];
  const at = { file, path: ['name'] };
  if (typeof raw !== 'string' || raw === '')
    return [createDiagnostic('error', 'model/invalid-name', `a ${kind} name must be a non-empty string`, at)];
  const bad = FORBIDDEN_NAME_CHARACTERS.exec(raw)?.[0];
  if (bad !== undefined || !/^[\p{L}\p{N}_]/u.test(raw))
    return [
      createDiagnostic(
        'error',
        'model/invalid-name',
        bad !== undefined
          ? `${kind} name "${raw}" contains "${bad}", which ADF does not allow in names`
          : `${kind} name "${raw}" must start with a letter, a digit or "_"`,
        at,
      ),
    ];
  if (raw !== fileName)
    return [
      createDiagnostic(
        'warning',
        'model/name-file-mismatch',
        `${kind} "${raw}" is in ${file}: ADF's git integration keeps it in ${raw}.json`,
        at,
      ),
    ];
  return [];
}

/**
 * Parses the files of a factory folder into a Factory. Tolerant of real exports: a BOM, CRLF, tabs, an
 * extra top-level ARM `type`, resources without the `name`/`properties` wrapper, names that differ from file
 * names, case-insensitive type names. Never rejects for bad input: every problem is a Diagnostic.
 *
 * Async only because the zod schemas (schemas/) load on demand: a well-formed factory passes the fast
 * structural check (well-formed.ts) and never pays for loading zod (a third of `millrace validate`'s start).
 */
export async function parseFactory(
  files: readonly FactoryFile[],
  options: ParseFactoryOptions = {},
): Promise<ParsedFactory> {
  const typeProperties = activityTypeProperties(options.activityTypeProperties);
  const diagnostics: Diagnostic[] = [];
  const parsed = new Map<string, JsonSource>();
  const maps = {
    pipeline: new Map<string, Resource<JsonObject>>(),
    dataset: new Map<string, Resource<JsonObject>>(),
    linkedService: new Map<string, Resource<JsonObject>>(),
    trigger: new Map<string, Resource<JsonObject>>(),
    dataflow: new Map<string, Resource<JsonObject>>(),
    integrationRuntime: new Map<string, Resource<JsonObject>>(),
    credential: new Map<string, Resource<JsonObject>>(),
    notebook: new Map<string, Resource<JsonObject>>(),
  };
  const seen = new Map<string, string>(); // `${kind}\0${lowercased name}` → file
  let factoryName: string | undefined;
  let globalParameters: Readonly<Record<string, GlobalParameterSpec>> = {};
  let hasFactoryFile = false;
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const suspects: SchemaSuspect[] = [];
  let contentHash: string | undefined;

  for (const file of sorted) {
    const kind = resourceKindOf(file.path);
    if (!kind) continue;
    const source = parseJsonSource(file.text);
    parsed.set(file.path, source);
    if (source.error) {
      const { message, line, column } = source.error;
      diagnostics.push(
        createDiagnostic('error', 'model/invalid-json', message, { file: file.path, path: [], line, column }),
      );
      continue;
    }
    const top = source.value;
    if (!isJsonObject(top)) {
      diagnostics.push(
        createDiagnostic('error', 'model/not-an-object', 'a resource file must hold a JSON object', {
          file: file.path,
          path: [],
        }),
      );
      continue;
    }
    const wrapped = isJsonObject(top['properties']);
    const propertiesPath: JsonPath = wrapped ? ['properties'] : [];
    const rawProperties: JsonObject = wrapped ? (top['properties'] as JsonObject) : withoutKey(top, 'name');
    const fileName = file.path.slice(file.path.lastIndexOf('/') + 1).replace(/\.json$/i, '');
    const name = typeof top['name'] === 'string' && top['name'] !== '' ? top['name'] : fileName;
    if (NAMED_KINDS.has(kind)) diagnostics.push(...checkName(top, kind, fileName, file.path));

    if (!isWellFormedResource(kind, rawProperties, typeProperties))
      suspects.push({
        at: diagnostics.length,
        file: file.path,
        kind,
        properties: rawProperties,
        propertiesPath,
      });

    if (kind === 'factory') {
      hasFactoryFile = true;
      factoryName ??= name;
      globalParameters = {
        ...globalParameters,
        ...normalizeGlobalParameters(rawProperties['globalParameters']),
      };
      continue;
    }
    if (kind === 'managedVirtualNetwork') continue;
    const key = `${kind}\0${name.toLowerCase()}`;
    const previous = seen.get(key);
    if (previous !== undefined) {
      diagnostics.push(
        createDiagnostic(
          'error',
          'model/duplicate-resource-name',
          `${kind} "${name}" is defined twice: in ${previous} and in ${file.path} (names are case-insensitive)`,
          { file: file.path, path: wrapped ? ['name'] : [] },
        ),
      );
      continue;
    }
    seen.set(key, file.path);
    maps[kind].set(name, {
      kind,
      name,
      file: file.path,
      propertiesPath,
      raw: top,
      properties: rawProperties,
    });
  }

  if (suspects.length > 0) {
    const { checkResourceSchema } = await import('./schema-check.js');
    for (const s of suspects.reverse()) {
      const found = checkResourceSchema(s.kind, s.properties, s.propertiesPath, typeProperties).map((issue) =>
        createDiagnostic('error', issue.code, issue.message, { file: s.file, path: issue.path }),
      );
      diagnostics.splice(s.at, 0, ...found);
    }
  }

  const normalizeAll = <P>(
    m: Map<string, Resource<JsonObject>>,
    f: (p: JsonObject) => P,
  ): ReadonlyMap<string, Resource<P>> =>
    new Map([...m].map(([k, r]) => [k, { ...r, properties: f(r.properties) }]));
  const identity = (p: JsonObject): JsonObject => p;
  const factory: Factory = {
    root: options.root ?? '.',
    ...(factoryName === undefined ? {} : { name: factoryName }),
    pipelines: normalizeAll(maps.pipeline, normalizePipeline),
    datasets: normalizeAll(maps.dataset, normalizeDataset),
    linkedServices: normalizeAll(maps.linkedService, normalizeLinkedService),
    triggers: normalizeAll(maps.trigger, normalizeTrigger),
    dataflows: maps.dataflow,
    integrationRuntimes: maps.integrationRuntime,
    credentials: maps.credential,
    ...(maps.notebook.size > 0 ? { notebooks: normalizeAll(maps.notebook, identity) } : {}),
    globalParameters,
    hasFactoryFile,
    // Hashed on first read: only runs record it, and it is a pass over every byte of the factory.
    get contentHash(): string {
      return (contentHash ??= hashFiles(sorted));
    },
  };
  const sources: SourceIndex = { locate: (f, path) => parsed.get(f)?.locate(path) };
  return { factory, diagnostics: diagnostics.map((d) => locateDiagnostic(d, sources)), sources };
}

/** sha256 over the sorted paths and contents. */
function hashFiles(sorted: readonly FactoryFile[]): string {
  const hash = createHash('sha256');
  for (const file of sorted) hash.update(file.path).update('\0').update(file.text).update('\0');
  return hash.digest('hex');
}

function withoutKey(o: JsonObject, key: string): JsonObject {
  const { [key]: _drop, ...rest } = o;
  return rest;
}
