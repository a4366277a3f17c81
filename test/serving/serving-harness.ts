import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openAccess } from '../../src/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { startServer } from '../../src/server/index.js';
import { testPython } from '../ml/mlflow-harness.js';

const run = promisify(execFile);

/** A project whose `prod` environment serves `price@champion`, with its server running (`--env prod`). */
export interface ServingHarness {
  readonly dir: string;
  readonly server: RunningServer;
  readonly tokens: Readonly<Record<'reader' | 'operator', string>>;
  /** Logs and registers models into prod's registry (scripts/register_models.py); returns versions by name. */
  register(models: readonly string[], env?: Record<string, string>): Promise<Record<string, string>>;
  /** Points an alias of prod's registry at a version (MLflow REST, as a client would). */
  setAlias(model: string, alias: string, version: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts the harness: project, tokens, server on 127.0.0.1:0 polling aliases every `pollMs`. */
export async function startServingHarness(pollMs = 100): Promise<ServingHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-serving-'));
  mkdirSync(join(dir, 'factory', 'pipeline'), { recursive: true });
  mkdirSync(join(dir, 'environments'));
  writeFileSync(
    join(dir, 'factory', 'pipeline', 'Noop.json'),
    JSON.stringify({
      name: 'Noop',
      properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] },
    }),
  );
  writeFileSync(
    join(dir, 'environments', 'prod.json'),
    JSON.stringify({ serving: { price: { alias: 'champion', workers: 1 } } }),
  );
  writeFileSync(
    join(dir, 'millrace.json'),
    JSON.stringify({
      factory: 'factory',
      python: testPython(),
      environments: { prod: { parameters: 'environments/prod.json' } },
    }),
  );
  const access = await openAccess({ projectDir: dir });
  const tokens = {
    reader: (await access.createToken('reader', 'reader')).token,
    operator: (await access.createToken('notebook', 'operator')).token,
  };
  await access.close();
  const server = await startServer({
    projectDir: dir,
    port: 0,
    scheduler: false,
    environment: 'prod',
    servingPollMs: pollMs,
  });
  const work = join(dir, 'work');
  mkdirSync(work);
  return {
    dir,
    server,
    tokens,
    async register(models, env = {}) {
      const { stdout } = await run(
        testPython(),
        [join(import.meta.dirname, 'scripts', 'register_models.py'), ...models],
        {
          cwd: work,
          timeout: 240_000,
          env: {
            ...process.env,
            ...env,
            MLFLOW_TRACKING_URI: server.url,
            MLFLOW_TRACKING_TOKEN: tokens.operator,
            GIT_PYTHON_REFRESH: 'quiet',
            MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
          },
        },
      );
      return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<string, string>;
    },
    async setAlias(model, alias, version) {
      const res = await fetch(`${server.url}/api/2.0/mlflow/registered-models/alias`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.operator}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: model, alias, version }),
      });
      if (!res.ok) throw new Error(`set alias: ${res.status} ${await res.text()}`);
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
