import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileFormat } from '../contracts/index.js';
import { openDuckDb, sqlString } from './duckdb-session.js';
import { readSql, writeSql } from './format-sql.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-format-sql-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const csv: FileFormat = {
  kind: 'DelimitedText',
  tabular: true,
  extension: '.csv',
  needsDecoding: false,
  settings: {
    kind: 'DelimitedText',
    columnDelimiter: ';',
    quoteChar: '"',
    escapeChar: '\\',
    firstRowAsHeader: true,
    nullValue: 'NULL',
    encoding: 'utf-8',
    gzip: false,
    rowDelimiter: '\n',
  },
};
const parquet = (explicitCompression: boolean, compression = 'none'): FileFormat => ({
  kind: 'Parquet',
  tabular: true,
  extension: '.parquet',
  needsDecoding: false,
  settings: { kind: 'Parquet', compression, explicitCompression },
});
const binary: FileFormat = {
  kind: 'Binary',
  tabular: false,
  extension: '',
  needsDecoding: false,
  settings: { kind: 'Binary' },
};

describe('format SQL (the data plane reads and writes formats from their settings)', () => {
  it('reads DelimitedText with its delimiter and null value, every column as text, and writes it back', async () => {
    const src = join(dir, 'in.csv');
    writeFileSync(src, 'id;name\n1;NULL\n2;b\n');
    const db = await openDuckDb();
    try {
      const table = readSql(csv, [src]);
      expect(await db.rows(`SELECT * FROM ${table} ORDER BY id`)).toEqual([
        { id: '1', name: null },
        { id: '2', name: 'b' },
      ]);
      const out = join(dir, 'out.csv');
      expect(await db.run(writeSql(csv, `SELECT * FROM ${table}`, out))).toBe(2);
      expect(await db.rows(`SELECT * FROM ${readSql(csv, [out])} ORDER BY id`)).toEqual([
        { id: '1', name: null },
        { id: '2', name: 'b' },
      ]);
    } finally {
      db.close();
    }
  });

  it('writes Parquet as snappy unless the dataset names a codec', async () => {
    const db = await openDuckDb();
    try {
      const codecOf = async (format: FileFormat, name: string) => {
        const path = join(dir, name);
        await db.run(writeSql(format, 'SELECT 1 AS x', path));
        const [row] = await db.rows(`SELECT compression FROM parquet_metadata(${sqlString(path)})`);
        return row?.['compression'];
      };
      expect(await codecOf(parquet(false), 'default.parquet')).toBe('SNAPPY');
      expect(await codecOf(parquet(true, 'none'), 'none.parquet')).toBe('UNCOMPRESSED');
      expect(await codecOf(parquet(true, 'zstd'), 'zstd.parquet')).toBe('ZSTD');
    } finally {
      db.close();
    }
  });

  it('refuses rows of a Binary dataset and an unknown Json filePattern with format/unsupported', () => {
    expect(() => readSql(binary, ['x'])).toThrow(expect.objectContaining({ code: 'format/unsupported' }));
    expect(() => writeSql(binary, 'SELECT 1', 'x')).toThrow(/can only be copied to another Binary dataset/);
    const json: FileFormat = {
      ...binary,
      kind: 'Json',
      tabular: true,
      settings: { kind: 'Json', gzip: false },
    };
    expect(() => writeSql(json, 'SELECT 1', 'x', { filePattern: 'lines' })).toThrow(
      expect.objectContaining({ code: 'format/unsupported' }),
    );
  });
});
