import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type {
  DeployFile,
  DeployHistory,
  DeployLock,
  DeployTarget,
  TriggerRuntimeState,
  TriggerStore,
} from '../../contracts/index.js';
import { EMPTY_HISTORY } from '../../contracts/index.js';
import { ConfigError } from '../../errors/index.js';
import { acquireDeployLock } from './deploy-lock.js';
import { syncDir, syncFile, writeFileDurably } from '../../platform/index.js';

/** Options of `FsDeployTarget`. */
export interface FsDeployTargetOptions {
  readonly environment: string;
  /** How long a deploy waits for another one to the same environment (ms). Default 0. */
  readonly lockWaitMs?: number;
  /** Opens the target's trigger store (`<target>/.millrace/state.db`); called on first use only. */
  readonly openTriggerStore: (dbPath: string) => Promise<TriggerStore>;
}

const unique = (): string => `${process.pid}-${randomBytes(4).toString('hex')}`;

async function walk(dir: string, rel: string, out: string[]): Promise<void> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const r = rel === '' ? e.name : `${rel}/${e.name}`;
    if (e.isDirectory()) await walk(path.join(dir, e.name), r, out);
    else if (e.isFile()) out.push(r);
  }
}

/** Writes a file atomically: temporary sibling, then rename. */
async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${unique()}.tmp`;
  await writeFileDurably(temp, file, text);
}

/** Points `link` at `target` by creating a new symlink beside it and renaming it over the old one. */
async function swapSymlink(target: string, link: string, type: 'junction' | 'file'): Promise<void> {
  const temp = `${link}.${unique()}.tmp`;
  await symlink(target, temp, type);
  await rename(temp, link);
  await syncDir(path.dirname(link));
}

/**
 * An environment's target folder on the local file system:
 * `versions/<id>/` (one folder per deployed version), `current` (symlink to the live version, switched by
 * rename), `millrace.json` (symlink to `current/millrace.json`: the folder is a runnable project),
 * `bundles/<sha256>.json`, `deployments.json`, `deploy-lock.db` (the deploy lock), and the trigger state in `.millrace/state.db`.
 */
export class FsDeployTarget implements DeployTarget {
  readonly location: string;
  readonly #options: FsDeployTargetOptions;
  #triggers: TriggerStore | undefined;

  constructor(root: string, options: FsDeployTargetOptions) {
    this.location = path.resolve(root);
    this.#options = options;
  }

  #path(...parts: string[]): string {
    return path.join(this.location, ...parts);
  }

  async lock(): Promise<DeployLock> {
    await mkdir(this.location, { recursive: true });
    return acquireDeployLock(this.#path('deploy-lock.db'), {
      environment: this.#options.environment,
      ...(this.#options.lockWaitMs === undefined ? {} : { waitMs: this.#options.lockWaitMs }),
    });
  }

  async currentVersion(): Promise<string | undefined> {
    try {
      return path.basename(await readlink(this.#path('current')));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async readVersion(id: string): Promise<readonly DeployFile[]> {
    const dir = this.#path('versions', id);
    const rels: string[] = [];
    await walk(dir, '', rels);
    return Promise.all(
      rels.sort().map(async (p) => ({ path: p, text: await readFile(path.join(dir, p), 'utf8') })),
    );
  }

  async writeVersion(id: string, files: readonly DeployFile[]): Promise<void> {
    if ((await this.currentVersion()) === id)
      throw new ConfigError({ code: 'internal/deploy-overwrite', message: `version ${id} is live` });
    const versions = this.#path('versions');
    await mkdir(versions, { recursive: true });
    // Leftovers of interrupted deploys: temporary folders, and a written but never switched-to version.
    for (const name of await readdir(versions))
      if (name.startsWith('.tmp-')) await rm(path.join(versions, name), { recursive: true, force: true });
    await rm(path.join(versions, id), { recursive: true, force: true });
    const temp = path.join(versions, `.tmp-${id}-${unique()}`);
    for (const f of files) {
      const file = path.join(temp, ...f.path.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, f.text, 'utf8');
      await syncFile(file);
    }
    // The version's files are on the disk before it takes its name; the rename is flushed after.
    await rename(temp, path.join(versions, id));
    await syncDir(versions);
  }

  async switchCurrent(id: string): Promise<void> {
    await swapSymlink(path.join('versions', id), this.#path('current'), 'junction');
    const project = this.#path('millrace.json');
    const existing = await readlink(project).catch(() => undefined);
    const wanted = path.join('current', 'millrace.json');
    if (existing !== wanted) await swapSymlink(wanted, project, 'file');
  }

  async pruneVersions(keep: readonly string[]): Promise<void> {
    const current = await this.currentVersion();
    const names = await readdir(this.#path('versions')).catch(() => [] as string[]);
    for (const name of names)
      if (!name.startsWith('.') && name !== current && !keep.includes(name))
        await rm(this.#path('versions', name), { recursive: true, force: true });
  }

  #bundleFile(hash: string): string {
    return this.#path('bundles', `${hash.replace(/^sha256:/, '')}.json`);
  }

  async saveBundle(hash: string, text: string): Promise<void> {
    if ((await this.readBundle(hash)) === undefined) await writeAtomic(this.#bundleFile(hash), text);
  }

  readBundle(hash: string): Promise<string | undefined> {
    return readFile(this.#bundleFile(hash), 'utf8').catch(() => undefined);
  }

  async readHistory(): Promise<DeployHistory> {
    const file = this.#path('deployments.json');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) return EMPTY_HISTORY;
    try {
      return JSON.parse(text) as DeployHistory;
    } catch (err) {
      throw new ConfigError({
        code: 'deploy/invalid-history',
        message: `${file} is not valid JSON`,
        location: { file },
        cause: err,
      });
    }
  }

  writeHistory(history: DeployHistory): Promise<void> {
    return writeAtomic(this.#path('deployments.json'), `${JSON.stringify(history, null, 2)}\n`);
  }

  async #store(): Promise<TriggerStore> {
    return (this.#triggers ??= await this.#options.openTriggerStore(this.#path('.millrace', 'state.db')));
  }

  async triggerStates(): Promise<ReadonlyMap<string, TriggerRuntimeState>> {
    const states = await (await this.#store()).listStates();
    return new Map(states.map((s) => [s.trigger, s.runtimeState]));
  }

  async setTriggerState(trigger: string, state: TriggerRuntimeState): Promise<void> {
    await (await this.#store()).setState(trigger, state, Date.now());
  }

  /** Closes the trigger store, if it was opened. */
  async close(): Promise<void> {
    await this.#triggers?.close();
    this.#triggers = undefined;
  }
}
