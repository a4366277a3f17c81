import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataPlane, DataPlaneSession } from '../data-plane.js';
import type { FileFormat, FormatSettings } from '../file-format.js';
import type { RowBatch } from '../table-store.js';

/** A tabular format description as a connector binds it (UTF-8, so no decoder). */
function format(settings: FormatSettings, extension: string): FileFormat {
  return { kind: settings.kind, tabular: true, extension, settings, needsDecoding: false };
}

const CSV = format(
  {
    kind: 'DelimitedText',
    columnDelimiter: ',',
    quoteChar: '"',
    escapeChar: '"',
    firstRowAsHeader: true,
    nullValue: '',
    encoding: 'utf-8',
    gzip: false,
    rowDelimiter: '\n',
  },
  '.csv',
);
const JSON_LINES = format({ kind: 'Json', gzip: false }, '.json');
const PARQUET = format({ kind: 'Parquet', compression: 'none', explicitCompression: false }, '.parquet');

async function* batchesOf(...batches: RowBatch[]): AsyncIterable<RowBatch> {
  for (const b of batches) {
    await Promise.resolve();
    yield b;
  }
}

/**
 * The `DataPlane` contract, run against one implementation: sessions (statements, rows as JSON, columns,
 * streams, scripts with parameters), its SQL dialect's quoting, the formats' write and read statements (a
 * round trip through local files), row spools, and the SQL → JSON value rule. File selection, staging and
 * sink files need file stores: the activities' tests run them over real connectors.
 */
export function dataPlaneSuite(name: string, create: () => DataPlane): void {
  describe(`DataPlane contract: ${name}`, () => {
    const dp = create();
    let session: DataPlaneSession;
    let dir: string;
    beforeAll(async () => {
      session = await dp.openSession();
      dir = await mkdtemp(join(tmpdir(), 'millrace-dp-suite-'));
    });
    afterAll(async () => {
      session.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('runs statements and answers rows as JSON, columns and their types', async () => {
      await session.run("CREATE TABLE t AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) v(id, name)");
      expect(await session.rows('SELECT * FROM t ORDER BY id')).toEqual([
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ]);
      expect(await session.columns('t')).toEqual(['id', 'name']);
      expect((await session.describe('t')).map((c) => c.name)).toEqual(['id', 'name']);
    });

    it('streams a result in batches that keep their columns', async () => {
      let rows = 0;
      for await (const b of session.stream('SELECT range AS n FROM range(5000)')) {
        expect(b.columns.map((c) => c.name)).toEqual(['n']);
        rows += b.rows.length;
      }
      expect(rows).toBe(5000);
    });

    it('runs a script with named parameters and keeps at most maxRows rows per result', async () => {
      const [insert, select] = await session.script(
        'INSERT INTO t VALUES ($id, $name); SELECT * FROM t ORDER BY id',
        [
          { name: 'id', value: 3 },
          { name: 'name', value: 'c' },
        ],
        2,
      );
      expect(insert?.rowsAffected).toBe(1);
      expect(select).toMatchObject({ truncated: true, rowsAffected: 0 });
      expect(select?.rows).toHaveLength(2);
    });

    it('quotes strings and identifiers of its SQL so any text round-trips', async () => {
      const text = `it's "quoted"`;
      const rows = await session.rows(`SELECT ${dp.sqlString(text)} AS ${dp.sqlIdent('a "b"')}`);
      expect(rows).toEqual([{ 'a "b"': text }]);
    });

    it.each([
      ['DelimitedText', CSV],
      ['Json', JSON_LINES],
      ['Parquet', PARQUET],
    ])('writes a query as %s and reads the file back', async (_kind, fmt) => {
      const path = join(dir, `out${fmt.extension}`);
      const written = await session.run(
        dp.writeSql(fmt, `SELECT id, name FROM t WHERE id < 3 ORDER BY id`, path),
      );
      expect(written).toBe(2);
      const back = await session.rows(`SELECT * FROM ${dp.readSql(fmt, [path])} ORDER BY name`);
      expect(back.map((r) => [Number(r['id']), r['name']])).toEqual([
        [1, 'a'],
        [2, 'b'],
      ]);
    });

    it('spools streamed rows to a local file a session reads with the columns typed', async () => {
      const columns = [
        { name: 'id', type: 'BIGINT' },
        { name: 'name', type: 'VARCHAR' },
      ];
      const seen: number[] = [];
      const spool = await dp.spoolRows(
        batchesOf({ columns, rows: [[1n, 'x']] }, { columns, rows: [[2n, null]] }),
        join(dir, 'spool.jsonl'),
        (rows) => seen.push(rows),
      );
      expect(spool).toMatchObject({ rows: 2, columns });
      expect(seen).toEqual([1, 1]);
      const read = dp.spoolReadSql(join(dir, 'spool.jsonl'), spool.columns);
      const back = await session.rows(`SELECT * FROM ${read} ORDER BY id`);
      expect(back.map((r) => [Number(r['id']), r['name']])).toEqual([
        [1, 'x'],
        [2, null],
      ]);
      expect((await session.describe(read)).map((c) => c.type)).toEqual(['BIGINT', 'VARCHAR']);
    });

    it('turns SQL values into JSON: safe big integers as numbers, others as text, dates ISO, bytes base64', () => {
      expect(dp.jsonOfSql(42n)).toBe(42);
      expect(dp.jsonOfSql(2n ** 60n)).toBe('1152921504606846976');
      expect(dp.jsonOfSql(new Date('2024-01-02T03:04:05Z'))).toBe('2024-01-02T03:04:05.000Z');
      expect(dp.jsonOfSql(new Uint8Array([1, 2, 3]))).toBe('AQID');
      expect(dp.jsonOfSql(Number.NaN)).toBeNull();
      expect(dp.rowObject([{ name: 'a', type: 'BIGINT' }], [7n])).toEqual({ a: 7 });
    });

    it('reads ADF store settings: recursive by default (or as told), a bad datetime is copy/invalid-setting', () => {
      expect(dp.readSettings(undefined)).toMatchObject({
        recursive: true,
        deleteFilesAfterCompletion: false,
      });
      expect(dp.readSettings({}, false).recursive).toBe(false);
      expect(dp.readSettings({ wildcardFileName: '*.csv', recursive: false })).toMatchObject({
        recursive: false,
        wildcardFileName: '*.csv',
      });
      expect(() => dp.readSettings({ modifiedDatetimeStart: 'yesterday' })).toThrow(
        expect.objectContaining({ code: 'copy/invalid-setting' }) as Error,
      );
    });
  });
}
