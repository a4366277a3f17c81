import type { MlRunFilterClause, MlRunOrder, MlRunSearch } from '../../contracts/index.js';
import { MillraceError } from '../../errors/index.js';

/** A SQL fragment and its parameters. */
export interface SqlPart {
  readonly sql: string;
  readonly args: readonly unknown[];
}

const ATTRIBUTE_COLUMNS: Readonly<Record<string, string>> = {
  run_id: 'r.run_id',
  run_name: 'r.run_name',
  status: 'r.status',
  user_id: 'r.user_id',
  start_time: 'r.start_time',
  end_time: 'r.end_time',
  artifact_uri: 'r.artifact_uri',
  experiment_id: 'r.experiment_id',
};

const SIDE_TABLES = { metric: 'ml_latest_metrics', param: 'ml_params', tag: 'ml_tags' } as const;

function invalid(message: string): MillraceError {
  return new MillraceError({ code: 'mlflow/invalid-parameter-value', message });
}

/** `column <op> value` for one clause; LIKE is case-sensitive (the connection sets case_sensitive_like). */
function comparison(column: string, clause: MlRunFilterClause): SqlPart {
  const { op, value } = clause;
  if (op === 'IS NULL' || op === 'IS NOT NULL') return { sql: `${column} ${op}`, args: [] };
  if (op === 'IN' || op === 'NOT IN') {
    const list = Array.isArray(value) ? (value as readonly string[]) : [];
    if (list.length === 0) throw invalid(`${clause.key}: ${op} needs a non-empty list of values`);
    return { sql: `${column} ${op} (${list.map(() => '?').join(', ')})`, args: list };
  }
  if (op === 'ILIKE') return { sql: `LOWER(${column}) LIKE LOWER(?)`, args: [value] };
  return { sql: `${column} ${op} ?`, args: [value] };
}

function clauseSql(clause: MlRunFilterClause): SqlPart {
  if (clause.kind === 'attribute') {
    const column = ATTRIBUTE_COLUMNS[clause.key];
    if (column === undefined)
      throw invalid(
        `unknown attribute ${clause.key} (supported: ${Object.keys(ATTRIBUTE_COLUMNS).join(', ')})`,
      );
    return comparison(column, clause);
  }
  if (clause.kind === 'dataset') throw invalid('dataset filters are not supported by this server');
  const table = SIDE_TABLES[clause.kind];
  // MLflow: a run without the key never matches, whatever the operator (even `!=`). An IN over the side
  // table lets SQLite start from its (key, value) index instead of testing every run.
  const inner = comparison('x.value', clause);
  return {
    sql: `r.run_id IN (SELECT x.run_id FROM ${table} x WHERE x.key = ? AND ${inner.sql})`,
    args: [clause.key, ...inner.args],
  };
}

function orderSql(order: MlRunOrder): SqlPart {
  const dir = order.ascending ? 'ASC' : 'DESC';
  if (order.kind === 'attribute') {
    const column = ATTRIBUTE_COLUMNS[order.key];
    if (column === undefined) throw invalid(`cannot order by unknown attribute ${order.key}`);
    return { sql: `${column} IS NULL, ${column} ${dir}`, args: [] };
  }
  const table = SIDE_TABLES[order.kind];
  const value = `(SELECT x.value FROM ${table} x WHERE x.run_id = r.run_id AND x.key = ?)`;
  // Runs without the key sort last in either direction, as in MLflow's SQL store.
  return { sql: `${value} IS NULL, ${value} ${dir}`, args: [order.key, order.key] };
}

const VIEW_STAGES = {
  ACTIVE_ONLY: ['active'],
  DELETED_ONLY: ['deleted'],
  ALL: ['active', 'deleted'],
} as const;

/** The `SELECT run_id …` of a search page: one row more than the page, to tell whether more follow. */
export function runSearchSql(search: MlRunSearch): SqlPart {
  const where: string[] = [];
  const args: unknown[] = [];
  where.push(`r.experiment_id IN (${search.experimentIds.map(() => '?').join(', ')})`);
  args.push(...search.experimentIds.map(Number));
  const stages = VIEW_STAGES[search.viewType];
  where.push(`r.lifecycle_stage IN (${stages.map(() => '?').join(', ')})`);
  args.push(...stages);
  for (const clause of search.clauses) {
    const part = clauseSql(clause);
    where.push(part.sql);
    args.push(...part.args);
  }
  const order: string[] = [];
  for (const o of search.orderBy) {
    const part = orderSql(o);
    order.push(part.sql);
    args.push(...part.args);
  }
  order.push('r.start_time DESC', 'r.run_id ASC');
  args.push(search.maxResults + 1, search.offset);
  return {
    sql: `SELECT r.run_id FROM ml_runs r WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`,
    args,
  };
}
