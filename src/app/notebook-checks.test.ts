import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject, validateProject } from './project.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-nbcheck-'));
const put = (path: string, text: string): void => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
};
put('millrace.json', JSON.stringify({ notebooks: { '/Repos/etl': 'notebooks' } }));
put(
  'factory/pipeline/P.json',
  JSON.stringify({
    name: 'P',
    properties: {
      activities: [
        {
          name: 'Loop',
          type: 'ForEach',
          typeProperties: {
            items: { value: '@createArray(1)', type: 'Expression' },
            activities: [
              { name: 'Nb', type: 'DatabricksNotebook', typeProperties: { notebookPath: '/Repos/etl/main' } },
            ],
          },
        },
      ],
    },
  }),
);
put(
  'notebooks/main.py',
  [
    '# Databricks notebook source',
    'x = 1',
    '',
    '# COMMAND ----------',
    '',
    '# MAGIC %run ./lib/helpers',
    '',
    '# COMMAND ----------',
    '',
    '# MAGIC %run ./missing',
    '',
    '# COMMAND ----------',
    '',
    '# MAGIC %scala',
    '# MAGIC val x = 1',
  ].join('\n'),
);
put('notebooks/lib/helpers.py', '# Databricks notebook source\ndef f():\n    return (1\n');

describe('checkNotebooks (millrace validate)', () => {
  it('follows %run, reports missing targets and syntax errors at the notebook line, warns about magics', async () => {
    const report = validateProject(await loadProject(dir));
    const found = report.diagnostics.map((d) => [
      d.severity,
      d.code,
      d.location.file,
      d.location.line,
      d.message,
    ]);
    expect(found).toEqual([
      [
        'error',
        'validate/notebook-syntax-error',
        join('notebooks', 'lib', 'helpers.py'),
        3,
        "notebook /Repos/etl/lib/helpers cell 1, line 2: SyntaxError: '(' was never closed",
      ],
      [
        'error',
        'validate/notebook-run-target-missing',
        join('notebooks', 'main.py'),
        undefined,
        expect.stringMatching(/^notebook \/Repos\/etl\/main cell 3: %run \.\/missing: /),
      ],
      [
        'warning',
        'validate/notebook-unsupported-magic',
        join('notebooks', 'main.py'),
        undefined,
        'notebook /Repos/etl/main cell 4: %scala cells cannot run locally (only Python, %sql, %run, %pip install and %md run)',
      ],
    ]);
  });
});
