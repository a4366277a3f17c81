import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { NotebookCell, ResolvedNotebook } from '../activities/notebook-runtime/index.js';
import {
  joinWorkspacePath,
  parseNotebook,
  resolveNotebookPath,
} from '../activities/notebook-runtime/index.js';
import type { ResolvedProject } from '../config/index.js';
import type { Diagnostic } from '../errors/index.js';
import { createDiagnostic, Severity } from '../errors/index.js';
import type { Factory, JsonValue } from '../model/index.js';
import { canonicalActivityType, childScopes, isJsonObject } from '../model/index.js';

/** Compiles each cell (JSON on stdin) and prints the syntax errors: Python's own parser is the reference. */
const COMPILE_CELLS = `
import json, sys
out = []
for c in json.load(sys.stdin):
    try:
        compile(c["source"], c["label"], "exec")
    except SyntaxError as e:
        out.append({"id": c["id"], "line": e.lineno, "message": e.msg})
print(json.dumps(out))
`;

interface PendingCell {
  readonly id: number;
  readonly label: string;
  readonly source: string;
  readonly notebook: ResolvedNotebook;
  readonly cell: number;
  readonly fileLine: number | undefined;
}

/** Literal `notebookPath`s of the factory's active DatabricksNotebook activities, nested ones too. */
function notebookPaths(factory: Factory): string[] {
  const out = new Set<string>();
  const walk = (activities: readonly JsonValue[]): void => {
    for (const a of activities) {
      if (!isJsonObject(a) || a['state'] === 'Inactive') continue;
      const type = canonicalActivityType(typeof a['type'] === 'string' ? a['type'] : '');
      const tp = a['typeProperties'];
      const path = isJsonObject(tp) ? tp['notebookPath'] : undefined;
      if (type === 'DatabricksNotebook' && typeof path === 'string' && !path.startsWith('@')) out.add(path);
      for (const scope of childScopes(a, type)) walk(scope.activities);
    }
  };
  for (const p of factory.pipelines.values()) walk(p.properties.activities as readonly JsonValue[]);
  return [...out].sort();
}

/**
 * Static checks of the notebooks a factory runs, as Databricks would find them: each is parsed into cells,
 * `%run` targets must exist (`validate/notebook-run-target-missing`), Python cells must compile
 * (`validate/notebook-syntax-error`, located at the notebook file's line), and magics that cannot run locally
 * are warned about (`validate/notebook-unsupported-magic`). Notebooks that do not resolve are left to
 * `validate/missing-notebook`. Python syntax is checked with the project's interpreter when it starts.
 */
export function checkNotebooks(project: ResolvedProject, factory: Factory): Diagnostic[] {
  const mapping = project.notebooks;
  if (Object.keys(mapping).length === 0) return [];
  const found: Diagnostic[] = [];
  const cells: PendingCell[] = [];
  const seen = new Set<string>();
  const file = (nb: ResolvedNotebook): string => relative(project.root, nb.localPath);
  const visit = (nb: ResolvedNotebook): void => {
    if (seen.has(nb.localPath)) return;
    seen.add(nb.localPath);
    let parsed: NotebookCell[];
    try {
      parsed = parseNotebook(readFileSync(nb.localPath, 'utf8'), nb.localPath);
    } catch (err) {
      found.push(
        createDiagnostic(Severity.Error, 'validate/invalid-notebook', (err as Error).message, {
          file: file(nb),
          path: [],
        }),
      );
      return;
    }
    for (const c of parsed) {
      const where = `notebook ${nb.workspacePath} cell ${c.number}`;
      if (c.kind === 'python') {
        const label = `<cell ${c.number} of ${nb.workspacePath}>`;
        cells.push({
          id: cells.length,
          label,
          source: c.source,
          notebook: nb,
          cell: c.number,
          fileLine: c.fileLine,
        });
      } else if (c.kind === 'unsupported') {
        found.push(
          createDiagnostic(
            Severity.Warning,
            'validate/notebook-unsupported-magic',
            `${where}: ${c.magic} cells cannot run locally (only Python, %sql, %run, %pip install and %md run)`,
            { file: file(nb), path: [] },
          ),
        );
      } else if (c.kind === 'run') {
        let target: ResolvedNotebook;
        try {
          target = resolveNotebookPath(joinWorkspacePath(nb.workspacePath, c.target), mapping);
        } catch (err) {
          found.push(
            createDiagnostic(
              Severity.Error,
              'validate/notebook-run-target-missing',
              `${where}: %run ${c.target}: ${(err as Error).message}`,
              { file: file(nb), path: [] },
            ),
          );
          continue;
        }
        visit(target);
      }
    }
  };
  for (const path of notebookPaths(factory)) {
    try {
      visit(resolveNotebookPath(path, mapping));
    } catch {
      // validate/missing-notebook reports it
    }
  }
  found.push(...syntaxErrors(cells, project.config?.python ?? 'python3', file));
  return found;
}

function syntaxErrors(
  cells: readonly PendingCell[],
  python: string,
  file: (nb: ResolvedNotebook) => string,
): Diagnostic[] {
  if (cells.length === 0) return [];
  const payload = cells.map(({ id, label, source }) => ({ id, label, source }));
  const r = spawnSync(python, ['-c', COMPILE_CELLS], { input: JSON.stringify(payload), encoding: 'utf8' });
  if (r.status !== 0) return []; // no interpreter: the syntax is checked when the notebook runs
  const errors = JSON.parse(r.stdout) as { id: number; line: number | null; message: string }[];
  return errors.flatMap((e) => {
    const c = cells[e.id];
    if (!c) return [];
    const line = e.line ?? 1;
    return [
      createDiagnostic(
        Severity.Error,
        'validate/notebook-syntax-error',
        `notebook ${c.notebook.workspacePath} cell ${c.cell}, line ${line}: SyntaxError: ${e.message}`,
        {
          file: file(c.notebook),
          path: [],
          ...(c.fileLine === undefined ? {} : { line: c.fileLine + line - 1 }),
        },
      ),
    ];
  });
}
