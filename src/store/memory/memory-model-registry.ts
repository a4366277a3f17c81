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
import { attempt } from '../attempt.js';

interface ModelState {
  model: Omit<MlRegisteredModel, 'aliases'>;
  versions: Map<string, Omit<MlModelVersion, 'aliases'>>;
  aliases: Map<string, string>;
  history: MlAliasEvent[];
}

const sortTags = (tags: readonly MlTag[]) => [...tags].sort((a, b) => (a.key < b.key ? -1 : 1));
const withTag = (tags: readonly MlTag[], key: string, tag?: MlTag) =>
  sortTags([...tags.filter((t) => t.key !== key), ...(tag ? [tag] : [])]);

function notFound(message: string): MillraceError {
  return new MillraceError({ code: 'mlflow/resource-does-not-exist', message });
}

/** The registry in memory, for tests: the same rules as the SQLite store (the contract suite checks both). */
export class MemoryModelRegistry implements ModelRegistryStore {
  readonly #models = new Map<string, ModelState>();
  readonly #promotions = new Map<string, MlPromotion>();

  #key = (env: string, name: string) => `${env}\u0000${name}`;

  #state(env: string, name: string): ModelState {
    const s = this.#models.get(this.#key(env, name));
    if (!s) throw notFound(`Registered Model with name=${name} not found`);
    return s;
  }

  #versionOf(s: ModelState, name: string, version: string): Omit<MlModelVersion, 'aliases'> {
    const v = s.versions.get(version);
    if (!v) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return v;
  }

  #model(s: ModelState): MlRegisteredModel {
    const aliases = [...s.aliases]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([alias, version]) => ({ alias, version }));
    return { ...s.model, aliases };
  }

  #version(s: ModelState, v: Omit<MlModelVersion, 'aliases'>): MlModelVersion {
    const aliases = [...s.aliases]
      .filter(([, ver]) => ver === v.version)
      .map(([a]) => a)
      .sort();
    return { ...v, aliases };
  }

  createRegisteredModel(
    env: string,
    input: Parameters<ModelRegistryStore['createRegisteredModel']>[1],
  ): Promise<MlRegisteredModel> {
    return attempt(() => {
      if (this.#models.has(this.#key(env, input.name)))
        throw new MillraceError({
          code: 'mlflow/resource-already-exists',
          message: `Registered Model (name=${input.name}) already exists.`,
        });
      const s: ModelState = {
        model: {
          name: input.name,
          creation_timestamp: input.now,
          last_updated_timestamp: input.now,
          description: input.description,
          tags: sortTags(input.tags),
        },
        versions: new Map(),
        aliases: new Map(),
        history: [],
      };
      this.#models.set(this.#key(env, input.name), s);
      return this.#model(s);
    });
  }

  getRegisteredModel(env: string, name: string): Promise<MlRegisteredModel | undefined> {
    const s = this.#models.get(this.#key(env, name));
    return Promise.resolve(s ? this.#model(s) : undefined);
  }

  listRegisteredModels(env: string): Promise<readonly MlRegisteredModel[]> {
    return Promise.resolve(
      [...this.#models]
        .filter(([k]) => k.startsWith(`${env}\u0000`))
        .map(([, s]) => this.#model(s))
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  }

  updateRegisteredModel(
    env: string,
    name: string,
    patch: Parameters<ModelRegistryStore['updateRegisteredModel']>[2],
  ): Promise<void> {
    return attempt(() => {
      const s = this.#state(env, name);
      if (patch.newName !== undefined && patch.newName !== name) {
        if (this.#models.has(this.#key(env, patch.newName)))
          throw new MillraceError({
            code: 'mlflow/resource-already-exists',
            message: `Registered Model (name=${patch.newName}) already exists.`,
          });
        const to = patch.newName;
        this.#models.delete(this.#key(env, name));
        this.#models.set(this.#key(env, to), s);
        s.model = { ...s.model, name: to };
        for (const [k, v] of s.versions) s.versions.set(k, { ...v, name: to });
      }
      s.model = {
        ...s.model,
        last_updated_timestamp: patch.now,
        ...(patch.description === undefined ? {} : { description: patch.description }),
      };
    });
  }

  deleteRegisteredModel(env: string, name: string): Promise<void> {
    return attempt(() => {
      this.#state(env, name);
      this.#models.delete(this.#key(env, name));
    });
  }

  setRegisteredModelTag(env: string, name: string, tag: MlTag): Promise<void> {
    return attempt(() => {
      const s = this.#state(env, name);
      s.model = { ...s.model, tags: withTag(s.model.tags, tag.key, tag) };
    });
  }

  deleteRegisteredModelTag(env: string, name: string, key: string): Promise<void> {
    return attempt(() => {
      const s = this.#state(env, name);
      s.model = { ...s.model, tags: withTag(s.model.tags, key) };
    });
  }

  createModelVersion(
    env: string,
    input: Parameters<ModelRegistryStore['createModelVersion']>[1],
  ): Promise<MlModelVersion> {
    return attempt(() => {
      const s = this.#state(env, input.name);
      const version = String(Math.max(0, ...[...s.versions.keys()].map(Number)) + 1);
      const v: Omit<MlModelVersion, 'aliases'> = {
        name: input.name,
        version,
        creation_timestamp: input.now,
        last_updated_timestamp: input.now,
        current_stage: 'None',
        description: input.description,
        source: input.source,
        storage_location: input.storage_location,
        run_id: input.run_id,
        status: 'READY',
        ...(input.model_id === undefined ? {} : { model_id: input.model_id }),
        tags: sortTags(input.tags),
      };
      s.versions.set(version, v);
      s.model = { ...s.model, last_updated_timestamp: input.now };
      return this.#version(s, v);
    });
  }

  getModelVersion(env: string, name: string, version: string): Promise<MlModelVersion | undefined> {
    const s = this.#models.get(this.#key(env, name));
    const v = s?.versions.get(version);
    return Promise.resolve(s && v ? this.#version(s, v) : undefined);
  }

  listModelVersions(env: string, name?: string): Promise<readonly MlModelVersion[]> {
    const models = [...this.#models]
      .filter(([k]) => (name === undefined ? k.startsWith(`${env}\u0000`) : k === this.#key(env, name)))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return Promise.resolve(
      models.flatMap(([, s]) =>
        [...s.versions.values()]
          .sort((a, b) => Number(a.version) - Number(b.version))
          .map((v) => this.#version(s, v)),
      ),
    );
  }

  updateModelVersion(
    env: string,
    name: string,
    version: string,
    patch: Parameters<ModelRegistryStore['updateModelVersion']>[3],
  ): Promise<void> {
    return attempt(() => {
      const s = this.#state(env, name);
      const v = this.#versionOf(s, name, version);
      const defined = Object.fromEntries(
        Object.entries(patch).filter(([k, x]) => x !== undefined && k !== 'now'),
      );
      s.versions.set(version, { ...v, ...defined, last_updated_timestamp: patch.now });
    });
  }

  deleteModelVersion(env: string, name: string, version: string): Promise<void> {
    return attempt(() => {
      const s = this.#state(env, name);
      this.#versionOf(s, name, version);
      s.versions.delete(version);
      for (const [alias, v] of s.aliases) if (v === version) s.aliases.delete(alias);
    });
  }

  #versionTags(env: string, name: string, version: string, key: string, tag?: MlTag): Promise<void> {
    return attempt(() => {
      const s = this.#state(env, name);
      const v = this.#versionOf(s, name, version);
      s.versions.set(version, { ...v, tags: withTag(v.tags, key, tag) });
    });
  }

  setModelVersionTag(env: string, name: string, version: string, tag: MlTag): Promise<void> {
    return this.#versionTags(env, name, version, tag.key, tag);
  }

  deleteModelVersionTag(env: string, name: string, version: string, key: string): Promise<void> {
    return this.#versionTags(env, name, version, key);
  }

  setAlias(env: string, name: string, alias: string, version: string, change: MlAliasChange): Promise<void> {
    return attempt(() => {
      const s = this.#state(env, name);
      this.#versionOf(s, name, version);
      s.aliases.set(alias, version);
      s.history.push({
        alias,
        version,
        at: change.now,
        actor: change.actor,
        ...(change.detail === undefined ? {} : { detail: change.detail }),
      });
    });
  }

  deleteAlias(env: string, name: string, alias: string, change: MlAliasChange): Promise<boolean> {
    return attempt(() => {
      const s = this.#state(env, name);
      if (!s.aliases.delete(alias)) return false;
      s.history.push({
        alias,
        at: change.now,
        actor: change.actor,
        ...(change.detail === undefined ? {} : { detail: change.detail }),
      });
      return true;
    });
  }

  aliasHistory(env: string, name: string): Promise<readonly MlAliasEvent[]> {
    return Promise.resolve([...(this.#models.get(this.#key(env, name))?.history ?? [])]);
  }

  putPromotion(promotion: MlPromotion): Promise<void> {
    this.#promotions.set(promotion.id, promotion);
    return Promise.resolve();
  }

  listPromotions(targetEnv: string, name?: string): Promise<readonly MlPromotion[]> {
    return Promise.resolve(
      [...this.#promotions.values()]
        .filter((p) => p.targetEnv === targetEnv && (name === undefined || p.name === name))
        .sort((a, b) => a.requestedAt - b.requestedAt || (a.id < b.id ? -1 : 1)),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
