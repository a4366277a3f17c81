import type { SqlParameter, SqlValue } from '../../contracts/index.js';
import { ConnectorErrorCode, connectorError } from '../connector-error.js';

/** How a dialect writes bound placeholders: `$1, $2` (PostgreSQL, one per name) or `?` (SQLite, one per use). */
export type PlaceholderStyle = 'numbered' | 'question';

/** A statement ready for a driver: placeholders rewritten, values in placeholder order. */
export interface BoundStatement {
  readonly sql: string;
  readonly values: SqlValue[];
}

/** A lexical piece of SQL text: code, or something parameters and `;` never appear in (strings, comments). */
interface Piece {
  readonly code: boolean;
  readonly text: string;
}

/**
 * Splits SQL text into code and opaque pieces: `'…'` strings, `"…"` identifiers, `-- …` and `/* … *\/`
 * comments, and PostgreSQL `$tag$…$tag$` bodies.
 */
function lex(text: string): Piece[] {
  const out: Piece[] = [];
  let code = '';
  let i = 0;
  const opaque = (end: number): void => {
    if (code) out.push({ code: true, text: code });
    code = '';
    out.push({ code: false, text: text.slice(i, end) });
    i = end;
  };
  while (i < text.length) {
    const ch = text[i];
    const next = text[i + 1];
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === ch && text[j + 1] === ch) j += 2;
        else if (text[j] === ch) break;
        else j++;
      }
      opaque(Math.min(j + 1, text.length));
    } else if (ch === '-' && next === '-') {
      const nl = text.indexOf('\n', i);
      opaque(nl < 0 ? text.length : nl);
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      opaque(end < 0 ? text.length : end + 2);
    } else if (ch === '$' && /^\$[A-Za-z_]?\w*\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$[A-Za-z_]?\w*\$/.exec(text.slice(i, i + 64))?.[0] ?? '$$';
      const end = text.indexOf(tag, i + tag.length);
      opaque(end < 0 ? text.length : end + tag.length);
    } else {
      code += ch;
      i++;
    }
  }
  if (code) out.push({ code: true, text: code });
  return out;
}

/** Splits a script at top-level `;` into statements; empty statements (only blanks and comments) are dropped. */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let meaningful = false;
  for (const piece of lex(text)) {
    if (!piece.code) {
      current += piece.text;
      if (!piece.text.startsWith('--') && !piece.text.startsWith('/*')) meaningful = true;
      continue;
    }
    const parts = piece.text.split(';');
    parts.forEach((part, k) => {
      if (k > 0) {
        if (meaningful) statements.push(current.trim());
        current = '';
        meaningful = false;
      }
      current += part;
      if (part.trim() !== '') meaningful = true;
    });
  }
  if (meaningful) statements.push(current.trim());
  return statements;
}

const NAMED = /(::)|([@:$])([A-Za-z_][\w]*)|(\$\d+|\?)/g;

/**
 * Rewrites the parameter references of one statement for a driver. `@name`, `:name` and `$name` bind the
 * parameter of that name (case-insensitive; references to unknown names are left as written); `?` and `$1`
 * bind parameters by position. Mixing the two in one statement is refused.
 */
export function bindStatement(
  statement: string,
  params: readonly SqlParameter[],
  style: PlaceholderStyle,
): BoundStatement {
  const byName = new Map(params.map((p) => [p.name.replace(/^[@:$]/, '').toLowerCase(), p]));
  const values: SqlValue[] = [];
  const slots = new Map<string, number>();
  let named = false;
  let positional = false;
  let sql = '';
  for (const piece of lex(statement)) {
    if (!piece.code) {
      sql += piece.text;
      continue;
    }
    sql += piece.text.replace(NAMED, (whole, cast?: string, _sigil?: string, name?: string, pos?: string) => {
      if (cast) return whole;
      if (pos !== undefined) {
        positional = true;
        return whole;
      }
      const param = byName.get((name ?? '').toLowerCase());
      if (!param) return whole;
      named = true;
      if (style === 'question') {
        values.push(param.value);
        return '?';
      }
      let slot = slots.get(param.name);
      if (slot === undefined) {
        values.push(param.value);
        slot = values.length;
        slots.set(param.name, slot);
      }
      return `$${slot}`;
    });
  }
  if (named && positional) {
    throw connectorError(
      ConnectorErrorCode.InvalidConfig,
      'a statement may use named parameters (@name) or positional ones (?, $1), not both',
    );
  }
  if (!named && positional) return { sql, values: params.map((p) => p.value) };
  return { sql, values };
}

/** True when a statement changes rows (its first keyword is INSERT, UPDATE, DELETE, REPLACE, MERGE or UPSERT). */
export function isDml(statement: string): boolean {
  const first = lex(statement)
    .filter((p) => p.code)
    .map((p) => p.text)
    .join(' ')
    .trim()
    .split(/\s+/)[0];
  return /^(insert|update|delete|replace|merge|upsert)$/i.test(first ?? '');
}

/** An ANSI quoted identifier (SQLite, PostgreSQL, DuckDB). */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
