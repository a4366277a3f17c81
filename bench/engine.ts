/**
 * Engine overhead, with state persisted to SQLite (group commit) in a temp project: a ForEach over 10,000
 * items whose inner activity is a Wait 0, and a chain of 500 dependent Wait 0 activities. The figure is
 * wall time per activity run (target < 0.5 ms); the run goes through the public API (`createMillrace`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMillrace } from '../src/index.js';
import type { BenchResult } from './bench-result.js';

const wait0 = (name: string, after?: string): Record<string, unknown> => ({
  name,
  type: 'Wait',
  dependsOn: after ? [{ activity: after, dependencyConditions: ['Succeeded'] }] : [],
  typeProperties: { waitTimeInSeconds: 0 },
});

function writePipeline(dir: string, name: string, activities: unknown[]): void {
  writeFileSync(join(dir, 'pipeline', `${name}.json`), JSON.stringify({ name, properties: { activities } }));
}

async function timeRun(projectDir: string, pipeline: string): Promise<{ ms: number; activityRuns: number }> {
  const millrace = await createMillrace({ projectDir });
  try {
    await millrace.runPipeline(pipeline).catch(() => undefined); // warm-up: load, compile, JIT
    const t0 = process.hrtime.bigint();
    const doc = await millrace.runPipeline(pipeline);
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (doc.status !== 'Succeeded') throw new Error(`${pipeline} ended ${doc.status}: ${doc.message ?? ''}`);
    return { ms, activityRuns: doc.activityRuns.length };
  } finally {
    await millrace.close();
  }
}

/** Per-activity engine overhead for a 10,000-item ForEach and a 500-activity chain. */
export async function benchEngine(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-engine-'));
  try {
    mkdirSync(join(dir, 'pipeline'));
    writePipeline(dir, 'FanOut', [
      {
        name: 'Loop',
        type: 'ForEach',
        dependsOn: [],
        typeProperties: {
          items: { value: '@range(0, 10000)', type: 'Expression' },
          isSequential: false,
          batchCount: 50,
          activities: [wait0('Nop')],
        },
      },
    ]);
    writePipeline(
      dir,
      'Chain',
      Array.from({ length: 500 }, (_, i) => wait0(`A${i}`, i === 0 ? undefined : `A${i - 1}`)),
    );
    const fan = await timeRun(dir, 'FanOut');
    const chain = await timeRun(dir, 'Chain');
    return [
      {
        name: 'ForEach 10,000 × Wait 0 (batchCount 50), per activity',
        value: fan.ms / fan.activityRuns,
        unit: 'ms',
        target: '< 0.5 ms',
        note: `${fan.activityRuns} activity runs in ${Math.round(fan.ms)} ms, SQLite state (group commit)`,
      },
      {
        name: 'chain of 500 dependent Wait 0, per activity',
        value: chain.ms / chain.activityRuns,
        unit: 'ms',
        target: '< 0.5 ms',
        note: `${chain.activityRuns} activity runs in ${Math.round(chain.ms)} ms, SQLite state (group commit)`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
