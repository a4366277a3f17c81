// Bundles the `millrace` command line (src/cli/program.ts) with esbuild into one CommonJS file,
// dist/cli/millrace.cjs, which the bin (bin/millrace.cjs) loads through V8's code cache: a start then reads one
// file and deserializes compiled code instead of resolving, reading, parsing and linking hundreds of ES modules.
// Modules reached only through `await import()` stay in the file but are initialised on first use, so a
// command pays for the code it runs. Runs after tsc (`npm run build`), whose dist/ stays the library
// (`millrace`, `millrace/testing`). Source maps point at src/.
//
// Assets found with `new URL('<relative path>', import.meta.url)` (the notebook driver, package.json, the
// `millrace test` Vitest config) are rewritten to the same file's place seen from dist/cli/, so they resolve
// in the bundle exactly as in tsc's output; `import.meta.url` itself is the bundle's own URL.
import { readFileSync, rmSync, readdirSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const outdir = path.join(dist, 'cli');

// Packages stay in node_modules and load from there when a command first needs them, except the argument
// parser and colours, which every command runs, and better-sqlite3's JavaScript, which every command that keeps
// state runs (its native addon still loads from node_modules, see `sqliteAddon`). Code in the bundle costs every start a little even when it
// never runs (V8 keeps a record of each function), so zod, luxon and the like are not worth carrying.
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const BUNDLED = new Set(['commander', 'picocolors', 'better-sqlite3']);
const external = [
  ...Object.keys({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies })
    .filter((name) => !BUNDLED.has(name))
    .flatMap((name) => [name, `${name}/*`]),
  '@duckdb/*',
  '@azure/*',
  '@fastify/*',
];

// Node's own modules that a bare `node -e 0` has already loaded: importing them costs nothing.
const PRELOADED = new Set([
  'events',
  'buffer',
  'path',
  'querystring',
  'async_hooks',
  'timers',
  'util',
  'fs',
  'url',
  'module',
  'process',
]);

/**
 * Every other Node built-in (crypto, child_process, streams, readline, os, …) is loaded on first use instead of
 * when its chunk loads: each import resolves to a small CommonJS module whose exports are getters that `require`
 * the real module the first time one is read. esbuild turns named imports of a CommonJS module into property
 * reads at the point of use, so `createHash(…)` reads the getter then. A `validate` that never hashes never
 * loads crypto (several milliseconds of Node's start-up each). The export names come from the running Node.
 */
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_]+(\/[a-z_]+)?$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      if (!isBuiltin(name) || PRELOADED.has(name) || args.namespace === 'lazy-builtin') return undefined;
      return { path: name, namespace: 'lazy-builtin' };
    });
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(`node:${args.path}`)).filter(
        (k) => k !== 'default',
      );
      const getters = names.map(
        (k) => `${JSON.stringify(k)}:{enumerable:true,get:()=>g()[${JSON.stringify(k)}]}`,
      );
      return {
        // `__millraceRequire` is the bundle's `require` (see the banner); a non-literal argument keeps esbuild
        // from resolving the module again.
        contents: `const id=${JSON.stringify(`node:${args.path}`)};let m;const g=()=>m??=__millraceRequire(id);module.exports=Object.defineProperties({},{${getters.join(',')}});`,
        loader: 'js',
      };
    });
  },
};

/**
 * better-sqlite3 finds its addon with the `bindings` package, which looks next to the calling file: inside the
 * bundle that is dist/cli/. Bundled, `bindings` is replaced by a lookup in the installed package's
 * build/Release, where both a source build and a prebuilt binary land.
 */
const sqliteAddon = {
  name: 'sqlite-addon',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, (args) =>
      args.importer.includes(`${path.sep}better-sqlite3${path.sep}`)
        ? { path: 'bindings', namespace: 'sqlite-addon' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'sqlite-addon' }, () => ({
      contents:
        "const path = require('node:path');" +
        "module.exports = (file) => __millraceRequire(path.join(path.dirname(__millraceRequire.resolve('better-sqlite3/package.json')), 'build', 'Release', file));",
      loader: 'js',
    }));
  },
};

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

// Chunks of an earlier ES-module bundle would lie around unused: remove them (tsc's own files in dist/cli stay).
for (const f of readdirSync(outdir)) if (f.startsWith('chunk-')) rmSync(path.join(outdir, f));

const result = await build({
  entryPoints: [path.join(src, 'cli', 'program.ts')],
  outfile: path.join(outdir, 'millrace.cjs'),
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  sourcesContent: false,
  minify: true,
  // ASCII only (esbuild escapes the rest), so the bin may read the file as latin1, the fastest decoding.
  charset: 'ascii',
  external,
  define: { 'import.meta.url': '__millraceImportMetaUrl' },
  // `import()` of a package becomes `require()`: every package the CLI loads lazily ships CommonJS, and a
  // script compiled with a code cache has no ES-module loader to call (bin/millrace.cjs).
  supported: { 'dynamic-import': false },
  banner: {
    js: "const __millraceImportMetaUrl = require('node:url').pathToFileURL(__filename).href, __millraceRequire = require;",
  },
  plugins: [assetUrls, lazyBuiltins, sqliteAddon],
  logLevel: 'warning',
  metafile: process.env.MILLRACE_BUNDLE_META === '1',
});
if (result.metafile) {
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path.join(dist, 'cli-bundle-meta.json'), JSON.stringify(result.metafile));
}
