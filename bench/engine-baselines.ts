import type { BenchResult } from './bench-result.js';
import { daskFanout, snakemakePerJob } from './baselines.js';

/**
 * External schedulers measured beside the engine, in the same run: Dask's threaded scheduler on a
 * 10,000-task fan-out (nothing persisted) and Snakemake's per-job cost. Needs Debian's python3-dask and
 * snakemake; a missing tool is reported, not faked.
 */
export async function benchEngineBaselines(): Promise<BenchResult[]> {
  await Promise.resolve();
  const out: BenchResult[] = [];
  const dask = daskFanout(10_000);
  out.push(
    dask ?? {
      name: 'Dask threaded fan-out',
      value: Number.NaN,
      unit: 'ms/task',
      note: 'python3-dask not installed',
    },
  );
  const snake = snakemakePerJob(20);
  out.push(
    snake ?? {
      name: 'Snakemake per job',
      value: Number.NaN,
      unit: 'ms/job',
      note: 'snakemake not installed',
    },
  );
  return out;
}
