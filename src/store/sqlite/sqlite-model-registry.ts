import type Database from 'better-sqlite3';
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
import { applyMigrations } from './apply-migrations.js';
import { attempt } from '../attempt.js';
import { openMlDatabase } from './ml-database.js';
import { readAliasHistory, readPromotions, writePromotion } from './sqlite-registry-history.js';

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

/** The embedded ModelRegistryStore: `ml_registered_models`, `ml_model_versions`, aliases and their history. */
export class SqliteModelRegistry implements ModelRegistryStore {
  readonly #db: Database.Database;

  constructor(path: string) {
    this.#db = openMlDatabase(path);
    applyMigrations(this.#db);
  }

  #aliases(env: string, name: string): { alias: string; version: string }[] {
    return this.#db
      .prepare<[string, string], { alias: string; version: number }>(
        'SELECT alias, version FROM ml_model_aliases WHERE env = ? AND name = ? ORDER BY alias',
      )
      .all(env, name)
      .map((a) => ({ alias: a.alias, version: String(a.version) }));
  }

  #model(env: string, row: ModelRow | undefined): MlRegisteredModel | undefined {
    if (!row) return undefined;
    return { ...row, tags: JSON.parse(row.tags) as MlTag[], aliases: this.#aliases(env, row.name) };
  }

  #version(env: string, row: VersionRow | undefined): MlModelVersion | undefined {
    if (!row) return undefined;
    const { model_id, ...rest } = row;
    const version = String(row.version);
    return {
      ...rest,
      version,
      ...(model_id === null ? {} : { model_id }),
      tags: JSON.parse(row.tags) as MlTag[],
      aliases: this.#aliases(env, row.name)
        .filter((a) => a.version === version)
        .map((a) => a.alias),
    };
  }

  #requireModel(env: string, name: string): void {
    if (!this.#db.prepare('SELECT 1 FROM ml_registered_models WHERE env = ? AND name = ?').get(env, name))
      throw notFound(`Registered Model with name=${name} not found`);
  }

  #requireVersion(env: string, name: string, version: string): void {
    const found = this.#db
      .prepare('SELECT 1 FROM ml_model_versions WHERE env = ? AND name = ? AND version = ?')
      .get(env, name, Number(version));
    if (!found) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
  }

  createRegisteredModel(
    env: string,
    input: Parameters<ModelRegistryStore['createRegisteredModel']>[1],
  ): Promise<MlRegisteredModel> {
    return attempt(() => {
      if (
        this.#db.prepare('SELECT 1 FROM ml_registered_models WHERE env = ? AND name = ?').get(env, input.name)
      )
        throw new MillraceError({
          code: 'mlflow/resource-already-exists',
          message: `Registered Model (name=${input.name}) already exists.`,
        });
      const tags = [...input.tags].sort((a, b) => (a.key < b.key ? -1 : 1));
      this.#db
        .prepare(
          'INSERT INTO ml_registered_models (env, name, creation_timestamp, last_updated_timestamp, description, tags) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(env, input.name, input.now, input.now, input.description, JSON.stringify(tags));
      return this.getRegisteredModel(env, input.name) as Promise<MlRegisteredModel>;
    });
  }

  getRegisteredModel(env: string, name: string): Promise<MlRegisteredModel | undefined> {
    return attempt(() => {
      const row = this.#db
        .prepare<[string, string], ModelRow>('SELECT * FROM ml_registered_models WHERE env = ? AND name = ?')
        .get(env, name);
      return this.#model(env, row);
    });
  }

  listRegisteredModels(env: string): Promise<readonly MlRegisteredModel[]> {
    return attempt(() => {
      const rows = this.#db
        .prepare<[string], ModelRow>('SELECT * FROM ml_registered_models WHERE env = ? ORDER BY name')
        .all(env);
      return rows.map((r) => this.#model(env, r) as MlRegisteredModel);
    });
  }

  updateRegisteredModel(
    env: string,
    name: string,
    patch: Parameters<ModelRegistryStore['updateRegisteredModel']>[2],
  ): Promise<void> {
    return attempt(() => {
      this.#db.transaction(() => {
        this.#requireModel(env, name);
        if (patch.description !== undefined)
          this.#db
            .prepare('UPDATE ml_registered_models SET description = ? WHERE env = ? AND name = ?')
            .run(patch.description, env, name);
        this.#db
          .prepare('UPDATE ml_registered_models SET last_updated_timestamp = ? WHERE env = ? AND name = ?')
          .run(patch.now, env, name);
        if (patch.newName !== undefined && patch.newName !== name) {
          const to = patch.newName;
          if (this.#db.prepare('SELECT 1 FROM ml_registered_models WHERE env = ? AND name = ?').get(env, to))
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
            this.#db.prepare(`UPDATE ${table} SET name = ? WHERE env = ? AND name = ?`).run(to, env, name);
        }
      })();
    });
  }

  deleteRegisteredModel(env: string, name: string): Promise<void> {
    return attempt(() => {
      this.#db.transaction(() => {
        this.#requireModel(env, name);
        for (const table of ['ml_registered_models', 'ml_model_versions', 'ml_model_aliases'])
          this.#db.prepare(`DELETE FROM ${table} WHERE env = ? AND name = ?`).run(env, name);
      })();
    });
  }

  #modelTag(env: string, name: string, tag: MlTag | undefined, removeKey?: string): void {
    this.#db.transaction(() => {
      const row = this.#db
        .prepare<[string, string], { tags: string }>(
          'SELECT tags FROM ml_registered_models WHERE env = ? AND name = ?',
        )
        .get(env, name);
      if (!row) throw notFound(`Registered Model with name=${name} not found`);
      this.#db
        .prepare('UPDATE ml_registered_models SET tags = ? WHERE env = ? AND name = ?')
        .run(withTag(row.tags, tag, removeKey), env, name);
    })();
  }

  setRegisteredModelTag(env: string, name: string, tag: MlTag): Promise<void> {
    return attempt(() => {
      this.#modelTag(env, name, tag);
    });
  }

  deleteRegisteredModelTag(env: string, name: string, key: string): Promise<void> {
    return attempt(() => {
      this.#modelTag(env, name, undefined, key);
    });
  }

  createModelVersion(
    env: string,
    input: Parameters<ModelRegistryStore['createModelVersion']>[1],
  ): Promise<MlModelVersion> {
    return attempt(() => {
      const version = this.#db.transaction(() => {
        this.#requireModel(env, input.name);
        const max = this.#db
          .prepare<[string, string], { m: number | null }>(
            'SELECT MAX(version) AS m FROM ml_model_versions WHERE env = ? AND name = ?',
          )
          .get(env, input.name);
        const next = (max?.m ?? 0) + 1;
        this.#db
          .prepare(
            `INSERT INTO ml_model_versions (env, name, version, creation_timestamp, last_updated_timestamp, current_stage,
               description, source, storage_location, run_id, status, model_id, tags)
             VALUES (?, ?, ?, ?, ?, 'None', ?, ?, ?, ?, 'READY', ?, ?)`,
          )
          .run(
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
        this.#db
          .prepare('UPDATE ml_registered_models SET last_updated_timestamp = ? WHERE env = ? AND name = ?')
          .run(input.now, env, input.name);
        return String(next);
      })();
      return this.getModelVersion(env, input.name, version) as Promise<MlModelVersion>;
    });
  }

  getModelVersion(env: string, name: string, version: string): Promise<MlModelVersion | undefined> {
    return attempt(() => {
      if (!/^\d+$/.test(version)) return undefined;
      const row = this.#db
        .prepare<[string, string, number], VersionRow>(
          'SELECT * FROM ml_model_versions WHERE env = ? AND name = ? AND version = ?',
        )
        .get(env, name, Number(version));
      return this.#version(env, row);
    });
  }

  listModelVersions(env: string, name?: string): Promise<readonly MlModelVersion[]> {
    return attempt(() => {
      const rows =
        name === undefined
          ? this.#db
              .prepare<[string], VersionRow>(
                'SELECT * FROM ml_model_versions WHERE env = ? ORDER BY name, version',
              )
              .all(env)
          : this.#db
              .prepare<[string, string], VersionRow>(
                'SELECT * FROM ml_model_versions WHERE env = ? AND name = ? ORDER BY version',
              )
              .all(env, name);
      return rows.map((r) => this.#version(env, r) as MlModelVersion);
    });
  }

  updateModelVersion(
    env: string,
    name: string,
    version: string,
    patch: Parameters<ModelRegistryStore['updateModelVersion']>[3],
  ): Promise<void> {
    return attempt(() => {
      this.#requireVersion(env, name, version);
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
      this.#db
        .prepare(`UPDATE ml_model_versions SET ${sets.join(', ')} WHERE env = ? AND name = ? AND version = ?`)
        .run(...args, env, name, Number(version));
    });
  }

  deleteModelVersion(env: string, name: string, version: string): Promise<void> {
    return attempt(() => {
      this.#db.transaction(() => {
        this.#requireVersion(env, name, version);
        this.#db
          .prepare('DELETE FROM ml_model_versions WHERE env = ? AND name = ? AND version = ?')
          .run(env, name, Number(version));
        this.#db
          .prepare('DELETE FROM ml_model_aliases WHERE env = ? AND name = ? AND version = ?')
          .run(env, name, Number(version));
      })();
    });
  }

  #versionTag(env: string, name: string, version: string, tag: MlTag | undefined, removeKey?: string): void {
    this.#db.transaction(() => {
      const row = this.#db
        .prepare<[string, string, number], { tags: string }>(
          'SELECT tags FROM ml_model_versions WHERE env = ? AND name = ? AND version = ?',
        )
        .get(env, name, Number(version));
      if (!row) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
      this.#db
        .prepare('UPDATE ml_model_versions SET tags = ? WHERE env = ? AND name = ? AND version = ?')
        .run(withTag(row.tags, tag, removeKey), env, name, Number(version));
    })();
  }

  setModelVersionTag(env: string, name: string, version: string, tag: MlTag): Promise<void> {
    return attempt(() => {
      this.#versionTag(env, name, version, tag);
    });
  }

  deleteModelVersionTag(env: string, name: string, version: string, key: string): Promise<void> {
    return attempt(() => {
      this.#versionTag(env, name, version, undefined, key);
    });
  }

  #history(env: string, name: string, alias: string, version: number | null, change: MlAliasChange): void {
    this.#db
      .prepare(
        'INSERT INTO ml_alias_history (env, name, alias, version, at, actor, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(env, name, alias, version, change.now, change.actor, change.detail ?? null);
  }

  setAlias(env: string, name: string, alias: string, version: string, change: MlAliasChange): Promise<void> {
    return attempt(() => {
      this.#db.transaction(() => {
        this.#requireVersion(env, name, version);
        this.#db
          .prepare(
            `INSERT INTO ml_model_aliases (env, name, alias, version) VALUES (?, ?, ?, ?)
             ON CONFLICT (env, name, alias) DO UPDATE SET version = excluded.version`,
          )
          .run(env, name, alias, Number(version));
        this.#history(env, name, alias, Number(version), change);
      })();
    });
  }

  deleteAlias(env: string, name: string, alias: string, change: MlAliasChange): Promise<boolean> {
    return attempt(() => {
      const removed = this.#db.transaction(() => {
        this.#requireModel(env, name);
        const res = this.#db
          .prepare('DELETE FROM ml_model_aliases WHERE env = ? AND name = ? AND alias = ?')
          .run(env, name, alias);
        if (res.changes > 0) this.#history(env, name, alias, null, change);
        return res.changes > 0;
      })();
      return removed;
    });
  }

  aliasHistory(env: string, name: string): Promise<readonly MlAliasEvent[]> {
    return attempt(() => readAliasHistory(this.#db, env, name));
  }

  putPromotion(promotion: MlPromotion): Promise<void> {
    return attempt(() => writePromotion(this.#db, promotion));
  }

  listPromotions(targetEnv: string, name?: string): Promise<readonly MlPromotion[]> {
    return attempt(() => readPromotions(this.#db, targetEnv, name));
  }
  close(): Promise<void> {
    if (this.#db.open) this.#db.close();
    return Promise.resolve();
  }
}
