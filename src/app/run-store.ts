import type { ResolvedConfig } from '../config/index.js';
import type { RunStore } from '../contracts/index.js';
import { openSqliteRunStore } from '../store/index.js';

/** The run store of a project: SQLite in `config.stateDb`, recovered on open. */
export function openProjectRunStore(config: ResolvedConfig): Promise<RunStore> {
  return openSqliteRunStore({ path: config.stateDb });
}
