import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningServer } from '../../src/server/index.js';
import { openAccess } from '../../src/index.js';
import { startServer } from '../../src/server/index.js';

const run = promisify(execFile);

/** A project server on 127.0.0.1:0 with tokens, for driving its MLflow API with the real client. */
export interface MlflowHarness {
  readonly dir: string;
  readonly server: RunningServer;
  readonly tokens: Readonly<Record<'reader' | 'operator', string>>;
  /** Runs a script of `test/ml/scripts` with the pinned test Python; returns the JSON it printed. */
  python(script: string, token?: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** The pinned test interpreter (vitest's global setup exports it). */
export function testPython(): string {
  const python = process.env['MILLRACE_TEST_PYTHON'];
  if (!python) throw new Error('MILLRACE_TEST_PYTHON is not set (test/setup/python-env.ts exports it)');
  return python;
}

/** Starts the harness over a bare factory with one pipeline. */
export async function startMlflowHarness(): Promise<MlflowHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-mlflow-'));
  mkdirSync(join(dir, 'pipeline'));
  writeFileSync(
    join(dir, 'pipeline', 'Noop.json'),
    JSON.stringify({
      name: 'Noop',
      properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] },
    }),
  );
  const access = await openAccess({ projectDir: dir });
  const tokens = {
    reader: (await access.createToken('reader', 'reader')).token,
    operator: (await access.createToken('notebook', 'operator')).token,
  };
  await access.close();
  const server = await startServer({ projectDir: dir, port: 0, scheduler: false });
  const work = join(dir, 'work');
  mkdirSync(work);
  return {
    dir,
    server,
    tokens,
    async python(script, token = tokens.operator) {
      const { stdout } = await run(testPython(), [join(import.meta.dirname, 'scripts', script)], {
        cwd: work,
        timeout: 180_000,
        maxBuffer: 16 * 1024 * 1024,
        env: {
          ...process.env,
          MLFLOW_TRACKING_URI: server.url,
          MLFLOW_TRACKING_TOKEN: token,
          GIT_PYTHON_REFRESH: 'quiet',
          MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
        },
      });
      const last = stdout.trim().split('\n').pop() ?? '';
      return JSON.parse(last) as Record<string, unknown>;
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
