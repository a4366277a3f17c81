/**
 * One `millrace worker` for the scale bench (run with tsx as a child process): the built-in executors plus two
 * bench types, `Burn` (busy CPU for `ms` milliseconds: one core's worth of work) and `Noop` (returns at once,
 * after an optional `sleepMs`). Argv: project dir, database URL, concurrency, lease ms. Prints `ready` once
 * taking work; SIGTERM stops it gracefully.
 */
import { startWorker } from '../src/index.js';
import type { ActivityExecutor } from '../src/index.js';

const [projectDir = '.', db = '', concurrency = '1', leaseMs = '10000'] = process.argv.slice(2);

const burn: ActivityExecutor = {
  type: 'Burn',
  execute(ctx) {
    const { ms } = ctx.typeProperties() as { ms: number };
    const end = performance.now() + ms;
    let x = 0;
    while (performance.now() < end) x += Math.sqrt(x + 1);
    return Promise.resolve({ x: x > 0 });
  },
};

const noop: ActivityExecutor = {
  type: 'Noop',
  async execute(ctx) {
    const { sleepMs } = ctx.typeProperties() as { sleepMs?: number };
    if (sleepMs) await new Promise((r) => setTimeout(r, sleepMs));
    return { ok: true };
  },
};

const worker = await startWorker({
  projectDir,
  db,
  concurrency: Number(concurrency),
  leaseMs: Number(leaseMs),
  executors: [burn, noop],
});
process.stdout.write('ready\n');
process.on('SIGTERM', () => void worker.stop().then(() => process.exit(0)));
