import type {
  MlAliasChange,
  MlAliasEvent,
  MlModelVersion,
  MlPromotion,
  MlRegisteredModel,
  MlTag,
  ModelRegistryStore,
} from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';
import type { PgDatabase } from './pg-database.js';
import type { Queryable } from './pg-registry-sql.js';
import { all, one, readAliasHistory, readPromotions, run, writePromotion } from './pg-registry-sql.js';

interface ModelRow {
  name: string;
  creation_timestamp: number;
  last_updated_timestamp: number;
  description: string;
  tags: string;
}

type VersionRow = Omit<MlModelVersion, 'version' | 'tags' | 'aliases' | 'model_id'> & {
  version: number;
  tags: string;
  model_id: string | null;
};

function notFound(message: string): MillraceError {
  return new MillraceError({ code: 'mlflow/resource-does-not-exist', message });
}

function withTag(json: string, tag: MlTag | undefined, removeKey?: string): string {
  const tags = (JSON.parse(json) as MlTag[]).filter((t) => t.key !== (tag?.key ?? removeKey));
  if (tag) tags.push(tag);
  tags.sort((a, b) => (a.key < b.key ? -1 : 1));
  return JSON.stringify(tags);
}

/**
 * The ModelRegistryStore on PostgreSQL: the SQLite store's registry tables (migration 2 of `pg-migrations.ts`),
 * one registry per environment, shared by every server on the database. Version numbers are taken under a
 * lock on the model's row, so two servers registering at once get consecutive versions.
 */
export class PgModelRegistry implements ModelRegistryStore {
  readonly #db: PgDatabase;
  #closed = false;

  constructor(db: PgDatabase) {
    this.#db = db;
  }

  get #q(): Queryable {
    return this.#db.pool;
  }

  async #aliases(q: Queryable, env: string, name: string): Promise<{ alias: string; version: string }[]> {
    const rows = await all<{ alias: string; version: number }>(
      q,
      'SELECT alias, version FROM ml_model_aliases WHERE env = ? AND name = ? ORDER BY alias COLLATE "C"',
      env,
      name,
    );
    return rows.map((a) => ({ alias: a.alias, version: String(a.version) }));
  }

  async #model(env: string, row: ModelRow | undefined): Promise<MlRegisteredModel | undefined> {
    if (!row) return undefined;
    return {
      ...row,
      tags: JSON.parse(row.tags) as MlTag[],
      aliases: await this.#aliases(this.#q, env, row.name),
    };
  }

  async #version(env: string, row: VersionRow | undefined): Promise<MlModelVersion | undefined> {
    if (!row) return undefined;
    // Like the SQLite store, every column of the row is kept (`env` included).
    const { model_id, ...rest } = row;
    const version = String(row.version);
    return {
      ...rest,
      version,
      ...(model_id === null ? {} : { model_id }),
      tags: JSON.parse(row.tags) as MlTag[],
      aliases: (await this.#aliases(this.#q, env, row.name))
        .filter((a) => a.version === version)
        .map((a) => a.alias),
    };
  }

  async #requireModel(q: Queryable, env: string, name: string, lock = false): Promise<void> {
    const found = await one(
      q,
      `SELECT 1 FROM ml_registered_models WHERE env = ? AND name = ?${lock ? ' FOR UPDATE' : ''}`,
      env,
      name,
    );
    if (!found) throw notFound(`Registered Model with name=${name} not found`);
  }

  async #requireVersion(q: Queryable, env: string, name: string, version: string): Promise<void> {
    const found = /^\d+$/.test(version)
      ? await one(
          q,
          'SELECT 1 FROM ml_model_versions WHERE env = ? AND name = ? AND version = ?',
          env,
          name,
          Number(version),
        )
      : undefined;
    if (!found) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
  }

  async createRegisteredModel(
    env: string,
    input: Parameters<ModelRegistryStore['createRegisteredModel']>[1],
  ): Promise<MlRegisteredModel> {
    const tags = [...input.tags].sort((a, b) => (a.key < b.key ? -1 : 1));
    const inserted = await run(
      this.#q,
      `INSERT INTO ml_registered_models (env, name, creation_timestamp, last_updated_timestamp, description, tags)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (env, name) DO NOTHING`,
      env,
      input.name,
      input.now,
      input.now,
      input.description,
      JSON.stringify(tags),
    );
    if (inserted === 0)
      throw new MillraceError({
        code: 'mlflow/resource-already-exists',
        message: `Registered Model (name=${input.name}) already exists.`,
      });
    return (await this.getRegisteredModel(env, input.name)) as MlRegisteredModel;
  }

  async getRegisteredModel(env: string, name: string): Promise<MlRegisteredModel | undefined> {
    return this.#model(
      env,
      await one<ModelRow>(
        this.#q,
        'SELECT * FROM ml_registered_models WHERE env = ? AND name = ?',
        env,
        name,
      ),
    );
  }

  async listRegisteredModels(env: string): Promise<readonly MlRegisteredModel[]> {
    const rows = await all<ModelRow>(
      this.#q,
      'SELECT * FROM ml_registered_models WHERE env = ? ORDER BY name COLLATE "C"',
      env,
    );
    return Promise.all(rows.map(async (r) => (await this.#model(env, r)) as MlRegisteredModel));
  }

  async updateRegisteredModel(
    env: string,
    name: string,
    patch: Parameters<ModelRegistryStore['updateRegisteredModel']>[2],
  ): Promise<void> {
    await this.#db.transaction(async (c) => {
      await this.#requireModel(c, env, name, true);
      if (patch.description !== undefined)
        await run(
          c,
          'UPDATE ml_registered_models SET description = ? WHERE env = ? AND name = ?',
          patch.description,
          env,
          name,
        );
      await run(
        c,
        'UPDATE ml_registered_models SET last_updated_timestamp = ? WHERE env = ? AND name = ?',
        patch.now,
        env,
        name,
      );
      if (patch.newName !== undefined && patch.newName !== name) {
        const to = patch.newName;
        if (await one(c, 'SELECT 1 FROM ml_registered_models WHERE env = ? AND name = ?', env, to))
          throw new MillraceError({
            code: 'mlflow/resource-already-exists',
            message: `Registered Model (name=${to}) already exists.`,
          });
        for (const table of [
          'ml_registered_models',
          'ml_model_versions',
          'ml_model_aliases',
          'ml_alias_history',
        ])
          await run(c, `UPDATE ${table} SET name = ? WHERE env = ? AND name = ?`, to, env, name);
      }
    });
  }

  async deleteRegisteredModel(env: string, name: string): Promise<void> {
    await this.#db.transaction(async (c) => {
      await this.#requireModel(c, env, name, true);
      for (const table of ['ml_registered_models', 'ml_model_versions', 'ml_model_aliases'])
        await run(c, `DELETE FROM ${table} WHERE env = ? AND name = ?`, env, name);
    });
  }

  async #modelTag(env: string, name: string, tag: MlTag | undefined, removeKey?: string): Promise<void> {
    await this.#db.transaction(async (c) => {
      const row = await one<{ tags: string }>(
        c,
        'SELECT tags FROM ml_registered_models WHERE env = ? AND name = ? FOR UPDATE',
        env,
        name,
      );
      if (!row) throw notFound(`Registered Model with name=${name} not found`);
      await run(
        c,
        'UPDATE ml_registered_models SET tags = ? WHERE env = ? AND name = ?',
        withTag(row.tags, tag, removeKey),
        env,
        name,
      );
    });
  }

  setRegisteredModelTag(env: string, name: string, tag: MlTag): Promise<void> {
    return this.#modelTag(env, name, tag);
  }

  deleteRegisteredModelTag(env: string, name: string, key: string): Promise<void> {
    return this.#modelTag(env, name, undefined, key);
  }

  async createModelVersion(
    env: string,
    input: Parameters<ModelRegistryStore['createModelVersion']>[1],
  ): Promise<MlModelVersion> {
    const version = await this.#db.transaction(async (c) => {
      // The model's row lock makes MAX + 1 safe against another server registering at once.
      await this.#requireModel(c, env, input.name, true);
      const max = await one<{ m: number | null }>(
        c,
        'SELECT MAX(version) AS m FROM ml_model_versions WHERE env = ? AND name = ?',
        env,
        input.name,
      );
      const next = (max?.m ?? 0) + 1;
      await run(
        c,
        `INSERT INTO ml_model_versions (env, name, version, creation_timestamp, last_updated_timestamp, current_stage,
           description, source, storage_location, run_id, status, model_id, tags)
         VALUES (?, ?, ?, ?, ?, 'None', ?, ?, ?, ?, 'READY', ?, ?)`,
        env,
        input.name,
        next,
        input.now,
        input.now,
        input.description,
        input.source,
        input.storage_location,
        input.run_id,
        input.model_id ?? null,
        JSON.stringify([...input.tags].sort((a, b) => (a.key < b.key ? -1 : 1))),
      );
      await run(
        c,
        'UPDATE ml_registered_models SET last_updated_timestamp = ? WHERE env = ? AND name = ?',
        input.now,
        env,
        input.name,
      );
      return String(next);
    });
    return (await this.getModelVersion(env, input.name, version)) as MlModelVersion;
  }

  async getModelVersion(env: string, name: string, version: string): Promise<MlModelVersion | undefined> {
    if (!/^\d+$/.test(version) || Number(version) > 2_147_483_647) return undefined;
    return this.#version(
      env,
      await one<VersionRow>(
        this.#q,
        'SELECT * FROM ml_model_versions WHERE env = ? AND name = ? AND version = ?',
        env,
        name,
        Number(version),
      ),
    );
  }

  async listModelVersions(env: string, name?: string): Promise<readonly MlModelVersion[]> {
    const rows =
      name === undefined
        ? await all<VersionRow>(
            this.#q,
            'SELECT * FROM ml_model_versions WHERE env = ? ORDER BY name COLLATE "C", version',
            env,
          )
        : await all<VersionRow>(
            this.#q,
            'SELECT * FROM ml_model_versions WHERE env = ? AND name = ? ORDER BY version',
            env,
            name,
          );
    return Promise.all(rows.map(async (r) => (await this.#version(env, r)) as MlModelVersion));
  }

  async updateModelVersion(
    env: string,
    name: string,
    version: string,
    patch: Parameters<ModelRegistryStore['updateModelVersion']>[3],
  ): Promise<void> {
    await this.#requireVersion(this.#q, env, name, version);
    const sets = ['last_updated_timestamp = ?'];
    const args: unknown[] = [patch.now];
    if (patch.description !== undefined) {
      sets.push('description = ?');
      args.push(patch.description);
    }
    if (patch.current_stage !== undefined) {
      sets.push('current_stage = ?');
      args.push(patch.current_stage);
    }
    await run(
      this.#q,
      `UPDATE ml_model_versions SET ${sets.join(', ')} WHERE env = ? AND name = ? AND version = ?`,
      ...args,
      env,
      name,
      Number(version),
    );
  }

  async deleteModelVersion(env: string, name: string, version: string): Promise<void> {
    await this.#db.transaction(async (c) => {
      await this.#requireVersion(c, env, name, version);
      await run(
        c,
        'DELETE FROM ml_model_versions WHERE env = ? AND name = ? AND version = ?',
        env,
        name,
        Number(version),
      );
      await run(
        c,
        'DELETE FROM ml_model_aliases WHERE env = ? AND name = ? AND version = ?',
        env,
        name,
        Number(version),
      );
    });
  }

  async #versionTag(
    env: string,
    name: string,
    version: string,
    tag: MlTag | undefined,
    removeKey?: string,
  ): Promise<void> {
    await this.#db.transaction(async (c) => {
      const row = /^\d+$/.test(version)
        ? await one<{ tags: string }>(
            c,
            'SELECT tags FROM ml_model_versions WHERE env = ? AND name = ? AND version = ? FOR UPDATE',
            env,
            name,
            Number(version),
          )
        : undefined;
      if (!row) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
      await run(
        c,
        'UPDATE ml_model_versions SET tags = ? WHERE env = ? AND name = ? AND version = ?',
        withTag(row.tags, tag, removeKey),
        env,
        name,
        Number(version),
      );
    });
  }

  setModelVersionTag(env: string, name: string, version: string, tag: MlTag): Promise<void> {
    return this.#versionTag(env, name, version, tag);
  }

  deleteModelVersionTag(env: string, name: string, version: string, key: string): Promise<void> {
    return this.#versionTag(env, name, version, undefined, key);
  }

  async #history(
    c: Queryable,
    env: string,
    name: string,
    alias: string,
    version: number | null,
    change: MlAliasChange,
  ): Promise<void> {
    await run(
      c,
      'INSERT INTO ml_alias_history (env, name, alias, version, at, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      env,
      name,
      alias,
      version,
      change.now,
      change.actor,
      change.detail ?? null,
    );
  }

  async setAlias(
    env: string,
    name: string,
    alias: string,
    version: string,
    change: MlAliasChange,
  ): Promise<void> {
    await this.#db.transaction(async (c) => {
      await this.#requireVersion(c, env, name, version);
      await run(
        c,
        `INSERT INTO ml_model_aliases (env, name, alias, version) VALUES (?, ?, ?, ?)
         ON CONFLICT (env, name, alias) DO UPDATE SET version = excluded.version`,
        env,
        name,
        alias,
        Number(version),
      );
      await this.#history(c, env, name, alias, Number(version), change);
    });
  }

  async deleteAlias(env: string, name: string, alias: string, change: MlAliasChange): Promise<boolean> {
    return this.#db.transaction(async (c) => {
      await this.#requireModel(c, env, name);
      const removed = await run(
        c,
        'DELETE FROM ml_model_aliases WHERE env = ? AND name = ? AND alias = ?',
        env,
        name,
        alias,
      );
      if (removed > 0) await this.#history(c, env, name, alias, null, change);
      return removed > 0;
    });
  }

  aliasHistory(env: string, name: string): Promise<readonly MlAliasEvent[]> {
    return readAliasHistory(this.#q, env, name);
  }

  async putPromotion(p: MlPromotion): Promise<void> {
    await writePromotion(this.#q, p);
  }

  listPromotions(targetEnv: string, name?: string): Promise<readonly MlPromotion[]> {
    return readPromotions(this.#q, targetEnv, name);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.release();
  }
}
