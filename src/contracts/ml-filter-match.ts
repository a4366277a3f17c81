import type { MlRunFilterClause } from './tracking-store.js';

/** `%` and `_` wildcards of SQL LIKE as a regular expression. */
function likeRegex(pattern: string, flags: string): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${body}$`, flags);
}

/**
 * Whether a value satisfies one clause, for searches done in memory (experiments, registered models and
 * versions). A missing value matches only `IS NULL`, as a missing key does in MLflow, and `!=` when
 * `missingIsUnequal` (the registry: the client's own `tags.\`mlflow.prompt.is_prompt\` != 'true'` must keep
 * models that have no such tag).
 */
export function clauseMatches(
  actual: string | number | undefined,
  clause: MlRunFilterClause,
  missingIsUnequal = false,
): boolean {
  if (clause.op === 'IS NULL') return actual === undefined;
  if (clause.op === 'IS NOT NULL') return actual !== undefined;
  if (actual === undefined) return missingIsUnequal && clause.op === '!=';
  const v = clause.value;
  switch (clause.op) {
    case 'IN':
      return Array.isArray(v) && v.includes(String(actual));
    case 'NOT IN':
      return Array.isArray(v) && !v.includes(String(actual));
    case 'LIKE':
      return likeRegex(String(v), '').test(String(actual));
    case 'ILIKE':
      return likeRegex(String(v), 'i').test(String(actual));
    case '=':
      return actual === v || String(actual) === String(v);
    case '!=':
      return String(actual) !== String(v);
    default: {
      const a = typeof v === 'number' ? Number(actual) : actual;
      const b = v as string | number;
      if (clause.op === '<') return a < b;
      if (clause.op === '<=') return a <= b;
      if (clause.op === '>') return a > b;
      return a >= b;
    }
  }
}
