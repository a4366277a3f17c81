import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isProcessAlive } from '../platform/index.js';

/** One version that started serving on an endpoint. */
export interface ServingRecord {
  readonly env: string;
  readonly model: string;
  readonly alias: string;
  readonly version: string;
  /** Epoch ms since the version serves. */
  readonly since: number;
  /** The version it replaced (absent on a first load). */
  readonly previous?: string;
  readonly workers: number;
  /** The serving process. */
  readonly pid: number;
  readonly url?: string;
}

/** What `models serving --env <e>` shows: each model's current record (is its process alive) and the history. */
export interface ServingState {
  readonly env: string;
  readonly endpoints: readonly (ServingRecord & { readonly running: boolean })[];
  /** Every switch, oldest first (at most the last 500). */
  readonly history: readonly ServingRecord[];
}

interface StateFile {
  endpoints: Record<string, ServingRecord>;
  history: ServingRecord[];
}

/** `<stateDir>/serving/<env>.json` (`stateDir` is the project's `.millrace`). */
const file = (stateDir: string, env: string) => join(stateDir, 'serving', `${env}.json`);

function read(stateDir: string, env: string): StateFile {
  try {
    return JSON.parse(readFileSync(file(stateDir, env), 'utf8')) as StateFile;
  } catch {
    return { endpoints: {}, history: [] };
  }
}

/** Records that a version started serving (`.millrace/serving/<env>.json`, written to a temp file then renamed). */
export function recordServing(stateDir: string, record: ServingRecord): void {
  const state = read(stateDir, record.env);
  // One entry per serving process and model; entries of processes that ended are dropped for that model.
  for (const [key, r] of Object.entries(state.endpoints))
    if (r.model === record.model && r.pid !== record.pid && !isProcessAlive(r.pid))
      delete state.endpoints[key];
  state.endpoints[`${record.model}@${record.pid}`] = record;
  state.history = [...state.history, record].slice(-500);
  write(stateDir, record.env, state);
}

/** Sets the URL of this process's entry for a model once it listens (no history entry). */
export function recordServingUrl(stateDir: string, env: string, model: string, url: string): void {
  const state = read(stateDir, env);
  const entry = state.endpoints[`${model}@${process.pid}`];
  if (!entry) return;
  state.endpoints[`${model}@${process.pid}`] = { ...entry, url };
  write(stateDir, env, state);
}

function write(stateDir: string, env: string, state: StateFile): void {
  const target = file(stateDir, env);
  mkdirSync(join(target, '..'), { recursive: true });
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(temp, target);
}

/** What serves in an environment, as recorded by the serving processes. */
export function servingState(stateDir: string, env: string): ServingState {
  const state = read(stateDir, env);
  return {
    env,
    endpoints: Object.values(state.endpoints).map((r) => ({ ...r, running: isProcessAlive(r.pid) })),
    history: state.history,
  };
}
