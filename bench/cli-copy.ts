/**
 * A whole `millrace run` of a Copy (CSV → Parquet, 2,000,000 rows, ≈110 MB) against DuckDB alone doing the same
 * COPY in one Node process: both are fresh processes, timed from spawn to exit, alternating, median of 5. What
 * Millrace adds beyond DuckDB (start-up, planning, state, file staging) is the ratio.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';
import { writeSalesCsv } from './sales-csv.js';

const bin = fileURLToPath(new URL('../bin/millrace.cjs', import.meta.url));
const ROWS = Number(process.env['BENCH_CLI_COPY_ROWS'] ?? 2_000_000);
const RUNS = 5;

const json = (path: string, value: unknown): void => writeFileSync(path, JSON.stringify(value, null, 2));

/** A bare factory: FileServer store `data/`, CSV and Parquet datasets, one Copy pipeline. */
function writeFactory(dir: string): void {
  for (const d of ['pipeline', 'dataset', 'linkedService']) mkdirSync(join(dir, d), { recursive: true });
  json(join(dir, 'linkedService', 'LS_Files.json'), {
    name: 'LS_Files',
    properties: { type: 'FileServer', typeProperties: { host: 'data' } },
  });
  const ls = { referenceName: 'LS_Files', type: 'LinkedServiceReference' };
  json(join(dir, 'dataset', 'DS_Csv.json'), {
    name: 'DS_Csv',
    properties: {
      type: 'DelimitedText',
      linkedServiceName: ls,
      typeProperties: {
        location: { type: 'FileServerLocation', folderPath: 'in', fileName: 'sales.csv' },
        columnDelimiter: ',',
        firstRowAsHeader: true,
      },
    },
  });
  json(join(dir, 'dataset', 'DS_Parquet.json'), {
    name: 'DS_Parquet',
    properties: {
      type: 'Parquet',
      linkedServiceName: ls,
      typeProperties: {
        location: { type: 'FileServerLocation', folderPath: 'out', fileName: 'sales.parquet' },
      },
    },
  });
  json(join(dir, 'pipeline', 'CopyToParquet.json'), {
    name: 'CopyToParquet',
    properties: {
      activities: [
        {
          name: 'Copy',
          type: 'Copy',
          inputs: [{ referenceName: 'DS_Csv', type: 'DatasetReference' }],
          outputs: [{ referenceName: 'DS_Parquet', type: 'DatasetReference' }],
          typeProperties: { source: { type: 'DelimitedTextSource' }, sink: { type: 'ParquetSink' } },
        },
      ],
    },
  });
}

// DuckDB alone: the same COPY (every column as text, as ADF's DelimitedText reads it) in a fresh Node process.
const DUCKDB_ALONE = `
import { DuckDBInstance } from '@duckdb/node-api';
const [csv, out] = process.argv.slice(1);
const db = await DuckDBInstance.create(':memory:');
const c = await db.connect();
await c.run(\`COPY (SELECT * FROM read_csv('\${csv}', header=true, all_varchar=true)) TO '\${out}' (FORMAT parquet)\`);
c.closeSync();
`;

function timedSpawn(args: readonly string[], cwd: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node ${args.slice(0, 3).join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** `millrace run` of a CSV → Parquet Copy against DuckDB alone, both as whole processes. */
export async function benchCliCopy(root: string): Promise<BenchResult> {
  const dir = join(root, 'cli-copy');
  writeFactory(dir);
  mkdirSync(join(dir, 'data', 'in'), { recursive: true });
  const csv = join(dir, 'data', 'in', 'sales.csv');
  const csvBytes = await writeSalesCsv(csv, { rows: ROWS });
  const duckOut = join(dir, 'duck.parquet');
  const repo = fileURLToPath(new URL('..', import.meta.url));
  const millrace: number[] = [];
  const duck: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    rmSync(duckOut, { force: true });
    duck.push(timedSpawn(['--input-type=module', '-e', DUCKDB_ALONE, csv, duckOut], repo));
    rmSync(join(dir, 'data', 'out'), { recursive: true, force: true });
    millrace.push(timedSpawn([bin, 'run', 'CopyToParquet', '--project', dir], dir));
  }
  const mb = csvBytes / 1024 / 1024;
  return {
    name: `whole CLI run: Copy ${ROWS.toLocaleString('en-US')}-row CSV → Parquet (median of ${RUNS})`,
    value: median(millrace),
    unit: 's',
    baseline: { name: 'DuckDB COPY alone, one Node process', value: median(duck) },
    target: '≤ 1.3× DuckDB alone',
    note: `${Math.round(mb)} MB CSV; both fresh processes timed spawn to exit, alternating`,
  };
}
