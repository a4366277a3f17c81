/**
 * `millrace models build-image`: a container build context for a registered model whose artifacts live in an
 * environment's Azure Blob artifact store (Azurite, connection string from a secret). The context is proved
 * without a container engine: a venv with its pinned requirements, its Dockerfile CMD started as the image
 * would start it, a `dataframe_split` request scored through it and compared with the model's own pyfunc
 * predictions. Where `docker info` succeeds, the image is built, run and scored through as well.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAzurite } from '../../src/connectors/azure-blob/azurite.js';
import type { Azurite } from '../../src/connectors/azure-blob/azurite.js';
import { buildModelImage, isMillraceError, openAccess } from '../../src/index.js';
import type { RunningServer } from '../../src/server/index.js';
import { startServer } from '../../src/server/index.js';
import { testPython } from '../ml/mlflow-harness.js';

const run = promisify(execFile);
// The installed bin (the esbuild bundle of the CLI), as users run it.
const main = join(import.meta.dirname, '../../bin/millrace.cjs');
const dir = mkdtempSync(join(tmpdir(), 'millrace-image-'));
const SECRET_VAR = 'MILLRACE_SECRET_ML_STORAGE';
const ROWS = [[850], [1200.5], [2999]];
let azurite: Azurite;
let server: RunningServer;
let context = '';
let python = '';

function write(file: string, json: unknown): void {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), JSON.stringify(json, null, 2));
}

/** Every file of a folder, relative paths. */
function files(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** A Dockerfile instruction's exec-form (JSON array) arguments, e.g. CMD; continuation lines joined. */
function execForm(dockerfile: string, instruction: string): string[] {
  const joined = dockerfile.replace(/\\\n\s*/g, ' ');
  const line = joined.split('\n').find((l) => l.startsWith(`${instruction} `));
  if (!line) throw new Error(`no ${instruction} in the Dockerfile`);
  const json = line.slice(instruction.length + 1).replace(/^.*?CMD\s+/, '');
  return JSON.parse(json) as string[];
}

/** The interpreter holding the context's pinned requirements: the cached test venv when it has exactly them. */
async function contextPython(ctx: string): Promise<string> {
  const pins = readFileSync(join(ctx, 'requirements.txt'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  expect(pins.length).toBeGreaterThan(5);
  for (const p of pins) expect(p).toMatch(/^[a-z0-9._-]+==[^=\s]+$/);
  const check = `import sys
from importlib import metadata
bad = []
for line in sys.argv[1:]:
    name, version = line.split("==")
    try:
        if metadata.version(name) != version: bad.append(line)
    except metadata.PackageNotFoundError:
        bad.append(line)
print("\\n".join(bad))`;
  const { stdout } = await run(testPython(), ['-c', check, ...pins]);
  if (stdout.trim() === '') {
    console.log(`model-image: the cached test venv has all ${pins.length} pinned requirements; reusing it`);
    return testPython();
  }
  console.log(`model-image: building a venv for ${stdout.trim().split('\n').length} differing pins`);
  const venv = join(dir, 'context-venv');
  await run('python3', ['-m', 'venv', venv], { timeout: 120_000 });
  await run(join(venv, 'bin', 'pip'), ['install', '--no-input', '-r', join(ctx, 'requirements.txt')], {
    timeout: 1_200_000,
  });
  return join(venv, 'bin', 'python');
}

/** Starts the Dockerfile's CMD on this machine: the image's paths mapped to the context, the port to 0. */
async function startLikeImage(ctx: string, env: Record<string, string> = {}) {
  const cmd = execForm(readFileSync(join(ctx, 'Dockerfile'), 'utf8'), 'CMD');
  const mapped = cmd.map((arg, i) => {
    if (i === 0 && arg === 'node') return process.execPath;
    if (arg === '/opt/venv/bin/python') return python;
    if (cmd[i - 1] === '--port') return '0';
    return arg.replace(/^\/app\//, `${ctx}/`);
  });
  const child = spawn(mapped[0]!, mapped.slice(1), {
    cwd: ctx,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const first = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout }).once('line', resolveLine);
    void exited.then((code) => reject(new Error(`exited ${String(code)}: ${stderr}`)));
  });
  expect(first).toMatch(/^listening on http:\/\/[\d.]+:\d+$/);
  const port = Number(first.split(':').pop());
  return { child, exited, url: `http://127.0.0.1:${port}`, port };
}

/** The model's own predictions (mlflow.pyfunc in the context's interpreter) for ROWS. */
async function pyfuncPredictions(modelDir: string): Promise<number[]> {
  const script = `import json, sys
import mlflow.pyfunc, pandas as pd
m = mlflow.pyfunc.load_model(sys.argv[1])
print(json.dumps([float(v) for v in m.predict(pd.DataFrame(json.loads(sys.argv[2]), columns=["sqft"]))]))`;
  const { stdout } = await run(python, ['-c', script, modelDir, JSON.stringify(ROWS)], {
    env: { ...process.env, GIT_PYTHON_REFRESH: 'quiet' },
  });
  return JSON.parse(stdout.trim().split('\n').pop() ?? '[]') as number[];
}

/** Scores ROWS with MLflow's `dataframe_split` through `url` and checks them against pyfunc. */
async function scoreAndCompare(url: string): Promise<number[]> {
  const res = await fetch(`${url}/invocations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ dataframe_split: { columns: ['sqft'], data: ROWS } }),
  });
  expect(res.status).toBe(200);
  const got = ((await res.json()) as { predictions: number[] }).predictions;
  const want = await pyfuncPredictions(join(context, 'model'));
  expect(got).toHaveLength(ROWS.length);
  got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));
  // The model learnt price = 20000 + 150 * sqft.
  expect(got[0]).toBeCloseTo(20000 + 150 * 850, 2);
  return got;
}

async function stop(p: { child: ChildProcess; exited: Promise<number | null> }): Promise<void> {
  p.child.kill('SIGTERM');
  expect(await p.exited).toBe(0);
}

beforeAll(async () => {
  azurite = await startAzurite();
  process.env[SECRET_VAR] = azurite.connectionString;
  write('millrace.json', {
    python: testPython(),
    environments: { qa: { parameters: 'environments/qa.json' } },
  });
  write('factory/pipeline/Noop.json', {
    name: 'Noop',
    properties: { activities: [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }] },
  });
  write('factory/linkedService/LS_KeyVault.json', {
    name: 'LS_KeyVault',
    properties: { type: 'AzureKeyVault', typeProperties: { baseUrl: 'https://kv.vault.azure.net/' } },
  });
  write('factory/linkedService/LS_MlArtifacts.json', {
    name: 'LS_MlArtifacts',
    properties: {
      type: 'AzureBlobStorage',
      typeProperties: {
        connectionString: {
          type: 'AzureKeyVaultSecret',
          store: { referenceName: 'LS_KeyVault', type: 'LinkedServiceReference' },
          secretName: 'ml-storage',
        },
      },
    },
  });
  write('environments/qa.json', {
    secrets: { providers: { LS_KeyVault: { type: 'env' } } },
    ml: { artifactStore: { linkedService: 'LS_MlArtifacts', path: 'mlartifacts/qa' } },
  });
  const access = await openAccess({ projectDir: dir });
  const token = (await access.createToken('notebook', 'operator')).token;
  await access.close();
  server = await startServer({ projectDir: dir, port: 0, scheduler: false, environment: 'qa' });
  const work = join(dir, 'work');
  mkdirSync(work);
  await run(testPython(), [join(import.meta.dirname, 'scripts', 'register_models.py'), 'linear'], {
    cwd: work,
    timeout: 240_000,
    env: {
      ...process.env,
      MLFLOW_TRACKING_URI: server.url,
      MLFLOW_TRACKING_TOKEN: token,
      GIT_PYTHON_REFRESH: 'quiet',
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0',
    },
  });
  const res = await fetch(`${server.url}/api/2.0/mlflow/registered-models/alias`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'price', alias: 'champion', version: '1' }),
  });
  expect(res.status).toBe(200);
  await server.close();
  // The built CLI writes the context, as a user would.
  context = join(dir, 'out', 'price-image');
  const started = performance.now();
  const { stdout } = await run(
    process.execPath,
    [main, 'models', 'build-image', 'price@champion', '--env', 'qa', '--out', context, '--project', dir],
    { timeout: 300_000 },
  );
  expect(stdout).toMatch(
    /^wrote price@champion v1 \(qa\) to .*price-image: Python 3\.\d+, \d+ pinned requirements\n$/,
  );
  const bytes = files(context).reduce((n, f) => n + readFileSync(join(context, f)).length, 0);
  console.log(
    `model-image: build-image took ${Math.round(performance.now() - started)} ms; context ${files(context).length} files, ${bytes} bytes`,
  );
  python = await contextPython(context);
}, 900_000);

afterAll(async () => {
  await azurite?.stop();
  delete process.env[SECRET_VAR];
  rmSync(dir, { recursive: true, force: true });
});

describe('millrace models build-image', () => {
  it('writes Dockerfile, pinned requirements, the model from the blob store, the scoring server and a README', () => {
    const list = files(context);
    expect(list).toEqual(
      expect.arrayContaining([
        'Dockerfile',
        'README.md',
        'requirements.txt',
        'model/MLmodel',
        'model/requirements.txt',
        'server/scoring-server.cjs',
        'server/serving_worker.py',
      ]),
    );
    expect(list.some((f) => /^model\/model\.(pkl|skops)$/.test(f))).toBe(true);
    // The artifacts came from the blob store: nothing in the local artifact folder.
    const local = join(dir, '.millrace', 'mlartifacts');
    expect(existsSync(local) ? readdirSync(local) : []).toEqual([]);
    // The scoring worker is the one `models serve` runs, byte for byte.
    expect(readFileSync(join(context, 'server', 'serving_worker.py'), 'utf8')).toBe(
      readFileSync(join(import.meta.dirname, '../../src/serving/serving_worker.py'), 'utf8'),
    );
    // Pinned: the model's own requirements are all there, with versions.
    const pins = readFileSync(join(context, 'requirements.txt'), 'utf8');
    for (const name of ['mlflow', 'scikit-learn', 'pandas', 'numpy', 'cloudpickle'])
      expect(pins).toMatch(new RegExp(`^${name}==\\S+$`, 'm'));
    expect(readFileSync(join(context, 'README.md'), 'utf8')).toContain('price@champion v1 (qa)');
    // Written by rename: no temp folder left beside it.
    expect(readdirSync(join(dir, 'out'))).toEqual(['price-image']);
  });

  it('has a Dockerfile that runs as non-root, exposes its port, checks /ping and holds no secret', () => {
    const dockerfile = readFileSync(join(context, 'Dockerfile'), 'utf8');
    const user = /^USER\s+(\S+)/m.exec(dockerfile)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const cmd = execForm(dockerfile, 'CMD');
    const port = cmd[cmd.indexOf('--port') + 1];
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    const health = execForm(dockerfile, 'HEALTHCHECK');
    expect(health.join(' ')).toContain(`:${port}/ping`);
    expect(dockerfile).toMatch(/^FROM python:3\.\d+-slim-bookworm$/m);
    // USER comes after every RUN (nothing runs as root at run time).
    expect(dockerfile.lastIndexOf('\nRUN ')).toBeLessThan(dockerfile.indexOf('\nUSER '));
    // No secret of the environment anywhere in the context: the connection string, its account key.
    const secrets = [
      azurite.connectionString,
      /AccountKey=([^;]+)/.exec(azurite.connectionString)?.[1] ?? '',
    ];
    expect(secrets[1]!.length).toBeGreaterThan(20);
    for (const f of files(context)) {
      const text = readFileSync(join(context, f)).toString('latin1');
      for (const s of secrets) expect(text.includes(s), `${f} holds a secret`).toBe(false);
    }
  });

  it('scores through the Dockerfile CMD with the pinned requirements (no container engine needed)', async () => {
    const p = await startLikeImage(context, { MILLRACE_WORKERS: '1' });
    try {
      expect((await fetch(`${p.url}/ping`)).status).toBe(200);
      const version = await (await fetch(`${p.url}/version`)).text();
      expect(readFileSync(join(context, 'requirements.txt'), 'utf8')).toContain(`mlflow==${version}\n`);
      await scoreAndCompare(p.url);
      // Metrics carry the model, its environment and registry version.
      const metrics = await (await fetch(`${p.url}/metrics`)).text();
      expect(metrics).toContain('millrace_serving_model_version{env="qa",model="price",version="1"} 1');
      // MLflow's error JSON for a bad request, as `models serve`.
      const bad = await fetch(`${p.url}/invocations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ dataframe_split: { columns: ['rooms'], data: [[3]] } }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error_code: string }).error_code).toBe('BAD_REQUEST');
    } finally {
      await stop(p);
    }
  }, 300_000);

  it('builds, runs and scores the image with docker where a daemon runs; else says so and runs the HEALTHCHECK', async () => {
    const info = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 30_000 });
    if (info.status === 0) {
      const tag = `millrace-image-test:${process.pid}`;
      await run('docker', ['build', '-t', tag, context], { timeout: 1_800_000 });
      const { stdout: id } = await run('docker', ['run', '-d', '--rm', '-p', '127.0.0.1::8080', tag]);
      try {
        const { stdout: mapped } = await run('docker', ['port', id.trim(), '8080/tcp']);
        const url = `http://${mapped.trim().split('\n')[0]}`;
        for (let i = 0; i < 240; i++) {
          const ok = await fetch(`${url}/ping`).then(
            (r) => r.ok,
            () => false,
          );
          if (ok) break;
          await new Promise((r) => setTimeout(r, 1000));
        }
        await scoreAndCompare(url);
        const { stdout: user } = await run('docker', ['exec', id.trim(), 'id', '-u']);
        expect(user.trim()).not.toBe('0');
      } finally {
        await run('docker', ['rm', '-f', id.trim()]).catch(() => undefined);
        await run('docker', ['rmi', '-f', tag]).catch(() => undefined);
      }
      return;
    }
    // No container engine here: say so, and prove the image's HEALTHCHECK against the CMD instead.
    expect(info.status).not.toBe(0);
    console.log(
      `model-image: no running container engine (\`docker info\` ${info.error ? `failed: ${info.error.message}` : `exited ${String(info.status)}`}); running the context without one`,
    );
    const p = await startLikeImage(context, { MILLRACE_WORKERS: '2' });
    try {
      const health = execForm(readFileSync(join(context, 'Dockerfile'), 'utf8'), 'HEALTHCHECK').map((a, i) =>
        i === 0 && a === 'node' ? process.execPath : a.replace(':8080/', `:${p.port}/`),
      );
      const healthy = spawnSync(health[0]!, health.slice(1), { timeout: 10_000 });
      expect(healthy.status).toBe(0);
      await scoreAndCompare(p.url);
    } finally {
      await stop(p);
    }
    // Once stopped, the same HEALTHCHECK fails.
    const health = execForm(readFileSync(join(context, 'Dockerfile'), 'utf8'), 'HEALTHCHECK').map((a, i) =>
      i === 0 && a === 'node' ? process.execPath : a.replace(':8080/', `:${p.port}/`),
    );
    expect(spawnSync(health[0]!, health.slice(1), { timeout: 10_000 }).status).toBe(1);
  }, 2_400_000);

  it('refuses a non-empty output folder and an alias that is not set, writing nothing', async () => {
    const err = await buildModelImage({
      projectDir: dir,
      model: 'price@champion',
      environment: 'qa',
      out: context,
    }).catch((e: unknown) => e);
    expect(isMillraceError(err) && err.code).toBe('serving/image-output-exists');
    const out = join(dir, 'out', 'nope');
    const err2 = await buildModelImage({
      projectDir: dir,
      model: 'price@staging',
      environment: 'qa',
      out,
    }).catch((e: unknown) => e);
    expect(isMillraceError(err2) && err2.code).toBe('serving/alias-not-set');
    // The CLI says it in one line with the code, no stack trace.
    const cli = await run(process.execPath, [
      main,
      'models',
      'build-image',
      'price@champion',
      '--env',
      'qa',
      '--out',
      context,
      '--project',
      dir,
    ]).catch((e: { code: number; stderr: string }) => e);
    expect('code' in cli && cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(
      /^error serving\/image-output-exists: .*price-image: the output folder exists and is not empty\n/,
    );
    expect(cli.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(join(dir, 'out'))).toEqual(['price-image']);
  }, 120_000);
});
