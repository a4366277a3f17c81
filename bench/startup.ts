import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function medianMs(args: readonly string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** `millrace --version` start time against a bare `node -e 0` in the same run. */
export async function benchStartup(): Promise<BenchResult[]> {
  await Promise.resolve();
  const bare = medianMs(['-e', '0'], 15);
  const version = medianMs([cli, '--version'], 15);
  const help = medianMs([cli, '--help'], 15);
  return [
    {
      name: 'millrace --version (median of 15)',
      value: version,
      unit: 'ms',
      target: '< 150 ms',
      baseline: { name: 'node -e 0', value: bare },
    },
    {
      name: 'millrace --help (median of 15)',
      value: help,
      unit: 'ms',
      baseline: { name: 'node -e 0', value: bare },
    },
  ];
}
