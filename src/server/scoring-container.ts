/**
 * The scoring server of a `millrace models build-image` context (bundled to dist/server/scoring-server.cjs by
 * scripts/bundle-scoring-server.js): `models serve`'s worker pool and HTTP routes over one model folder.
 *
 *   node scoring-server.cjs --model <dir> --python <interpreter> [--host 0.0.0.0] [--port 8080]
 *     [--name <model> --model-version <n> --env <environment>]   (labels of status and metrics)
 *
 * `MILLRACE_WORKERS` and `MILLRACE_TIMEOUT_SECONDS` set the worker count and request timeout. Prints
 * `listening on <url>` once the model is loaded; SIGTERM/SIGINT drain in-flight requests and stop.
 */
import { parseArgs } from 'node:util';
import { isMillraceError, openFolderServing } from '../index.js';
import { buildScoringServer } from './serving-routes.js';

const positive = (name: string): number | undefined => {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name}=${text}: expected a positive integer`);
  return n;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      python: { type: 'string' },
      host: { type: 'string', default: '0.0.0.0' },
      port: { type: 'string', default: '8080' },
      name: { type: 'string' },
      'model-version': { type: 'string' },
      env: { type: 'string' },
    },
  });
  if (!values.model || !values.python) throw new Error('usage: --model <dir> --python <interpreter>');
  const workers = positive('MILLRACE_WORKERS');
  const timeoutSeconds = positive('MILLRACE_TIMEOUT_SECONDS');
  const served = await openFolderServing({
    modelDir: values.model,
    python: values.python,
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values['model-version'] === undefined ? {} : { version: values['model-version'] }),
    ...(values.env === undefined ? {} : { env: values.env }),
    ...(workers === undefined ? {} : { workers }),
    ...(timeoutSeconds === undefined ? {} : { timeoutSeconds }),
    onLog: (line) => process.stderr.write(`${line}\n`),
  });
  const app = await buildScoringServer(served, { env: served.env, model: served.model });
  const url = await app.listen({ host: values.host, port: Number(values.port) });
  process.stdout.write(`listening on ${url}\n`);
  const stop = (): void => {
    void app
      .close()
      .then(() => served.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`scoring server: ${isMillraceError(err) ? err.message : String(err)}\n`);
  process.exit(1);
});
