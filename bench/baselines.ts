import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Debian's python3 has python3-dask and snakemake; the PATH python3 may be another install. */
const python = '/usr/bin/python3';

/** Dask threaded scheduler, 10,000-task fan-out, ms per task (nothing persisted). */
export function daskFanout(tasks = 10_000): BenchResult | undefined {
  const r = spawnSync(python, [join(here, 'baselines', 'dask_fanout.py'), String(tasks)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return undefined;
  const out = JSON.parse(r.stdout.trim()) as { ms_per_task: number; dask: string };
  return {
    name: `Dask ${out.dask} threaded, ${tasks}-task fan-out`,
    value: out.ms_per_task,
    unit: 'ms/task',
  };
}

/** Snakemake: N trivial jobs, wall time per job (includes its start-up, divided over the jobs). */
export function snakemakePerJob(jobs = 20): BenchResult | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-snake-'));
  try {
    cpSync(join(here, 'baselines', 'Snakefile'), join(dir, 'Snakefile'));
    const t0 = process.hrtime.bigint();
    const r = spawnSync('snakemake', ['--cores', '1', '--quiet', '--config', `n=${jobs}`], {
      cwd: dir,
      encoding: 'utf8',
    });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) return undefined;
    return { name: `Snakemake, ${jobs} trivial jobs`, value: ms / jobs, unit: 'ms/job' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
