/** Options of a command that reads or writes the state database. */
export interface DbOption {
  /** `--db postgres://…`: the state database (default: MILLRACE_DB, millrace.json `database`, else SQLite). */
  readonly db?: string;
}

/** `--db <url>` of every command that reads or writes state. */
export const DB_FLAGS = '--db <url>';
export const DB_HELP =
  'state database: postgres://user@host:5432/db[?schema=name] (default: $MILLRACE_DB, else .millrace/state.db)';

/** `{ db }` for a library call when `--db` was given. */
export function dbOf(o: DbOption): { readonly db?: string } {
  return o.db === undefined ? {} : { db: o.db };
}

/** Options of a command that runs pipelines. */
export interface ExecutionOption {
  /** `--execution local|workers`: where execution activities run. */
  readonly execution?: string;
}

/** `--execution <mode>` of `run` and `server`. */
export const EXECUTION_FLAGS = '--execution <mode>';
export const EXECUTION_HELP =
  'where activities run: local (this process) or workers (`millrace worker` processes, through the PostgreSQL state database; default: $MILLRACE_EXECUTION, millrace.json execution, else local)';

/** `{ execution }` for a library call when `--execution` was given. */
export function executionOf(o: ExecutionOption): { readonly execution?: string } {
  return o.execution === undefined ? {} : { execution: o.execution };
}
