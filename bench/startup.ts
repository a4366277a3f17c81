/**
 * CLI start-up: `millrace --version`, `validate` of a 1-pipeline factory and `run` of a 1-Wait pipeline (SQLite
 * state written), each against a bare `node -e 0` measured in the same run. The commands alternate with the
 * baseline (so machine load hits both alike) and the medians are compared. `NODE_EXTRA_CA_CERTS` is unset for
 * both: it alone adds tens of milliseconds to every Node start.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './bench-result.js';

// What a user runs: the package's bin (it loads the bundled dist/cli/millrace.cjs through V8's code cache).
const cli = fileURLToPath(new URL('../bin/millrace.cjs', import.meta.url));
const RUNS = 21;

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const e = { ...process.env, ...extra };
  delete e['NODE_EXTRA_CA_CERTS'];
  return e;
}

function once(args: readonly string[], cwd: string, extra: NodeJS.ProcessEnv = {}): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore', cwd, env: env(extra) });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
  return ms;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/**
 * Median of `command` and of `node -e 0`, alternating run by run. The bin's V8 code cache lives in a folder of
 * this run: written by the warm-up, then used (`cold`: a fresh, empty folder for every run, as on a first start).
 */
function versusNode(args: readonly string[], cwd: string, cold = false): { value: number; bare: number } {
  const cacheHome = (i: number) => ({ XDG_CACHE_HOME: join(cwd, cold ? `cache-${i}` : 'cache') });
  once(args, cwd, cacheHome(-1)); // warm the file cache (and write the code cache)
  const cmd: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(once(['-e', '0'], cwd));
    cmd.push(once(args, cwd, cacheHome(i)));
  }
  return { value: median(cmd), bare: median(bare) };
}

/** A bare factory with one pipeline holding one Wait of 0 seconds. */
function waitFactory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-startup-'));
  mkdirSync(join(dir, 'pipeline'));
  writeFileSync(
    join(dir, 'pipeline', 'OneWait.json'),
    JSON.stringify({
      name: 'OneWait',
      properties: { activities: [{ name: 'Wait0', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] },
    }),
  );
  return dir;
}

/** Start-up ratios against `node -e 0`, with the floors as targets. */
export async function benchStartup(): Promise<BenchResult[]> {
  await Promise.resolve();
  const dir = waitFactory();
  try {
    const measures: { name: string; args: string[]; target: string; cold?: boolean }[] = [
      { name: 'millrace --version', args: [cli, '--version'], target: '≤ 1.3× node -e 0' },
      { name: 'millrace --help', args: [cli, '--help'], target: '' },
      {
        name: 'millrace validate (1-pipeline factory)',
        args: [cli, 'validate', '--project', dir],
        target: '≤ 2× node -e 0',
      },
      {
        name: 'millrace run (1 Wait, SQLite state written)',
        args: [cli, 'run', 'OneWait', '--project', dir],
        target: '≤ 3× node -e 0',
      },
    ];
    measures.push(
      {
        name: 'millrace validate, first run (no code cache yet)',
        args: [cli, 'validate', '--project', dir],
        target: '',
        cold: true,
      },
      {
        name: 'millrace run, first run (no code cache yet)',
        args: [cli, 'run', 'OneWait', '--project', dir],
        target: '',
        cold: true,
      },
    );
    return measures.map((m) => {
      const { value, bare } = versusNode(m.args, dir, m.cold);
      return {
        name: `${m.name} (median of ${RUNS}, alternating)`,
        value,
        unit: 'ms',
        baseline: { name: 'node -e 0', value: bare },
        ...(m.target ? { target: m.target } : {}),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
