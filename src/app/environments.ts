import path from 'node:path';
import type { EnvironmentSummary } from '../config/index.js';
import {
  copyEnvironmentFiles,
  fileExists,
  isEnvironmentName,
  listEnvironments as listProjectEnvironments,
  readPreviewEnvironments,
  removeStateFolder,
  resolveEnvironment,
  resolveProject,
  writePreviewEnvironments,
} from '../config/index.js';
import { ConfigError } from '../errors/index.js';

export type { EnvironmentSummary } from '../config/index.js';

/** The environments of a project: declared ones, then previews. */
export async function listEnvironments(projectDir = '.'): Promise<EnvironmentSummary[]> {
  return listProjectEnvironments(await resolveProject(projectDir));
}

/** Options of `createPreviewEnvironment`. */
export interface PreviewEnvironmentOptions {
  readonly projectDir?: string;
  /** Creation instant (tests); default now. */
  readonly now?: Date;
}

/**
 * Creates a short-lived environment copied from another: its parameters files and its local vault are
 * copied under `.millrace/envs/<name>/` and it is recorded in `.millrace/envs.json`. A protected
 * environment cannot be copied (its secrets would leave it).
 */
export async function createPreviewEnvironment(
  name: string,
  from: string,
  options: PreviewEnvironmentOptions = {},
): Promise<EnvironmentSummary> {
  const project = await resolveProject(options.projectDir ?? '.');
  if (!isEnvironmentName(name))
    throw new ConfigError({
      code: 'env/invalid-name',
      message: `invalid environment name "${name}": use letters, digits, "-" or "_"`,
    });
  const all = await listProjectEnvironments(project);
  if (all.some((e) => e.name === name))
    throw new ConfigError({ code: 'env/exists', message: `environment ${name} already exists` });
  const source = await resolveEnvironment(project, from);
  if (source.protected)
    throw new ConfigError({
      code: 'env/protected',
      message: `environment ${from} is protected; a preview cannot copy it`,
      hint: 'copy a non-protected environment (e.g. qa)',
    });
  const target = path.posix.join('.millrace', 'envs', name);
  const copies = source.parameterFiles.map((p, i) => ({
    from: p,
    to: path.posix.join(target, 'parameters', `${i}-${path.basename(p)}`),
  }));
  if (await fileExists(source.vaultFile))
    copies.push({
      from: path.relative(project.root, source.vaultFile),
      to: path.posix.join(target, 'secrets.vault'),
    });
  await copyEnvironmentFiles(project.root, copies);
  const createdAt = (options.now ?? new Date()).toISOString();
  const previews = await readPreviewEnvironments(project.root);
  const entry = {
    from,
    createdAt,
    parameters: copies.filter((c) => c.to.includes('/parameters/')).map((c) => c.to),
    target,
  };
  await writePreviewEnvironments(project.root, {
    version: 1,
    environments: { ...previews.environments, [name]: entry },
  });
  return { name, protected: false, parameters: entry.parameters, target, preview: { from, createdAt } };
}

/** Removes a preview environment: its entry in `.millrace/envs.json` and its state folder. */
export async function destroyPreviewEnvironment(name: string, projectDir = '.'): Promise<void> {
  const project = await resolveProject(projectDir);
  const previews = await readPreviewEnvironments(project.root);
  const entry = previews.environments[name];
  if (!entry) {
    const declared = name in (project.config?.environments ?? {});
    throw new ConfigError({
      code: declared ? 'env/not-a-preview' : 'config/unknown-environment',
      message: declared
        ? `environment ${name} is declared in millrace.json; only preview environments can be destroyed`
        : `no preview environment ${name} (previews: ${Object.keys(previews.environments).join(', ') || 'none'})`,
    });
  }
  await removeStateFolder(project.root, entry.target);
  const { [name]: _removed, ...rest } = previews.environments;
  await writePreviewEnvironments(project.root, { version: 1, environments: rest });
}
