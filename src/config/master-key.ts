import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { ConfigError } from '../errors/index.js';

/** Where the master key comes from. */
export interface MasterKeyOptions {
  /** Snapshot of the environment: `MILLRACE_MASTER_KEY` (base64, 32 bytes), `MILLRACE_MASTER_KEY_FILE`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The project folder: a key file inside it is refused (it would end up in git). */
  readonly projectRoot: string;
}

/** The default key file: `~/.config/millrace/master.key`. */
export function defaultMasterKeyFile(): string {
  return path.join(homedir(), '.config', 'millrace', 'master.key');
}

function decode(text: string, where: string): Uint8Array {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new ConfigError({
      code: 'config/bad-master-key',
      message: `${where} must be base64 of 32 bytes, got ${key.length} bytes`,
      hint: 'create one with `openssl rand -base64 32`',
    });
  return key;
}

/**
 * Loads the master key of local vaults: `MILLRACE_MASTER_KEY`, else the key file (`MILLRACE_MASTER_KEY_FILE`
 * or `~/.config/millrace/master.key`), created with 32 random bytes and mode 0600 on first use. A key file
 * readable or writable by group or others, or inside the project, is refused.
 */
export async function loadMasterKey(options: MasterKeyOptions): Promise<Uint8Array> {
  const fromEnv = options.env['MILLRACE_MASTER_KEY'];
  if (fromEnv !== undefined && fromEnv !== '') return decode(fromEnv, 'MILLRACE_MASTER_KEY');
  const file = path.resolve(options.env['MILLRACE_MASTER_KEY_FILE'] ?? defaultMasterKeyFile());
  const rel = path.relative(path.resolve(options.projectRoot), file);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)))
    throw new ConfigError({
      code: 'config/key-file-in-project',
      message: `the master key file ${file} is inside the project; keep it outside the repository`,
      hint: 'use the default ~/.config/millrace/master.key or set MILLRACE_MASTER_KEY',
    });
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      await writeFile(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process created it first
    }
    mode = (await stat(file)).mode;
  }
  if ((mode & 0o077) !== 0)
    throw new ConfigError({
      code: 'config/key-file-permissions',
      message: `the master key file ${file} is accessible by group or others (mode ${(mode & 0o777).toString(8)}); refusing to use it`,
      hint: `chmod 600 ${file}`,
    });
  return decode(await readFile(file, 'utf8'), file);
}
