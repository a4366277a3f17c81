/**
 * Data-plane benchmarks: Copy CSV → Parquet against DuckDB alone, Binary copy against `cp`, and a round trip
 * local → Azurite → local with the process's peak RSS. The CSV size comes from `BENCH_CSV_MB` (default 256).
 * Last, a whole `millrace run` of a 2,000,000-row Copy against DuckDB alone (cli-copy.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyData } from '../src/activities/copy/index.js';
import { createDuckDbDataPlane, openDuckDb, sqlString } from '../src/data-plane/index.js';
import { startAzurite } from '../src/connectors/azure-blob/azurite.js';
import {
  bindDataset,
  builtinConnectors,
  createConnectorRegistry,
  createFileServerConnector,
  unavailableSecretResolver,
} from '../src/connectors/index.js';
import type { Connector } from '../src/contracts/index.js';
import type { JsonObject } from '../src/model/index.js';
import type { BenchResult } from './bench-result.js';
import { benchCliCopy } from './cli-copy.js';
import { writeSalesCsv } from './sales-csv.js';

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
      await azuriteRoundTrip(local, bytes),
      await benchCliCopy(root),
    ];
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const ds = (connector: Connector, type: string, location: JsonObject, extra: JsonObject = {}) =>
  bindDataset(
    `DS_${type}`,
    {
      type,
      linkedServiceName: { referenceName: 'LS', type: 'LinkedServiceReference' },
      parameters: {},
      typeProperties: { location, ...extra },
    },
    connector,
  );

const dataPlane = createDuckDbDataPlane();

const copy = (source: ReturnType<typeof ds>, sink: ReturnType<typeof ds>) =>
  copyData({
    dataPlane,
    source,
    sink,
    typeProperties: { source: {}, sink: {} },
    activityName: 'Bench',
    activityRunId: 'bench',
  });

async function timed<T>(fn: () => Promise<T>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
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
    const source = ds(local, 'Binary', {
      type: 'FileServerLocation',
      folderPath: 'in',
      fileName: 'sales.csv',
    });
    const sink = ds(local, 'Binary', {
      type: 'FileServerLocation',
      folderPath: `bin${i}`,
      fileName: 'sales.csv',
    });
    best = Math.min(best, await timed(() => copy(source, sink)));
    const t0 = performance.now();
    const cp = spawnSync('cp', [join(root, 'data/in/sales.csv'), join(root, `cp${i}.csv`)]);
    if (cp.status !== 0) throw new Error(`cp failed: ${cp.stderr.toString()}`);
    bestCp = Math.min(bestCp, (performance.now() - t0) / 1000);
  }
  return {
    name: 'Binary copy throughput',
    value: bytes / MB / best,
    unit: 'MB/s',
    baseline: { name: 'cp', value: bytes / MB / bestCp },
    target: '≥ 80% of cp',
    note: `${Math.round(bytes / MB)} MB file, best of 3 each, alternating`,
  };
}

async function azuriteRoundTrip(local: Connector, bytes: number): Promise<BenchResult> {
  const azurite = await startAzurite();
  try {
    const blob = await createConnectorRegistry(builtinConnectors).create(
      {
        type: 'AzureBlobStorage',
        typeProperties: { connectionString: azurite.connectionString },
        parameters: {},
      },
      { projectRoot: '/tmp', secrets: unavailableSecretResolver },
    );
    const start = process.memoryUsage.rss();
    let peak = start;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 20);
    const seconds = await timed(async () => {
      const inLocal = ds(local, 'Binary', {
        type: 'FileServerLocation',
        folderPath: 'in',
        fileName: 'sales.csv',
      });
      const inBlob = ds(blob, 'Binary', {
        type: 'AzureBlobStorageLocation',
        container: 'bench',
        fileName: 'sales.csv',
      });
      const back = ds(local, 'Binary', {
        type: 'FileServerLocation',
        folderPath: 'back',
        fileName: 'sales.csv',
      });
      await copy(inLocal, inBlob);
      await copy(inBlob, back);
    });
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    await blob.close?.();
    return {
      name: 'local → Azurite → local peak RSS',
      value: peak / MB,
      unit: 'MB',
      target: '< 300 MB',
      note: `${Math.round(bytes / MB)} MB each way in ${seconds.toFixed(1)} s; RSS before: ${Math.round(start / MB)} MB`,
    };
  } finally {
    await azurite.stop();
  }
}
