import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Folder of the cached Python environments: `MILLRACE_PYTHON_ENVS` when set, else
 * `$XDG_CACHE_HOME/millrace/python-envs` (default `~/.cache/millrace/python-envs`), shared by every project of the user.
 */
export function pythonCacheDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const explicit = env['MILLRACE_PYTHON_ENVS'];
  if (explicit) return explicit;
  return join(env['XDG_CACHE_HOME'] || join(homedir(), '.cache'), 'millrace', 'python-envs');
}
