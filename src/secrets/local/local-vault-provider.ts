import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SecretProvider } from '../../contracts/index.js';
import { checkSecretName } from '../secret-error.js';
import { checkMasterKey, openVault, sealVault } from './vault-crypto.js';
import { commitDurably } from '../../platform/index.js';

/** Additional authenticated data of every vault: the format, so a copied vault opens in its new place. */
const VAULT_AAD = 'millrace-vault';

/** Options of the local vault. */
export interface LocalVaultOptions {
  /** Absolute path of the vault file, e.g. `<project>/.millrace/envs/qa/secrets.vault`. */
  readonly file: string;
  /** The 32-byte master key, or a function that loads it on first use (config creates the key file lazily). */
  readonly key: Uint8Array | (() => Promise<Uint8Array>);
}

/**
 * A local vault: one file per environment, encrypted at rest with AES-256-GCM (random 12-byte IV per
 * write, tag checked on every read), written atomically (temp file + rename, mode 0600). A missing file
 * is an empty vault.
 */
export function createLocalVaultProvider(options: LocalVaultOptions): SecretProvider {
  const { file } = options;
  let key: Uint8Array | undefined;
  // Writes of this process go one after another (read-modify-write of the whole file).
  let queue: Promise<unknown> = Promise.resolve();

  const getKey = async (): Promise<Uint8Array> => {
    if (!key) {
      key = typeof options.key === 'function' ? await options.key() : options.key;
      checkMasterKey(key);
    }
    return key;
  };

  const load = async (): Promise<Record<string, string>> => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    return openVault(text, await getKey(), VAULT_AAD, file);
  };

  const save = async (secrets: Record<string, string>): Promise<void> => {
    const sorted = Object.fromEntries(Object.entries(secrets).sort(([a], [b]) => (a < b ? -1 : 1)));
    const text = sealVault(sorted, await getKey(), VAULT_AAD);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
      await commitDurably(temp, file);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
  };

  const update = <T>(change: (secrets: Record<string, string>) => T): Promise<T> => {
    const next = queue.then(async () => {
      const secrets = await load();
      const result = change(secrets);
      await save(secrets);
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    type: 'local',
    async get(name) {
      const secrets = await load();
      return Object.hasOwn(secrets, name) ? secrets[name] : undefined;
    },
    async list() {
      return Object.keys(await load()).sort();
    },
    set(name, value) {
      checkSecretName(name);
      return update((s) => {
        s[name] = value;
      });
    },
    delete(name) {
      return update((s) => {
        if (!Object.hasOwn(s, name)) return false;
        delete s[name];
        return true;
      });
    },
  };
}
