// Bundles the `millrace` command line (src/cli/main.ts) with esbuild into dist/cli/: main.js plus chunks that
// load only when a command needs them (each `await import()` is a split point). Start-up then reads a few
// files instead of resolving hundreds of modules. Runs after tsc (`npm run build`), whose dist/ stays the
// library (`millrace`, `millrace/testing`). Source maps point at src/.
//
// Assets found with `new URL('<relative path>', import.meta.url)` (the notebook driver, package.json, the
// `millrace test` Vitest config) are rewritten to the same file's place seen from dist/cli/, so they resolve
// in the bundle exactly as in tsc's output.
import { readFileSync, rmSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'cli');

// Native and heavy packages stay in node_modules, loaded (lazily) at run time from there.
const external = [
  'better-sqlite3',
  '@duckdb/*',
  '@azure/*',
  'azurite',
  'fastify',
  '@fastify/*',
  'pg',
  'vitest',
  'vitest/*',
  'tsx',
  'esbuild',
];

const ASSET_URL = /new URL\((['"])(\.\.?\/[^'"]+)\1,\s*import\.meta\.url\)/g;

/** Rewrites `new URL('./x', import.meta.url)` so it points at the file's dist/ counterpart from dist/cli/. */
const assetUrls = {
  name: 'asset-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/, namespace: 'file' }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const contents = text.replace(ASSET_URL, (_m, q, rel) => {
        let target = path.resolve(path.dirname(args.path), rel);
        if (target.startsWith(src + path.sep)) target = path.join(dist, path.relative(src, target));
        target = target.replace(/\.ts$/, '.js');
        let fromOut = path.relative(outdir, target).split(path.sep).join('/');
        if (!fromOut.startsWith('.')) fromOut = `./${fromOut}`;
        return `new URL(${q}${fromOut}${q}, import.meta.url)`;
      });
      return { contents, loader: 'ts' };
    });
  },
};

// Old chunks of a previous bundle would pile up: remove them (tsc's own files in dist/cli stay).
for (const f of readdirSync(outdir)) if (f.startsWith('chunk-')) rmSync(path.join(outdir, f));

const result = await build({
  entryPoints: { main: path.join(src, 'cli', 'main.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  minify: true,
  chunkNames: 'chunk-[hash]',
  external,
  // CommonJS dependencies inside an ESM bundle need `require`.
  banner: {
    js: "import { createRequire as __millraceCreateRequire } from 'node:module'; const require = __millraceCreateRequire(import.meta.url);",
  },
  plugins: [assetUrls],
  logLevel: 'warning',
  metafile: process.env.MILLRACE_BUNDLE_META === '1',
});
if (result.metafile) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(dist, 'cli-bundle-meta.json'), JSON.stringify(result.metafile));
}
