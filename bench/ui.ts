/**
 * Web UI benchmark (Playwright driving Debian's Chromium against `startServer` serving dist/web): first paint of
 * the runs list with 100,000 runs in the SQLite store, and time to interactive of a run whose ForEach ran 10,000
 * iterations (Gantt drawn and activity table filled), then expanding those 10,000 iterations in the Gantt.
 * Times are the page's own `performance.now()` (ms since navigation start) when the element is there.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { openAccess } from '../src/index.js';
import { startServer } from '../src/server/index.js';
import { SqliteRunStore } from '../src/store/index.js';
import type { BenchResult } from './bench-result.js';
import { RUNS, seedRuns } from './server.js';

const ITERATIONS = 10_000;
const BIG_RUN = 'run-foreach-10000';
const CHROMIUM = process.env['MILLRACE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Writes one finished run of PL_Big whose ForEach `Loop` ran ITERATIONS iterations of `Work`. */
async function seedBigRun(path: string): Promise<void> {
  const store = new SqliteRunStore({ path, maxBatch: 10_000 });
  const t0 = Date.UTC(2025, 0, 1);
  store.append({
    kind: 'run-created',
    run: {
      runId: BIG_RUN,
      pipeline: 'PL_Big',
      status: 'InProgress',
      parameters: {},
      variables: {},
      output: {},
      groupId: BIG_RUN,
      invokedBy: { triggerType: 'Manual' },
      contentHash: 'bench',
      queuedAt: t0,
      start: t0,
    },
  });
  let seq = 0;
  const activity = (name: string, type: string, start: number, end: number, iteration?: string) => {
    const activityRunId = `ar-${seq}`;
    store.append({
      kind: 'activity-started',
      pipeline: 'PL_Big',
      activityRun: {
        activityRunId,
        runId: BIG_RUN,
        seq: seq++,
        activityName: name,
        activityType: type,
        status: 'InProgress',
        attempt: 1,
        start,
        ...(iteration === undefined ? {} : { iteration }),
      },
    });
    store.append({
      kind: 'activity-finished',
      runId: BIG_RUN,
      activityRunId,
      activityName: name,
      status: iteration !== undefined && Number(iteration.slice(5, -1)) % 997 === 0 ? 'Failed' : 'Succeeded',
      end,
      output: { n: seq },
      ...(iteration === undefined ? {} : { iteration }),
    });
  };
  activity('Loop', 'ForEach', t0, t0 + 600_000);
  for (let i = 0; i < ITERATIONS; i++) {
    const start = t0 + Math.floor(i / 20) * 1200;
    activity('Work', 'Wait', start, start + 1000 + (i % 7) * 30, `Loop[${i}]`);
  }
  store.append({
    kind: 'run-finished',
    runId: BIG_RUN,
    status: 'Succeeded',
    end: t0 + 600_000,
    variables: {},
    output: {},
  });
  await store.close();
}

/** Runs the UI benchmark. */
export async function benchUi(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-bench-ui-'));
  try {
    mkdirSync(join(dir, 'pipeline'));
    mkdirSync(join(dir, '.millrace'));
    const wait = { name: 'Work', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } };
    writeFileSync(
      join(dir, 'pipeline', 'PL_Big.json'),
      JSON.stringify({
        name: 'PL_Big',
        properties: {
          activities: [
            {
              name: 'Loop',
              type: 'ForEach',
              typeProperties: { items: '@range(0,10000)', activities: [wait] },
            },
          ],
        },
      }),
    );
    const db = join(dir, '.millrace', 'state.db');
    seedRuns(db);
    await seedBigRun(db);
    const access = await openAccess({ projectDir: dir });
    const { token } = await access.createToken('bench', 'reader');
    await access.close();
    const server = await startServer({ projectDir: dir, port: 0, scheduler: false });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript((t) => sessionStorage.setItem('millrace.token', t), token);
      const page = await context.newPage();
      const results: BenchResult[] = [];
      const since = () => page.evaluate(() => performance.now());

      // A first visit: nothing cached in the browser (the JS and CSS are fetched and compiled).
      await page.goto(`${server.url}/runs`);
      await page.getByRole('table', { name: 'Runs' }).getByRole('row').nth(1).waitFor({ timeout: 30_000 });
      results.push({
        name: `runs list first paint, first visit (${RUNS.toLocaleString('en-US')} runs)`,
        value: await since(),
        unit: 'ms',
        target: '≤ 1000 ms',
      });

      const listPaints: number[] = [];
      for (let i = 0; i < 5; i++) {
        await page.goto(`${server.url}/runs?offset=${i * 20_000}`);
        await page.getByRole('table', { name: 'Runs' }).getByRole('row').nth(1).waitFor({ timeout: 30_000 });
        listPaints.push(await since());
      }
      listPaints.sort((a, b) => a - b);
      results.push({
        name: `runs list first paint, assets cached (${RUNS.toLocaleString('en-US')} runs), median of 5 pages`,
        value: listPaints[2]!,
        unit: 'ms',
        target: '≤ 1000 ms',
      });

      const t = performance.now();
      await page.goto(`${server.url}/runs/${BIG_RUN}`);
      await page.locator('[data-testid="gantt-canvas"][data-rows="1"]').waitFor({ timeout: 60_000 });
      await page.getByRole('table', { name: 'Activity runs' }).getByRole('row').nth(1).waitFor();
      await page.getByRole('button', { name: /Expand Loop/ }).waitFor();
      const interactive = await since();
      results.push({
        name: `run detail to interactive (ForEach of ${ITERATIONS.toLocaleString('en-US')} iterations)`,
        value: interactive,
        unit: 'ms',
        target: '≤ 2000 ms',
        note: `wall ${Math.round(performance.now() - t)} ms from goto`,
      });
      const before = await since();
      await page.getByRole('button', { name: /Expand Loop/ }).click();
      await page.locator(`[data-testid="gantt-canvas"][data-rows="${ITERATIONS + 1}"]`).waitFor();
      results.push({
        name: `Gantt: expand ${ITERATIONS.toLocaleString('en-US')} iterations`,
        value: (await since()) - before,
        unit: 'ms',
      });
      const frames = await page.evaluate(async () => {
        const el = document.querySelector('.gantt-scroll')!;
        const times: number[] = [];
        let last = performance.now();
        for (let i = 0; i < 60; i++) {
          el.scrollTop += 400;
          await new Promise((r) => requestAnimationFrame(r));
          const now = performance.now();
          times.push(now - last);
          last = now;
        }
        times.sort((a, b) => a - b);
        return times[Math.floor(times.length * 0.95)]!;
      });
      results.push({
        name: 'Gantt scroll frame time p95 (10,001 rows)',
        value: frames,
        unit: 'ms',
        target: '≤ 33 ms',
      });
      return results;
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
