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

/** An attribute clause: a condition on `ml_runs` itself. */
function attributeSql(clause: MlRunFilterClause): SqlPart {
  const column = ATTRIBUTE_COLUMNS[clause.key];
  if (column === undefined)
    throw invalid(
      `unknown attribute ${clause.key} (supported: ${Object.keys(ATTRIBUTE_COLUMNS).join(', ')})`,
    );
  return comparison(column, clause);
}

/**
 * A metric, param or tag clause as an inner join on its side table, the shape of MLflow's SqlAlchemyStore
 * (`_search_runs` joins one filtered subquery per clause). (run_id, key) is the side table's primary key, so
 * the join adds no rows, and a run without the key never matches, whatever the operator (MLflow's rule, even
 * for `!=`). Joins let SQLite's planner start from the most selective side (the (key, value) index of a
 * clause, or the runs in `start_time` order when most runs match), which the statistics the store keeps
 * (`ANALYZE`, see `search-statistics.ts`) tell it.
 */
function sideJoinSql(clause: MlRunFilterClause, alias: string): SqlPart {
  if (clause.kind === 'dataset') throw invalid('dataset filters are not supported by this server');
  if (clause.kind === 'attribute') throw invalid(`${clause.key} is an attribute`);
  const inner = comparison(`${alias}.value`, clause);
  return {
    sql: `JOIN ${SIDE_TABLES[clause.kind]} ${alias} ON ${alias}.run_id = r.run_id AND ${alias}.key = ? AND ${inner.sql}`,
    args: [clause.key, ...inner.args],
  };
}

/** An `order_by` entry: an attribute column, or a metric/param/tag through a left join (MLflow's outer join). */
function orderSql(order: MlRunOrder, alias: string): { readonly join?: SqlPart; readonly sql: string } {
  const dir = order.ascending ? 'ASC' : 'DESC';
  if (order.kind === 'attribute') {
    const column = ATTRIBUTE_COLUMNS[order.key];
    if (column === undefined) throw invalid(`cannot order by unknown attribute ${order.key}`);
    return { sql: `${column} IS NULL, ${column} ${dir}` };
  }
  const table = SIDE_TABLES[order.kind];
  // Runs without the key sort last in either direction, as in MLflow's SQL store.
  return {
    join: {
      sql: `LEFT JOIN ${table} ${alias} ON ${alias}.run_id = r.run_id AND ${alias}.key = ?`,
      args: [order.key],
    },
    sql: `${alias}.value IS NULL, ${alias}.value ${dir}`,
  };
}

const VIEW_STAGES = {
  ACTIVE_ONLY: ['active'],
  DELETED_ONLY: ['deleted'],
  ALL: ['active', 'deleted'],
} as const;

/**
 * The `SELECT run_id …` of a search page: one row more than the page, to tell whether more follow.
 *
 * With `window`, only the `window` newest runs of the experiments are searched, in that order (runs first,
 * `CROSS JOIN` keeps SQLite from starting at a side table). The runs in default order (`start_time DESC,
 * run_id ASC`) are a total order and the window is its prefix, so when the window holds a full page plus
 * one, that page is exactly the page of the whole search; else the caller runs the search without it. This
 * answers a filter most runs match (`params.alpha = '0.3'` with 10% of 100,000 runs) after reading about
 * `window` runs, instead of reading every match from the side table's index and sorting them all. Only
 * for the default order: an `order_by` on a metric, param or tag is not a prefix of start times.
 */
export function runSearchSql(search: MlRunSearch, window?: number): SqlPart {
  const joins: SqlPart[] = [];
  const experiments = search.experimentIds.map(() => '?').join(', ');
  const stages = VIEW_STAGES[search.viewType];
  const where: SqlPart[] = [
    { sql: `r.experiment_id IN (${experiments})`, args: search.experimentIds.map(Number) },
    { sql: `r.lifecycle_stage IN (${stages.map(() => '?').join(', ')})`, args: stages },
  ];
  search.clauses.forEach((clause, i) => {
    if (clause.kind === 'attribute') where.push(attributeSql(clause));
    else joins.push(sideJoinSql(clause, `f${i}`));
  });
  const order: string[] = [];
  search.orderBy.forEach((o, i) => {
    const part = orderSql(o, `o${i}`);
    if (part.join) joins.push(part.join);
    order.push(part.sql);
  });
  order.push('r.start_time DESC', 'r.run_id ASC');
  const from: SqlPart =
    window === undefined
      ? { sql: 'ml_runs r', args: [] }
      : {
          sql:
            // Only the columns the query reads: without attribute clauses the runs' index covers them.
            `(SELECT ${search.clauses.some((c) => c.kind === 'attribute') ? '*' : 'run_id, experiment_id, lifecycle_stage, start_time'}` +
            ` FROM ml_runs WHERE experiment_id IN (${experiments})` +
            ` AND lifecycle_stage IN (${stages.map(() => '?').join(', ')})` +
            ' ORDER BY start_time DESC, run_id ASC LIMIT ?) r',
          args: [...search.experimentIds.map(Number), ...stages, window],
        };
  const joinSql = joins.map((j) => (window === undefined ? j.sql : `CROSS ${j.sql}`)).join(' ');
  const sql =
    `SELECT r.run_id FROM ${from.sql}${joinSql === '' ? '' : ` ${joinSql}`}` +
    ` WHERE ${where.map((w) => w.sql).join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`;
  return {
    sql,
    args: [
      ...from.args,
      ...joins.flatMap((j) => j.args),
      ...where.flatMap((w) => w.args),
      search.maxResults + 1,
      search.offset,
    ],
  };
}

/**
 * The window of `runSearchSql` worth trying first: 20 runs per row of the page (a filter matching 5% of
 * the runs or more fills the page from it), at most 50,000; none when the search has an `order_by` or no
 * metric, param or tag clause (the planner already walks the runs in order then).
 */
export function searchWindow(search: MlRunSearch): number | undefined {
  if (search.orderBy.length > 0 || search.clauses.every((c) => c.kind === 'attribute')) return undefined;
  return Math.min(50_000, 20 * (search.offset + search.maxResults + 1));
}
