import type { MlRunFilterClause, MlRunOrder } from '../contracts/index.js';
import { invalidParameter } from './mlflow-error.js';

/**
 * MLflow's search filter syntax (https://mlflow.org/docs/latest/ml/search/search-runs/): clauses joined by
 * `AND` (no `OR`), each `<entity>.<key> <op> <value>` where the entity is metrics/params/tags/attributes
 * (or their aliases, `mlflow/utils/search_utils.py`), keys may be quoted with backticks or double quotes,
 * strings with single or double quotes, and `IN`/`NOT IN` take a parenthesised list.
 */
const ENTITY_ALIASES: Readonly<Record<string, MlRunFilterClause['kind']>> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

/** Attribute aliases MLflow accepts. */
const ATTRIBUTE_ALIASES: Readonly<Record<string, string>> = {
  created: 'start_time',
  Created: 'start_time',
  run_uuid: 'run_id',
  'run name': 'run_name',
  'Run name': 'run_name',
};

const NUMERIC_ATTRIBUTES = new Set([
  'start_time',
  'end_time',
  'creation_time',
  'last_update_time',
  'creation_timestamp',
  'last_updated_timestamp',
]);

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  skip(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] ?? '')) this.pos++;
  }
  done(): boolean {
    this.skip();
    return this.pos >= this.text.length;
  }
  match(re: RegExp): string | undefined {
    this.skip();
    const m = new RegExp(re.source, 'y' + re.flags.replace('y', '')).exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  fail(what: string): never {
    throw invalidParameter(`Invalid filter '${this.text}': expected ${what} at position ${this.pos}`);
  }
}

function unquote(token: string): string {
  const q = token[0];
  if (q === '`' || q === '"' || q === "'") return token.slice(1, -1).replace(new RegExp(`\\\\${q}`, 'g'), q);
  return token;
}

const QUOTED = /`[^`]*`|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/;

/** `<entity>.<key>` (or a bare attribute name) → kind and key. */
function readIdentifier(
  s: Scanner,
  defaultKind: MlRunFilterClause['kind'],
): { kind: MlRunFilterClause['kind']; key: string } {
  const quotedBare = s.match(/`[^`]*`/);
  if (quotedBare) return { kind: defaultKind, key: unquote(quotedBare) };
  const word = s.match(/[A-Za-z_][A-Za-z0-9_]*/) ?? s.fail('an identifier such as metrics.rmse');
  const kind = ENTITY_ALIASES[word];
  if (kind !== undefined && s.text[s.pos] === '.') {
    s.pos++;
    const key = s.match(QUOTED) ?? s.match(/[^\s=!<>()]+/) ?? s.fail('a key after the dot');
    const k = unquote(key);
    return { kind, key: kind === 'attribute' ? (ATTRIBUTE_ALIASES[k] ?? k) : k };
  }
  return { kind: defaultKind, key: ATTRIBUTE_ALIASES[word] ?? word };
}

function readValue(s: Scanner): string | number {
  const quoted = s.match(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/);
  if (quoted !== undefined) return unquote(quoted);
  const num = s.match(/[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/);
  if (num !== undefined) return Number(num);
  return s.fail('a quoted string or a number');
}

function readClause(s: Scanner, defaultKind: MlRunFilterClause['kind']): MlRunFilterClause {
  const { kind, key } = readIdentifier(s, defaultKind);
  const opWord =
    s.match(/NOT\s+IN\b|IS\s+NOT\s+NULL\b|IS\s+NULL\b|ILIKE\b|LIKE\b|IN\b|!=|<>|<=|>=|=|<|>/i) ??
    s.fail('a comparison operator');
  const op = opWord.toUpperCase().replace(/\s+/g, ' ').replace('<>', '!=') as MlRunFilterClause['op'];
  if (op === 'IS NULL' || op === 'IS NOT NULL') return { kind, key, op };
  if (op === 'IN' || op === 'NOT IN') {
    if (!s.match(/\(/)) s.fail("'(' after IN");
    const values: string[] = [];
    do values.push(String(readValue(s)));
    while (s.match(/,/));
    if (!s.match(/\)/)) s.fail("')' closing the IN list");
    return { kind, key, op, value: values };
  }
  const value = readValue(s);
  const numeric = kind === 'metric' || (kind === 'attribute' && NUMERIC_ATTRIBUTES.has(key));
  if (numeric && typeof value !== 'number')
    throw invalidParameter(
      `Invalid filter '${s.text}': ${kind === 'metric' ? 'metrics' : key} compare against a number, got '${value}'`,
    );
  if (!numeric && typeof value === 'number')
    throw invalidParameter(
      `Invalid filter '${s.text}': ${kind}s.${key} compares against a quoted string, got ${value}`,
    );
  if (numeric && (op === 'LIKE' || op === 'ILIKE'))
    throw invalidParameter(
      `Invalid filter '${s.text}': ${op} is for strings, not ${kind === 'metric' ? 'metrics' : key}`,
    );
  return { kind, key, op, value };
}

/** Parses a filter string (empty → no clauses). `defaultKind` is the entity of a bare name. */
export function parseSearchFilter(
  filter: string | undefined,
  defaultKind: MlRunFilterClause['kind'] = 'attribute',
): MlRunFilterClause[] {
  if (filter === undefined || filter.trim() === '') return [];
  const s = new Scanner(filter);
  const clauses = [readClause(s, defaultKind)];
  while (!s.done()) {
    if (s.match(/OR\b/i)) throw invalidParameter(`Invalid filter '${filter}': OR is not supported, only AND`);
    if (!s.match(/AND\b/i)) s.fail("'AND'");
    clauses.push(readClause(s, defaultKind));
  }
  return clauses;
}

/** Parses `order_by` entries such as `metrics.rmse DESC` or `attributes.start_time`. */
export function parseOrderBy(entries: readonly string[]): MlRunOrder[] {
  return entries.map((entry) => {
    const s = new Scanner(entry);
    const { kind, key } = readIdentifier(s, 'attribute');
    if (kind === 'dataset')
      throw invalidParameter(`Invalid order_by clause '${entry}': cannot order by datasets`);
    const dir = s.match(/ASC\b|DESC\b/i);
    if (!s.done()) s.fail('ASC or DESC');
    return { kind, key, ascending: dir === undefined || dir.toUpperCase() === 'ASC' };
  });
}
