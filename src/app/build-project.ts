import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { createBuildArtifact, writeArtifact } from '../cicd/index.js';
import type { BuildVersion, NotebookSource } from '../cicd/index.js';
import { readFactoryFiles } from '../config/index.js';
import type { ResolvedProject } from '../config/index.js';
import { ConfigError } from '../errors/index.js';
import type { Diagnostic } from '../errors/index.js';
import { git } from './git.js';
import { loadProject, validateProject } from './project.js';
import type { ValidationReport } from './project.js';

/** Name of the custom parameterization template in the factory root (https://learn.microsoft.com/azure/data-factory/continuous-integration-delivery-resource-manager-custom-parameters). */
export const PARAMETER_DEFINITION_FILE = 'arm-template-parameters-definition.json';

/** Options of `buildProject`. */
export interface BuildOptions {
  /** Project folder (millrace.json) or bare factory folder. Default: the current folder. */
  readonly projectDir?: string;
  /** Output folder; default `<project>/dist`. Replaced as a whole. */
  readonly outDir?: string;
  /** Version label; default the git commit of the project (HEAD), else `unversioned`. */
  readonly version?: string;
  /** SOURCE_DATE_EPOCH (seconds): the only source of a `builtAt` timestamp. */
  readonly sourceDateEpoch?: string;
}

/** The result of `buildProject`: refused (validation errors) or built. */
export type BuildResult =
  | { readonly built: false; readonly report: ValidationReport }
  | {
      readonly built: true;
      readonly report: ValidationReport;
      readonly outDir: string;
      readonly files: readonly string[];
      readonly contentHash: string;
      readonly version: BuildVersion;
      readonly resourceCount: number;
      readonly notebookCount: number;
      readonly armParameterCount: number;
      readonly diagnostics: readonly Diagnostic[];
    };

/** The git commit of the project and whether its files (other than the out folder and .millrace) changed. */
async function gitVersion(root: string, outDir: string, override: string | undefined): Promise<BuildVersion> {
  const commit = await git(root, ['rev-parse', 'HEAD']);
  const excludes = [outDir, path.join(root, '.millrace')]
    .map((p) => path.relative(root, p))
    .filter((rel) => rel !== '' && !rel.startsWith('..'))
    .map((rel) => `:(exclude)${rel.split(path.sep).join('/')}`);
  const status =
    commit === undefined ? undefined : await git(root, ['status', '--porcelain', '--', '.', ...excludes]);
  const dirty = status === undefined ? undefined : status !== '';
  return {
    label: override ?? commit ?? 'unversioned',
    ...(commit === undefined ? {} : { commit }),
    ...(dirty === undefined ? {} : { dirty }),
  };
}

async function walk(dir: string, rel: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === '__pycache__') continue;
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) await walk(path.join(dir, e.name), r, out);
    else if (e.isFile()) out.push(r);
  }
}

/** ADF's publish settings in the factory root (publish branch, global parameters in the template or not). */
const PUBLISH_CONFIG_FILE = 'publish_config.json';

/** Change data capture resources (`adfcdc/*.json`): only the build reads them (they are deployed as `adfcdcs`). */
async function readChangeDataCaptures(factoryRoot: string): Promise<{ path: string; text: string }[]> {
  const rels: string[] = [];
  await walk(path.join(factoryRoot, 'adfcdc'), 'adfcdc', rels);
  const out: { path: string; text: string }[] = [];
  for (const rel of rels.filter((r) => r.toLowerCase().endsWith('.json')).sort())
    out.push({ path: rel, text: await readFile(path.join(factoryRoot, rel), 'utf8') });
  return out;
}

/**
 * The factories that have published from this repository: the top-level folders of its publish branch
 * (`publishBranch` of publish_config.json, default `adf_publish`; local, else `origin/`), and the factory of a
 * template at that branch's root (older layout). Empty without git or without that branch.
 */
async function publishedFactories(factoryRoot: string, publishConfig: string | undefined): Promise<string[]> {
  let branch = 'adf_publish';
  try {
    const config = JSON.parse(publishConfig ?? '{}') as { publishBranch?: unknown };
    if (typeof config.publishBranch === 'string' && config.publishBranch !== '')
      branch = config.publishBranch;
  } catch {
    // An unreadable publish_config.json is reported by the build itself.
  }
  for (const ref of [branch, `origin/${branch}`]) {
    const names = await git(factoryRoot, ['ls-tree', '--full-tree', '--name-only', ref]);
    if (names === undefined) continue;
    const root = await git(factoryRoot, ['show', `${ref}:ARMTemplateForFactory.json`]);
    const rootFactory = /"factoryName"\s*:\s*{[^}]*"defaultValue"\s*:\s*"([^"]+)"/.exec(root ?? '')?.[1];
    return [
      ...names.split('\n').filter((n) => n !== ''),
      ...(rootFactory === undefined ? [] : [rootFactory]),
    ];
  }
  return [];
}

async function readNotebooks(project: ResolvedProject): Promise<NotebookSource[]> {
  const out: NotebookSource[] = [];
  for (const [workspace, local] of Object.entries(project.notebooks)) {
    const rels: string[] = [];
    await walk(local, '', rels);
    for (const rel of rels.sort()) {
      const file = path.join(local, rel);
      out.push({
        path: path.relative(project.root, file).split(path.sep).join('/'),
        workspacePath: `${workspace}/${rel}`,
        text: await readFile(file, 'utf8'),
      });
    }
  }
  return out;
}

function builtAt(epoch: string | undefined): string | undefined {
  if (epoch === undefined || epoch === '') return undefined;
  const seconds = Number(epoch);
  if (!Number.isInteger(seconds) || seconds < 0)
    throw new ConfigError({
      code: 'build/invalid-source-date-epoch',
      message: `SOURCE_DATE_EPOCH must be whole seconds since 1970 (got "${epoch}")`,
    });
  return new Date(seconds * 1000).toISOString();
}

/**
 * Validates a project and, when it has no errors, writes its deployable artifact (bundle.json and the ADF
 * ARM template set) into the out folder, atomically. Refuses (`built: false`) on validation errors.
 *
 * @example
 * const result = await buildProject({ projectDir: '.', outDir: 'dist' });
 * if (!result.built) console.error(result.report.diagnostics);
 */
export async function buildProject(options: BuildOptions = {}): Promise<BuildResult> {
  const loaded = await loadProject(options.projectDir ?? '.');
  const report = validateProject(loaded);
  if (report.errorCount > 0) return { built: false, report };
  const { project } = loaded;
  const definitionPath = path.join(project.factoryRoot, PARAMETER_DEFINITION_FILE);
  const definition = await readFile(definitionPath, 'utf8').catch(() => undefined);
  const publishConfig = await readFile(path.join(project.factoryRoot, PUBLISH_CONFIG_FILE), 'utf8').catch(
    () => undefined,
  );
  const stamp = builtAt(options.sourceDateEpoch);
  const outDir = path.resolve(options.outDir ?? path.join(project.root, 'dist'));
  const artifact = createBuildArtifact({
    factoryName: loaded.factory.name ?? path.basename(project.root),
    files: [
      ...(await readFactoryFiles(project.factoryRoot)),
      ...(await readChangeDataCaptures(project.factoryRoot)),
    ],
    notebooks: await readNotebooks(project),
    ...(definition === undefined
      ? {}
      : { parameterDefinition: { path: PARAMETER_DEFINITION_FILE, text: definition } }),
    ...(publishConfig === undefined
      ? {}
      : { publishConfig: { path: PUBLISH_CONFIG_FILE, text: publishConfig } }),
    publishedFactories: await publishedFactories(project.factoryRoot, publishConfig),
    version: await gitVersion(project.root, outDir, options.version),
    ...(stamp === undefined ? {} : { builtAt: stamp }),
  });
  await writeArtifact(outDir, artifact.files);
  return {
    built: true,
    report,
    outDir,
    files: [...artifact.files.keys()].sort(),
    contentHash: artifact.contentHash,
    version: artifact.version,
    resourceCount: artifact.resourceCount,
    notebookCount: artifact.notebookCount,
    armParameterCount: artifact.armParameterCount,
    diagnostics: artifact.diagnostics,
  };
}
