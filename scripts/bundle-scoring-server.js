// Bundles the scoring server of `millrace models build-image` contexts (src/server/scoring-container.ts) with
// esbuild into one CommonJS file, dist/server/scoring-server.cjs, with Fastify inside: a container needs only
// Node, this file and serving_worker.py beside it (where `import.meta.url` now points), no node_modules.
// Every other package stays external: the container's code path (folder serving, scoring routes) never loads
// them, and test/serving/model-image.test.ts runs the file from a folder without node_modules to prove it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = [
  ...Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })
    .filter((name) => name !== 'fastify')
    .flatMap((name) => [name, `${name}/*`]),
  '@duckdb/*',
  '@azure/*',
];

await build({
  entryPoints: [path.join(root, 'src', 'server', 'scoring-container.ts')],
  outfile: path.join(root, 'dist', 'server', 'scoring-server.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external,
  define: { 'import.meta.url': '__scoringServerUrl' },
  banner: { js: "const __scoringServerUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
  legalComments: 'none',
});
