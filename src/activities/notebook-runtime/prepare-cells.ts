import { readFileSync } from 'node:fs';
import { NotebookError, NotebookErrorCode } from './notebook-error.js';
import type { NotebookCell } from './parse-notebook.js';
import { parseNotebook } from './parse-notebook.js';
import type { NotebookMapping, ResolvedNotebook } from './resolve-notebook-path.js';
import { joinWorkspacePath, resolveNotebookPath } from './resolve-notebook-path.js';

/** A cell as the Python driver receives it. `label` is the file name Python sees in tracebacks. */
export type DriverCell =
  | {
      readonly kind: 'code';
      readonly number: number;
      readonly label: string;
      readonly source: string;
      /** Line in the notebook file where the cell's code starts (source format only). */
      readonly fileLine?: number;
    }
  | { readonly kind: 'skip'; readonly number: number; readonly label: string }
  | { readonly kind: 'sql'; readonly number: number; readonly label: string; readonly source: string }
  | {
      readonly kind: 'pip';
      readonly number: number;
      readonly label: string;
      readonly args: readonly string[];
    }
  | { readonly kind: 'fail'; readonly number: number; readonly label: string; readonly message: string }
  | {
      readonly kind: 'include';
      readonly number: number;
      readonly label: string;
      readonly arguments: Readonly<Record<string, string>>;
      readonly cells: readonly DriverCell[];
    };

const MAX_INCLUDE_DEPTH = 16;

/** Why a magic cannot run locally, with what to do instead. */
function unsupportedMessage(magic: string): string {
  if (magic === '%pip' || magic === '%conda') {
    return (
      `${magic} is not supported here: only \`%pip install\` cells run (installed before the notebook starts); ` +
      `list packages in the activity's libraries instead`
    );
  }
  const language = { '%scala': 'Scala', '%r': 'R', '%sh': 'shell', '%fs': '%fs' }[magic] ?? magic;
  return `${magic} cells (${language}) are not supported here: only Python cells run locally`;
}

function convert(
  cell: NotebookCell,
  nb: ResolvedNotebook,
  mapping: NotebookMapping,
  stack: string[],
): DriverCell {
  const label = `<cell ${cell.number} of ${nb.workspacePath}>`;
  switch (cell.kind) {
    case 'python':
      return {
        kind: 'code',
        number: cell.number,
        label,
        source: cell.source,
        ...(cell.fileLine === undefined ? {} : { fileLine: cell.fileLine }),
      };
    case 'markdown':
      return { kind: 'skip', number: cell.number, label };
    case 'sql':
      return { kind: 'sql', number: cell.number, label, source: cell.source };
    case 'pip':
      return { kind: 'pip', number: cell.number, label, args: cell.args };
    case 'unsupported':
      return { kind: 'fail', number: cell.number, label, message: unsupportedMessage(cell.magic) };
    case 'run': {
      const included = resolveNotebookPath(joinWorkspacePath(nb.workspacePath, cell.target), mapping);
      const cells = loadDriverCells(included, mapping, stack);
      return { kind: 'include', number: cell.number, label, arguments: cell.arguments, cells };
    }
  }
}

/**
 * Reads and parses a notebook and turns its cells into driver cells, expanding every `%run` include
 * (resolved relative to the including notebook's workspace path, then through the mapping).
 * Throws `activity/notebook-include-cycle` when includes loop or nest deeper than 16.
 */
export function loadDriverCells(
  nb: ResolvedNotebook,
  mapping: NotebookMapping,
  stack: string[] = [],
): DriverCell[] {
  if (stack.includes(nb.localPath) || stack.length >= MAX_INCLUDE_DEPTH) {
    throw new NotebookError({
      code: NotebookErrorCode.IncludeCycle,
      message: `%run include cycle or too deep: ${[...stack, nb.localPath].join(' -> ')}`,
    });
  }
  const text = readFileSync(nb.localPath, 'utf8');
  const inner = [...stack, nb.localPath];
  return parseNotebook(text, nb.localPath).map((cell) => convert(cell, nb, mapping, inner));
}

/** The arguments of every `%pip install` cell, `%run` includes too, in order: what the environment must hold. */
export function collectPipInstalls(cells: readonly DriverCell[]): string[][] {
  return cells.flatMap((c) =>
    c.kind === 'pip' ? [[...c.args]] : c.kind === 'include' ? collectPipInstalls(c.cells) : [],
  );
}
