import { execFile, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServingHarness } from '../serving/serving-harness.js';
import { startServingHarness } from '../serving/serving-harness.js';

const main = resolve(import.meta.dirname, '../../dist/cli/main.js');
const run = promisify(execFile);
let h: ServingHarness;

beforeAll(async () => {
  h = await startServingHarness(60_000);
  await h.register(['linear']);
  await h.setAlias('price', 'champion', '1');
}, 300_000);
afterAll(async () => h?.close());

describe('millrace models serve (built CLI)', () => {
  it('prints its URL, scores, shows in `models serving`, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        main,
        'models',
        'serve',
        'price@champion',
        '--env',
        'prod',
        '--port',
        '0',
        '--workers',
        '1',
        '--project',
        h.dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const first = await new Promise<string>((resolveLine, reject) => {
      createInterface({ input: child.stdout }).once('line', resolveLine);
      void exited.then((code) => reject(new Error(`exited ${String(code)}`)));
    });
    expect(first).toMatch(
      /^serving price@champion v1 \(prod\) with 1 worker\(s\) on http:\/\/127\.0\.0\.1:\d+$/,
    );
    const url = first.split(' on ')[1] ?? '';
    const res = await fetch(`${url}/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'sqft\n2000\n',
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { predictions: number[] }).predictions[0]).toBeCloseTo(320000, 3);
    const { stdout } = await run(process.execPath, [
      main,
      'models',
      'serving',
      '--env',
      'prod',
      '--json',
      '--project',
      h.dir,
    ]);
    const state = JSON.parse(stdout) as {
      endpoints: { model: string; version: string; running: boolean; url?: string }[];
    };
    expect(state.endpoints).toContainEqual(
      expect.objectContaining({ model: 'price', version: '1', running: true, url }),
    );
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 180_000);
});
