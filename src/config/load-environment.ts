import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/index.js';
import type { EnvironmentLayer } from './environment-config.js';
import type { ResolvedProject } from './load-project.js';
import { loadMasterKey } from './master-key.js';
import { readPreviewEnvironments } from './preview-environments.js';

/** An environment, resolved: its files parsed, its state folder, its master key and env snapshot. Frozen. */
export interface ResolvedEnvironment {
  readonly name: string;
  readonly protected: boolean;
  /** Name → Ed25519 public key of the people who may act on a protected environment from the CLI. */
  readonly approvers: Readonly<Record<string, string>>;
  /** Set for a preview environment (`millrace env create`). */
  readonly preview?: { readonly from: string; readonly createdAt: string };
  /** Absolute state folder (`.millrace/envs/<name>` unless `target` says otherwise). */
  readonly stateDir: string;
  /** Absolute path of the local vault: `<stateDir>/secrets.vault`. */
  readonly vaultFile: string;
  /** Parameters files in order (later ones win). */
  readonly layers: readonly EnvironmentLayer[];
  /** Project-relative paths of the parameters files. */
  readonly parameterFiles: readonly string[];
  /** Snapshot of the process environment, for `env` secret providers. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Loads the master key of the local vault (creates the key file on first use). */
  readonly masterKey: () => Promise<Uint8Array>;
}

/** A summary for `millrace env list`. */
export interface EnvironmentSummary {
  readonly name: string;
  readonly protected: boolean;
  readonly approvers?: Readonly<Record<string, string>>;
  readonly parameters: readonly string[];
  readonly target: string;
  readonly preview?: { readonly from: string; readonly createdAt: string };
}

const list = (p: string | readonly string[] | undefined): readonly string[] =>
  p === undefined ? [] : typeof p === 'string' ? [p] : p;

/** The environments of a project: declared in millrace.json, then previews from `.millrace/envs.json`. */
export async function listEnvironments(project: ResolvedProject): Promise<EnvironmentSummary[]> {
  // zod (environment-config.ts) loads only when environments are used: `millrace validate` stays fast.
  const { parseEnvironmentEntry } = await import('./environment-config.js');
  const out: EnvironmentSummary[] = [];
  for (const [name, value] of Object.entries(project.config?.environments ?? {})) {
    const e = parseEnvironmentEntry(name, value);
    out.push({
      name,
      protected: e.protected,
      ...(e.approvers ? { approvers: e.approvers } : {}),
      parameters: list(e.parameters),
      target: e.target ?? path.posix.join('.millrace', 'envs', name),
    });
  }
  const previews = await readPreviewEnvironments(project.root);
  for (const [name, p] of Object.entries(previews.environments))
    out.push({
      name,
      protected: false,
      parameters: p.parameters,
      target: p.target,
      preview: { from: p.from, createdAt: p.createdAt },
    });
  return out;
}

/**
 * Resolves an environment by name: reads and validates its parameters files. Unknown name → ConfigError
 * `config/unknown-environment` listing the known ones.
 */
export async function resolveEnvironment(
  project: ResolvedProject,
  name: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<ResolvedEnvironment> {
  const all = await listEnvironments(project);
  const found = all.find((e) => e.name === name);
  if (!found)
    throw new ConfigError({
      code: 'config/unknown-environment',
      message: `unknown environment "${name}" (known: ${all.map((e) => e.name).join(', ') || 'none'})`,
      hint: 'declare it under "environments" in millrace.json, or create a preview with `millrace env create`',
    });
  const { parseEnvironmentFile } = await import('./environment-config.js');
  const layers: EnvironmentLayer[] = [];
  for (const rel of found.parameters) {
    const abs = path.resolve(project.root, rel);
    let text: string;
    try {
      text = await readFile(abs, 'utf8');
    } catch (err) {
      throw new ConfigError({
        code: 'config/missing-environment-file',
        message: `environment ${name}: parameters file ${rel} cannot be read`,
        location: { file: 'millrace.json', path: ['environments', name, 'parameters'] },
        cause: err,
      });
    }
    layers.push(parseEnvironmentFile(text, rel));
  }
  const stateDir = path.resolve(project.root, found.target);
  const snapshot = Object.freeze({ ...env });
  return Object.freeze({
    name,
    protected: found.protected,
    approvers: Object.freeze({ ...(found.approvers ?? {}) }),
    ...(found.preview ? { preview: found.preview } : {}),
    stateDir,
    vaultFile: path.join(stateDir, 'secrets.vault'),
    layers: Object.freeze(layers),
    parameterFiles: found.parameters,
    env: snapshot,
    masterKey: () => loadMasterKey({ env: snapshot, projectRoot: project.root }),
  });
}

/** True for a valid environment name: letters, digits, `-`, `_` (it names a folder). */
export function isEnvironmentName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(name);
}

/** True when the file exists. */
export async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
