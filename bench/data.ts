/**
 * Data-plane benchmarks: Copy CSV → Parquet against DuckDB alone, Binary copy against `cp` (with `sync`: both durable), and a round trip
 * local → Azurite → local with its peak RSS (in a process of its own). The CSV size comes from `BENCH_CSV_MB` (default 256).
 * Last, a whole `millrace run` of a 2,000,000-row Copy against DuckDB alone (cli-copy.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDuckDb, sqlString } from '../src/data-plane/index.js';
import { startAzurite } from '../src/connectors/azure-blob/azurite.js';
import { createFileServerConnector, unavailableSecretResolver } from '../src/connectors/index.js';
import type { Connector } from '../src/contracts/index.js';
import type { BenchResult } from './bench-result.js';
import { copy, ds, localFile, timed } from './data-copy.js';
import { benchCliCopy } from './cli-copy.js';
import { writeSalesCsv } from './sales-csv.js';

const roundTripScript = fileURLToPath(new URL('data-roundtrip-process.ts', import.meta.url));

const MB = 1024 * 1024;

/** Runs the data-plane benchmarks; temp files are removed afterwards. */
export async function benchData(): Promise<BenchResult[]> {
  const sizeMb = Number(process.env['BENCH_CSV_MB'] ?? 256);
  const root = await mkdtemp(join(tmpdir(), 'millrace-bench-data-'));
  try {
    await mkdir(join(root, 'data/in'), { recursive: true });
    const csv = join(root, 'data/in/sales.csv');
    const bytes = await writeSalesCsv(csv, { bytes: sizeMb * MB });
    const local = createFileServerConnector(
      { host: 'data' },
      { projectRoot: root, secrets: unavailableSecretResolver },
    );
    return [
      ...(await csvToParquet(root, local, csv)),
      await binaryVsCp(root, local, bytes),
      await azuriteRoundTrip(root),
      await benchCliCopy(root),
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function csvToParquet(root: string, local: Connector, csv: string): Promise<BenchResult[]> {
  const source = ds(
    local,
    'DelimitedText',
    { type: 'FileServerLocation', folderPath: 'in', fileName: 'sales.csv' },
    {
      firstRowAsHeader: true,
    },
  );
  const sink = ds(local, 'Parquet', {
    type: 'FileServerLocation',
    folderPath: 'out',
    fileName: 'sales.parquet',
  });
  const copySeconds = await timed(() => copy(source, sink));
  const session = await openDuckDb();
  const duckSeconds = await timed(() =>
    session.run(
      `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header=true, all_varchar=true)) ` +
        `TO ${sqlString(join(root, 'duck.parquet'))} (FORMAT parquet)`,
    ),
  );
  session.close();
  return [
    {
      name: 'Copy CSV → Parquet',
      value: copySeconds,
      unit: 's',
      baseline: { name: 'DuckDB COPY alone', value: duckSeconds },
      target: '≤ 1.2× DuckDB',
      note: 'FileServer → FileServer through the Copy core; both read every column as text, as ADF does',
    },
  ];
}

async function binaryVsCp(root: string, local: Connector, bytes: number): Promise<BenchResult> {
  // Best of 3, alternating, each into a fresh destination: neither side gets the other's warm cache.
  let best = Infinity;
  let bestCp = Infinity;
  for (let i = 0; i < 3; i++) {
    const source = localFile(local, 'in', 'sales.csv');
    const sink = localFile(local, `bin${i}`, 'sales.csv');
    best = Math.min(best, await timed(() => copy(source, sink)));
    // The Copy writes durably (fsync, then rename): so does the baseline, `cp` then `sync` of its data.
    const t0 = performance.now();
    const target = join(root, `cp${i}.csv`);
    const cp = spawnSync('cp', [join(root, 'data/in/sales.csv'), target]);
    if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr.toString()}`);
    const sync = spawnSync('sync', ['--data', target]);
    if (sync.status !== 0) throw new Error(`sync failed: ${sync.stderr.toString()}`);
    bestCp = Math.min(bestCp, (performance.now() - t0) / 1000);
  }
  return {
    name: 'Binary copy throughput',
    value: bytes / MB / best,
    unit: 'MB/s',
    baseline: { name: 'cp + sync --data', value: bytes / MB / bestCp },
    target: '≥ 80% of cp',
    note: `${Math.round(bytes / MB)} MB file, best of 3 each, alternating; both durable (the Copy fsyncs before its rename)`,
  };
}

async function azuriteRoundTrip(root: string): Promise<BenchResult> {
  const azurite = await startAzurite();
  try {
    // In a process of its own: its RSS is the copy's, not what the suites before it left in this one.
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', roundTripScript, root, azurite.connectionString],
      { encoding: 'utf8', maxBuffer: 1024 * 1024 },
    );
    if (child.status !== 0) throw new Error(`bench: round trip failed: ${child.stderr}`);
    const r = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}') as {
      start: number;
      peak: number;
      seconds: number;
      bytes: number;
    };
    return {
      name: 'local → Azurite → local peak RSS',
      value: r.peak / MB,
      unit: 'MB',
      target: '< 300 MB',
      note: `${Math.round(r.bytes / MB)} MB each way in ${r.seconds.toFixed(1)} s, in a fresh process; RSS before: ${Math.round(r.start / MB)} MB`,
    };
  } finally {
    await azurite.stop();
  }
}
