import { NotebookError, NotebookErrorCode } from './notebook-error.js';
import { splitCommandLine } from './split-command-line.js';

/** Python code to run. */
export interface PythonCell {
  readonly kind: 'python';
  /** 1-based cell number (markdown cells count). */
  readonly number: number;
  readonly source: string;
  /** 1-based line in the file where the cell's code starts (source-format notebooks only). */
  readonly fileLine?: number;
}

/** Documentation (`%md`, markdown cells): skipped. */
export interface MarkdownCell {
  readonly kind: 'markdown';
  readonly number: number;
}

/** `%run <path> [$name="value" …]`: another notebook, run inline in the same globals. */
export interface RunCell {
  readonly kind: 'run';
  readonly number: number;
  /** The path as written (`./other`, `../lib/x`, `/Shared/team/x`). */
  readonly target: string;
  /** `$name="value"` widget arguments given to the included notebook. */
  readonly arguments: Readonly<Record<string, string>>;
}

/** `%sql`: Spark SQL, run through `spark.sql` with the result displayed. */
export interface SqlCell {
  readonly kind: 'sql';
  readonly number: number;
  readonly source: string;
}

/** `%pip install …`: installed into the notebook's environment before it starts (see `src/python/`). */
export interface PipCell {
  readonly kind: 'pip';
  readonly number: number;
  /** The words after `install` (quotes removed). */
  readonly args: readonly string[];
}

/** A magic cell that cannot run locally (`%scala`, `%r`, `%sh`, `%fs`, `%pip` other than install…). */
export interface UnsupportedCell {
  readonly kind: 'unsupported';
  readonly number: number;
  /** The magic, e.g. `%sql`. */
  readonly magic: string;
}

/** One cell of a parsed notebook. */
export type NotebookCell = PythonCell | MarkdownCell | RunCell | SqlCell | PipCell | UnsupportedCell;

/** The first line of a notebook exported in Databricks source format. */
export const SOURCE_HEADER = '# Databricks notebook source';
const SEPARATOR = /^# COMMAND -{10,}\s*$/;
const MAGIC = /^# MAGIC ?/;
const TITLE = /^# DBTITLE /;

/** Splits `%run` arguments: the path, then `$name="value"` / `$name=value` pairs. */
function parseRunArgs(rest: string): { target: string; arguments: Record<string, string> } {
  const tokens = rest.match(/"(?:[^"\\]|\\.)*"|'[^']*'|\S+/g) ?? [];
  const unquote = (t: string): string =>
    /^(["']).*\1$/s.test(t) ? t.slice(1, -1).replace(/\\(.)/g, '$1') : t;
  const args: Record<string, string> = {};
  for (const token of tokens.slice(1)) {
    const m = /^\$([A-Za-z0-9_.-]+)=(.*)$/s.exec(token);
    if (m?.[1] !== undefined && m[2] !== undefined) args[m[1]] = unquote(m[2]);
  }
  return { target: unquote(tokens[0] ?? ''), arguments: args };
}

/** Classifies a cell's text; a leading `%magic` line decides the language. */
export function classifyCell(number: number, text: string, fileLine?: number): NotebookCell {
  const magic = /^\s*(%[A-Za-z_]+)(.*)$/s.exec(text.split('\n', 1)[0] ?? '');
  if (!magic?.[1]) return { kind: 'python', number, source: text, ...(fileLine ? { fileLine } : {}) };
  const name = magic[1].toLowerCase();
  const body = text.slice(text.indexOf('\n') === -1 ? text.length : text.indexOf('\n') + 1);
  if (name === '%md' || name === '%md-sandbox') return { kind: 'markdown', number };
  if (name === '%python') {
    return { kind: 'python', number, source: body, ...(fileLine ? { fileLine: fileLine + 1 } : {}) };
  }
  if (name === '%run') return { kind: 'run', number, ...parseRunArgs((magic[2] ?? '').trim()) };
  if (name === '%sql') return { kind: 'sql', number, source: body };
  if (name === '%pip') {
    // A %pip cell's continuation lines (`\` at line end) are one command, as in a shell.
    const words = splitCommandLine(text.replace(/\\\n/g, ' ').replace(/^\s*%pip/i, ''));
    if (words[0] === 'install') return { kind: 'pip', number, args: words.slice(1) };
  }
  return { kind: 'unsupported', number, magic: name };
}

/** Drops leading/trailing blank lines; returns the text and how many lines were dropped in front. */
function trimBlankLines(lines: readonly string[]): { text: string; skipped: number } {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] ?? '').trim() === '') start++;
  while (end > start && (lines[end - 1] ?? '').trim() === '') end--;
  return { text: lines.slice(start, end).join('\n'), skipped: start };
}

/**
 * Parses a notebook in Databricks source format: a `# Databricks notebook source` header, cells
 * split by `# COMMAND ----------`, `# MAGIC ` prefixes on magic cells, optional `# DBTITLE` lines.
 * Cells keep the lines the Databricks editor shows (blank lines around a cell trimmed), so line
 * numbers match the editor. A `.py` without the header is one Python cell.
 */
export function parseSourceNotebook(text: string): NotebookCell[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if ((lines[0] ?? '').trim() !== SOURCE_HEADER)
    return [{ kind: 'python', number: 1, source: text, fileLine: 1 }];
  const cells: NotebookCell[] = [];
  let chunk: string[] = [];
  let chunkStart = 2;
  const flush = (): void => {
    const raw = chunk.filter((l) => !TITLE.test(l));
    const offset = chunk.length - raw.length;
    const { text: body, skipped } = trimBlankLines(raw);
    if (body !== '') {
      const isMagic = MAGIC.test(body);
      const cellText = isMagic
        ? body
            .split('\n')
            .map((l) => l.replace(MAGIC, ''))
            .join('\n')
        : body;
      cells.push(classifyCell(cells.length + 1, cellText, chunkStart + skipped + offset));
    }
  };
  lines.slice(1).forEach((line, i) => {
    if (SEPARATOR.test(line)) {
      flush();
      chunk = [];
      chunkStart = i + 3;
    } else chunk.push(line);
  });
  flush();
  return cells;
}

/** Parses a Jupyter notebook: code cells run (a leading `%magic` line is honoured), markdown is skipped. */
export function parseIpynb(text: string, file: string): NotebookCell[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new NotebookError({
      code: NotebookErrorCode.InvalidNotebook,
      message: `${file}: not valid .ipynb JSON (${(err as Error).message})`,
      cause: err,
    });
  }
  const raw = (doc as { cells?: unknown }).cells;
  if (!Array.isArray(raw)) {
    throw new NotebookError({
      code: NotebookErrorCode.InvalidNotebook,
      message: `${file}: .ipynb has no "cells" array`,
    });
  }
  return raw.map((cell: unknown, i): NotebookCell => {
    const c = cell as { cell_type?: unknown; source?: unknown };
    const source = Array.isArray(c.source) ? c.source.join('') : typeof c.source === 'string' ? c.source : '';
    if (c.cell_type !== 'code') return { kind: 'markdown', number: i + 1 };
    return classifyCell(i + 1, source.replace(/\r\n/g, '\n'));
  });
}

/** Parses a notebook file by its extension (`.ipynb`, else source format). */
export function parseNotebook(text: string, file: string): NotebookCell[] {
  return file.toLowerCase().endsWith('.ipynb') ? parseIpynb(text, file) : parseSourceNotebook(text);
}
