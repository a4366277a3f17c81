import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ProjectOptions } from '../config/index.js';
import { configOf, resolveEnvironment } from '../config/index.js';
import { MillraceError } from '../errors/index.js';
import { createPythonEnvironments } from '../python/index.js';
import { WORKER_SCRIPT } from '../serving/index.js';
import { openArtifactStore } from './artifact-store-wiring.js';
import { environmentPython } from './environment-wiring.js';
import { DEFAULT_ML_ENVIRONMENT, openMlflow } from './ml-wiring.js';
import { parseModelReference } from './serving-service.js';
import { modelFolder, modelRequirements, servingPython } from './serving-wiring.js';

const run = promisify(execFile);

/** The port the image's scoring server listens on (as Azure ML / SageMaker-style platforms expect one fixed port). */
export const IMAGE_PORT = 8080;

/**
 * The bundled scoring server: beside the built library (dist/app → dist/server, and the CLI bundle, whose
 * `new URL` literals scripts/bundle-cli.js maps to dist/), else, running from src/, in the package's dist/.
 */
function scoringServerBundle(): string | undefined {
  return [
    fileURLToPath(new URL('../server/scoring-server.cjs', import.meta.url)),
    fileURLToPath(new URL('../../dist/server/scoring-server.cjs', import.meta.url)),
  ].find((c) => existsSync(c));
}

/** The pinning script, run by the model environment's interpreter (src/serving/pin_requirements.py). */
const PIN_SCRIPT = join(dirname(WORKER_SCRIPT), 'pin_requirements.py');

/** Options of `buildModelImage` (`millrace models build-image`). */
export interface BuildModelImageOptions extends ProjectOptions {
  /** `<name>@<alias>` (alias default `champion`). */
  readonly model: string;
  /** Environment whose registry and artifact store hold the model; default the default registry. */
  readonly environment?: string;
  /** The build context folder to write; must not exist or be empty. */
  readonly out: string;
  /** Base interpreter the model environment is resolved on (as `models serve --python`). */
  readonly python?: string;
  /** Environment build progress. */
  readonly onLog?: (line: string) => void;
}

/** What `buildModelImage` wrote. */
export interface BuiltModelImage {
  /** Absolute path of the build context. */
  readonly dir: string;
  readonly model: string;
  readonly alias: string;
  readonly version: string;
  readonly env: string;
  /** `major.minor` of the Python the model environment resolved to (the base image's tag). */
  readonly python: string;
  /** The pinned requirement lines written to `requirements.txt`. */
  readonly requirements: readonly string[];
}

/** The Dockerfile of a build context (see docs/serving.md "Container image" for each choice). */
export function imageDockerfile(o: {
  readonly python: string;
  readonly node: string;
  readonly model: string;
  readonly version: string;
  readonly env: string;
}): string {
  return `# Built by \`millrace models build-image\`. Runs Millrace's own scoring server (Node front end + Python
# workers, the same code as \`millrace models serve\`) on the model in model/.
FROM node:${o.node}-bookworm-slim AS node

FROM python:${o.python}-slim-bookworm
# The Node runtime of the scoring front end (one static-ish binary; it needs libstdc++).
COPY --from=node /usr/local/bin/node /usr/local/bin/node
RUN apt-get update \\
 && apt-get install -y --no-install-recommends libstdc++6 \\
 && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# The model environment: the model's requirements, pinned to what \`millrace models serve\` resolved.
COPY requirements.txt /app/requirements.txt
RUN python -m venv /opt/venv && /opt/venv/bin/pip install --no-input -r /app/requirements.txt
COPY model /app/model
COPY server /app/server
RUN useradd --system --uid 10001 --create-home --home-dir /home/millrace --shell /usr/sbin/nologin millrace
USER 10001
WORKDIR /app
EXPOSE ${IMAGE_PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=120s --retries=3 \\
  CMD ["node", "-e", "fetch('http://127.0.0.1:${IMAGE_PORT}/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "/app/server/scoring-server.cjs", "--model", "/app/model", "--python", "/opt/venv/bin/python", "--host", "0.0.0.0", "--port", "${IMAGE_PORT}", "--name", ${JSON.stringify(o.model)}, "--model-version", ${JSON.stringify(o.version)}, "--env", ${JSON.stringify(o.env)}]
`;
}

function imageReadme(b: Omit<BuiltModelImage, 'dir'>): string {
  return `# ${b.model}@${b.alias} v${b.version} (${b.env}): container build context

Written by \`millrace models build-image\`. Build and run it with any OCI builder:

    docker build -t ${b.model.toLowerCase()}:${b.version} .
    docker run -p ${IMAGE_PORT}:${IMAGE_PORT} ${b.model.toLowerCase()}:${b.version}
    curl -s localhost:${IMAGE_PORT}/invocations -H 'content-type: application/json' \\
      -d '{"dataframe_split": {"columns": [...], "data": [[...]]}}'

The container answers MLflow's scoring protocol on port ${IMAGE_PORT}: \`POST /invocations\`, \`GET /ping\`,
\`GET /health\`, \`GET /version\`, \`GET /metrics\`, with the scoring server of \`millrace models serve\`.

| file | what |
|---|---|
| Dockerfile | python:${b.python}-slim-bookworm with Node copied in; non-root user 10001; HEALTHCHECK on /ping |
| requirements.txt | the model's requirements pinned to the versions \`millrace models serve\` resolved (${b.requirements.length} packages) |
| model/ | the model version's MLflow artifacts (MLmodel, requirements, weights) |
| server/scoring-server.cjs | Millrace's scoring server as one file (Fastify front end, worker pool, batching, guardrails) |
| server/serving_worker.py | the Python worker that loads the model with mlflow.pyfunc |

Environment variables: \`MILLRACE_WORKERS\` (Python worker processes, default the container's cores up to 4),
\`MILLRACE_TIMEOUT_SECONDS\` (request timeout, default 60).
`;
}

/** The folder is absent or empty. */
function isFreeFolder(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Writes a self-contained container build context for the version a registry alias points to: a Dockerfile,
 * the model's requirements pinned to what the serving environment resolves, the model artifacts (from the
 * environment's artifact store, as `models serve` gets them) and Millrace's scoring server. Written into a
 * temp folder beside `out` and renamed when complete.
 */
export async function buildModelImage(o: BuildModelImageOptions): Promise<BuiltModelImage> {
  const config = await configOf(o);
  const ref = parseModelReference(o.model);
  const out = resolve(o.out);
  if (!isFreeFolder(out))
    throw new MillraceError({
      code: 'serving/image-output-exists',
      message: `${out}: the output folder exists and is not empty`,
      hint: 'pick a new --out folder or remove it',
    });
  const server = scoringServerBundle();
  if (!server)
    throw new MillraceError({
      code: 'serving/scoring-server-missing',
      message: 'the bundled scoring server (dist/server/scoring-server.cjs) is missing; run `npm run build`',
    });
  const environment =
    o.environment === undefined ? undefined : await resolveEnvironment(config.project, o.environment);
  const env = environment?.name ?? DEFAULT_ML_ENVIRONMENT;
  const ml = await openMlflow(config, env, await openArtifactStore(config.project, environment));
  const temp = join(dirname(out), `.${ref.name}-image.${process.pid}.tmp`);
  try {
    const registered = await ml.registry.getRegisteredModel(env, ref.name);
    const version = registered?.aliases.find((a) => a.alias === ref.alias)?.version;
    if (version === undefined)
      throw new MillraceError({
        code: 'serving/alias-not-set',
        message: `model ${ref.name} has no alias ${ref.alias} in environment ${env}`,
      });
    const v = await ml.registry.getModelVersion(env, ref.name, version);
    if (!v)
      throw new MillraceError({
        code: 'ml/unknown-model-version',
        message: `model ${ref.name} has no version ${version} in environment ${env}`,
      });
    const modelDir = await modelFolder({
      config,
      artifacts: ml.artifacts,
      env,
      model: ref.name,
      version,
      storageLocation: v.storage_location || v.source,
    });
    if (!existsSync(join(modelDir, 'MLmodel')))
      throw new MillraceError({
        code: 'serving/model-not-found',
        message: `model ${ref.name} v${version}: no MLmodel file in ${modelDir}`,
      });
    // The model environment exactly as the worker pool resolves it (serving-wiring.ts registrySource).
    const requested = modelRequirements(modelDir);
    const environments = createPythonEnvironments({
      cacheDir: config.pythonCacheDir,
      projectDir: config.root,
      dbfs: { root: config.dbfs.root, mounts: config.dbfs.mounts },
    });
    const resolved = await environments.resolve({
      interpreter: o.python ?? servingPython(config, environmentPython(environment)),
      libraries: requested.map((r) => ({ pypi: { package: r } })),
      what: `model ${ref.name} v${version}`,
      ...(o.onLog ? { onProgress: o.onLog } : {}),
    });
    const pinned = await run(resolved.interpreter, [PIN_SCRIPT, ...requested], {
      env: { ...process.env, PYTHONNOUSERSITE: '1' },
    }).catch((err: { stderr?: string; message: string }) => {
      throw new MillraceError({
        code: 'serving/image-requirements-failed',
        message: `pinning the requirements of ${ref.name} v${version} failed: ${(err.stderr ?? err.message).trim().split('\n').pop() ?? ''}`,
      });
    });
    const lines = pinned.stdout.trim().split('\n');
    const python = (lines.shift() ?? 'python=3.11').replace(/^python=/, '');
    const node = process.versions.node.split('.')[0] ?? '20';
    const built = { model: ref.name, alias: ref.alias, version, env, python, requirements: lines };

    await rm(temp, { recursive: true, force: true });
    await mkdir(join(temp, 'server'), { recursive: true });
    await cp(modelDir, join(temp, 'model'), { recursive: true });
    await cp(server, join(temp, 'server', 'scoring-server.cjs'));
    await cp(WORKER_SCRIPT, join(temp, 'server', 'serving_worker.py'));
    await writeFile(
      join(temp, 'requirements.txt'),
      `# ${ref.name} v${version}: pinned to the environment \`millrace models serve\` resolved (Python ${python})\n${lines.join('\n')}\n`,
    );
    await writeFile(
      join(temp, 'Dockerfile'),
      imageDockerfile({ python, node, model: ref.name, version, env }),
    );
    await writeFile(join(temp, '.dockerignore'), 'README.md\n');
    await writeFile(join(temp, 'README.md'), imageReadme(built));
    if (existsSync(out)) await rm(out, { recursive: true });
    await rename(temp, out);
    return { dir: out, ...built };
  } finally {
    await rm(temp, { recursive: true, force: true });
    await ml.close();
  }
}
