import { describe, expect, it } from 'vitest';
import { parseIpynb, parseSourceNotebook } from './parse-notebook.js';

describe('parseSourceNotebook', () => {
  it('splits cells and classifies magics', () => {
    const text = [
      '# Databricks notebook source',
      '# MAGIC %md',
      '# MAGIC # Title',
      '',
      '# COMMAND ----------',
      '',
      '# DBTITLE 1,Load',
      'x = 1',
      'y = 2',
      '',
      '# COMMAND ----------',
      '',
      '# MAGIC %run ../lib/common $env="dev" $n=3',
      '',
      '# COMMAND ----------',
      '',
      '# MAGIC %sql',
      '# MAGIC SELECT 1',
      '',
      '# COMMAND ----------',
      '',
      '# MAGIC %python',
      '# MAGIC print(x)',
      '',
      '# COMMAND ----------',
      '',
      '# MAGIC %pip install pandas',
      '',
      '# COMMAND ----------',
      '',
      '# MAGIC %pip list',
    ].join('\n');
    expect(parseSourceNotebook(text)).toEqual([
      { kind: 'markdown', number: 1 },
      { kind: 'python', number: 2, source: 'x = 1\ny = 2', fileLine: 8 },
      { kind: 'run', number: 3, target: '../lib/common', arguments: { env: 'dev', n: '3' } },
      { kind: 'sql', number: 4, source: 'SELECT 1' },
      { kind: 'python', number: 5, source: 'print(x)', fileLine: 23 },
      { kind: 'pip', number: 6, args: ['pandas'] },
      { kind: 'unsupported', number: 7, magic: '%pip' },
    ]);
  });

  it('treats a .py without the header as one cell', () => {
    expect(parseSourceNotebook('print(1)\n')).toEqual([
      { kind: 'python', number: 1, source: 'print(1)\n', fileLine: 1 },
    ]);
  });
});

describe('parseIpynb', () => {
  it('keeps code cells and skips markdown', () => {
    const doc = {
      cells: [
        { cell_type: 'markdown', source: '# t' },
        { cell_type: 'code', source: ['%run ./x\n'] },
        { cell_type: 'code', source: ['a = 1\n', 'b = 2'] },
      ],
    };
    expect(parseIpynb(JSON.stringify(doc), 'n.ipynb')).toEqual([
      { kind: 'markdown', number: 1 },
      { kind: 'run', number: 2, target: './x', arguments: {} },
      { kind: 'python', number: 3, source: 'a = 1\nb = 2' },
    ]);
  });

  it('rejects invalid JSON', () => {
    expect(() => parseIpynb('{', 'n.ipynb')).toThrow(
      expect.objectContaining({ code: 'activity/invalid-notebook' }),
    );
  });
});
