import type { Diagnostic } from '../../errors/index.js';
import { ConfigError } from '../../errors/index.js';
import { parseJsonSource } from '../../model/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { buildKindOf } from './arm-resources.js';
import { createArmTemplate } from './arm-template.js';
import { LINKED_TEMPLATES_DIR } from './linked-templates.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { redactSecrets } from './redact-secrets.js';
import type { RedactedValue } from './redact-secrets.js';

/** Format tag of bundle.json; bump `BUNDLE_FORMAT_VERSION` on an incompatible change. */
export const BUNDLE_FORMAT = 'millrace-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
export const BUNDLE_FILE = 'bundle.json';
export const ARM_TEMPLATE_FILE = 'ARMTemplateForFactory.json';
export const ARM_PARAMETERS_FILE = 'ARMTemplateParametersForFactory.json';

/** A text file that goes into the build (a factory resource file or a notebook). */
export interface SourceText {
  /** Factory-relative (resources) or project-relative (notebooks) path, `/` separators. */
  readonly path: string;
  readonly text: string;
}

/** A notebook file under a notebooks mapping of millrace.json. */
export interface NotebookSource extends SourceText {
  /** Databricks workspace path of the file (`/Shared/team/etl/transform.py`). */
  readonly workspacePath: string;
}

/** Which version a build is. */
export interface BuildVersion {
  /** The version label recorded in the bundle: `--version`, else the git commit, else `unversioned`. */
  readonly label: string;
  readonly commit?: string;
  /** True when the working tree had uncommitted changes. */
  readonly dirty?: boolean;
}

/** Everything a build needs, already read from disk (see app/build-project.ts). */
export interface BuildInput {
  readonly factoryName: string;
  /** The factory's resource files. */
  readonly files: readonly SourceText[];
  readonly notebooks: readonly NotebookSource[];
  /** arm-template-parameters-definition.json, when the factory has one. */
  readonly parameterDefinition?: SourceText;
  /** publish_config.json of the factory root, when it has one (global parameters in the template or not). */
  readonly publishConfig?: SourceText;
  /** Factories that published from this repository (its publish branch): they win when factory/ holds several. */
  readonly publishedFactories?: readonly string[];
  readonly version: BuildVersion;
  /** ISO timestamp recorded as `builtAt` (from SOURCE_DATE_EPOCH only, to stay reproducible). */
  readonly builtAt?: string;
}

/** The artifact: files to write (path → text), the manifest (bundle.json without its content), findings. */
export interface BuildArtifact {
  readonly files: ReadonlyMap<string, string>;
  readonly contentHash: string;
  readonly version: BuildVersion;
  readonly resourceCount: number;
  readonly notebookCount: number;
  readonly armParameterCount: number;
  readonly redacted: readonly RedactedValue[];
  readonly diagnostics: readonly Diagnostic[];
}

function parse(file: SourceText): JsonValue {
  const source = parseJsonSource(file.text);
  if (source.value === undefined)
    throw new ConfigError({
      code: 'build/invalid-json',
      message: source.error?.message ?? 'invalid JSON',
      location: { file: file.path, path: [] },
    });
  return source.value;
}

const byPath = <T extends { readonly path: string }>(a: T, b: T): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : 0;

/**
 * Builds the deployable artifact of a validated factory: `bundle.json` (every resource file's JSON, every
 * notebook, a sha256 content hash over their canonical form, the version) plus the ADF ARM template set.
 * Pure and deterministic: the same input gives byte-identical files (sorted keys, no clock). Secret
 * values never reach any file (bundle: `**********`; ARM: `secureString` parameters).
 */
export function createBuildArtifact(input: BuildInput): BuildArtifact {
  const redacted: RedactedValue[] = [];
  const resourceFiles = [...input.files].filter((f) => buildKindOf(f.path) !== undefined).sort(byPath);
  const parsed = resourceFiles.map((f) => ({ path: f.path, json: parse(f) }));
  const resources = parsed.map((f) => {
    const clean = redactSecrets(f.path, f.json);
    redacted.push(...clean.redacted);
    return { file: f.path, kind: buildKindOf(f.path) ?? 'unknown', json: clean.json };
  });
  const notebooks = [...input.notebooks].sort(byPath).map((n) => ({
    file: n.path,
    workspacePath: n.workspacePath,
    sha256: sha256Hex(n.text),
    content: n.text,
  }));
  const definition = input.parameterDefinition ? parse(input.parameterDefinition) : undefined;
  const content: JsonObject = {
    resources,
    notebooks,
    ...(definition === undefined ? {} : { parameterDefinition: definition }),
  };
  const contentHash = `sha256:${sha256Hex(canonicalJson(content))}`;
  const publishConfig = input.publishConfig ? parse(input.publishConfig) : undefined;
  const arm = createArmTemplate({
    files: parsed,
    factoryName: input.factoryName,
    ...(definition === undefined ? {} : { parameterDefinition: definition }),
    ...(publishConfig === undefined ? {} : { publishConfig }),
    ...(input.publishedFactories === undefined ? {} : { publishedFactories: input.publishedFactories }),
  });
  const { version } = input;
  const globalParametersFile = `globalParameters/${arm.factoryName}_GlobalParameters.json`;
  const bundle: JsonObject = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    factoryName: arm.factoryName,
    version: version.label,
    ...(version.commit === undefined ? {} : { commit: version.commit }),
    ...(version.dirty === undefined ? {} : { dirty: version.dirty }),
    ...(input.builtAt === undefined ? {} : { builtAt: input.builtAt }),
    contentHash,
    arm: {
      template: ARM_TEMPLATE_FILE,
      parameters: ARM_PARAMETERS_FILE,
      linkedTemplates: [...arm.linkedTemplates.keys()].map((f) => `${LINKED_TEMPLATES_DIR}/${f}`),
      globalParameters: globalParametersFile,
      parameterCount: arm.parameterCount,
    },
    redacted: redacted.map((r) => ({ file: r.file, path: [...r.path] })),
    ...content,
  };
  const files = new Map<string, string>([
    [BUNDLE_FILE, canonicalJson(bundle)],
    [ARM_TEMPLATE_FILE, `${JSON.stringify(arm.template, null, 4)}\n`],
    [ARM_PARAMETERS_FILE, `${JSON.stringify(arm.parameters, null, 4)}\n`],
    [globalParametersFile, `${JSON.stringify(arm.globalParameters, null, 4)}\n`],
    ...[...arm.linkedTemplates].map(([f, json]): [string, string] => [
      `${LINKED_TEMPLATES_DIR}/${f}`,
      `${JSON.stringify(json, null, 4)}\n`,
    ]),
  ]);
  return {
    files,
    contentHash,
    version,
    resourceCount: resources.length,
    notebookCount: notebooks.length,
    armParameterCount: arm.parameterCount,
    redacted,
    diagnostics: arm.diagnostics,
  };
}
