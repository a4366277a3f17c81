import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError } from '../errors/index.js';
import { writeFileDurably } from '../platform/index.js';

/**
 * Preview environments live in `<project>/.millrace/envs.json`, not in millrace.json: they are local,
 * short-lived state (like the run store), and millrace.json is committed — creating `pr-42` must not
 * leave a diff in the repository.
 */
export interface PreviewEnvironment {
  /** The environment it was copied from. */
  readonly from: string;
  /** ISO instant. */
  readonly createdAt: string;
  /** Copied parameters files, relative to the project. */
  readonly parameters: readonly string[];
  /** State folder, relative to the project. */
  readonly target: string;
}

/** The content of `.millrace/envs.json`. */
export interface PreviewEnvironmentsFile {
  readonly version: 1;
  readonly environments: Readonly<Record<string, PreviewEnvironment>>;
}

/** Path of the preview environments file. */
export function previewEnvironmentsPath(root: string): string {
  return path.join(root, '.millrace', 'envs.json');
}

/** Reads `.millrace/envs.json`; missing → no previews. */
export async function readPreviewEnvironments(root: string): Promise<PreviewEnvironmentsFile> {
  const file = previewEnvironmentsPath(root);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { version: 1, environments: {} };
  }
  try {
    const json = JSON.parse(text) as PreviewEnvironmentsFile;
    if (typeof json.environments !== 'object' || json.environments === null)
      throw new Error('no environments');
    return json;
  } catch (err) {
    throw new ConfigError({
      code: 'config/invalid-preview-environments',
      message: `${file} is not a preview environments file`,
      location: { file },
      cause: err,
    });
  }
}

/** Writes `.millrace/envs.json` atomically (temp + rename). */
export async function writePreviewEnvironments(
  root: string,
  content: PreviewEnvironmentsFile,
): Promise<void> {
  const file = previewEnvironmentsPath(root);
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFileDurably(temp, file, `${JSON.stringify(content, null, 2)}\n`);
}

/** Copies files into a new state folder (parameters, the vault); the vault keeps mode 0600. */
export async function copyEnvironmentFiles(
  root: string,
  copies: readonly { readonly from: string; readonly to: string }[],
): Promise<void> {
  for (const c of copies) {
    const to = path.resolve(root, c.to);
    await mkdir(path.dirname(to), { recursive: true, mode: 0o700 });
    await copyFile(path.resolve(root, c.from), to);
  }
}

/** Removes a state folder (recursively); refuses a folder outside `<project>/.millrace/`. */
export async function removeStateFolder(root: string, target: string): Promise<void> {
  const abs = path.resolve(root, target);
  const rel = path.relative(path.join(root, '.millrace'), abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel))
    throw new ConfigError({
      code: 'config/unsafe-state-folder',
      message: `refusing to remove ${abs}: preview state folders live under .millrace/`,
    });
  await rm(abs, { recursive: true, force: true });
}
