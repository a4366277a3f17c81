#!/usr/bin/env node
'use strict';
// The `millrace` bin. CommonJS on purpose: Node's ES-module loader costs about 10 ms of a ~25 ms start, and
// `--version` is answered before anything else loads. Every other command runs the bundled CLI,
// dist/cli/millrace.cjs (one CommonJS file built by `npm run build`, scripts/bundle-cli.js).
//
// The bundle is compiled with V8's code cache: the first run of each command writes the compiled code of
// what it executed to the user's cache folder; later runs deserialize it instead of parsing and compiling
// the bundle again (about half of a short command's time). One cache file per command, because each command
// compiles different functions. A cache is used only for the exact bundle file (path, size and mtime are
// in its name) and Node/V8 build; V8 itself rejects a cache from another build, and a rejected or
// unreadable cache is rewritten. Writes go to a temporary name and are renamed. `MILLRACE_CODE_CACHE=0`
// turns it off; with `MILLRACE_DEBUG` the bundle loads plainly, with source maps, so stacks point at src/.
const argv = process.argv;
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const bundle = path.join(__dirname, '..', 'dist', 'cli', 'millrace.cjs');

/** The folder for code caches: $XDG_CACHE_HOME/millrace/v8 or ~/.cache/millrace/v8 (no `os` needed). */
function cacheDir() {
  const base = process.env.XDG_CACHE_HOME || (process.env.HOME && path.join(process.env.HOME, '.cache'));
  return base ? path.join(base, 'millrace', 'v8') : undefined;
}

/** 32-bit FNV-1a of a short string, as hex: names the cache of one bundle path. */
function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16);
}

/** Loads the bundle through the code cache; undefined when that cannot be done here (then plain require). */
function loadCached() {
  const dir = cacheDir();
  if (!dir || process.env.MILLRACE_CODE_CACHE === '0') return undefined;
  const vm = require('node:vm');
  let stat;
  try {
    stat = fs.statSync(bundle);
  } catch {
    return undefined;
  }
  const command = (argv.slice(2).find((a) => !a.startsWith('-')) || '_').replace(/[^a-z0-9-]/gi, '_');
  const key = [fnv1a(bundle), stat.size, Math.floor(stat.mtimeMs), process.version, process.arch, command];
  const cacheFile = path.join(dir, `${key.join('-')}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(bundle, 'latin1');
  // The bundle has no `import()` (scripts/bundle-cli.js turns them into `require`), so the script needs no
  // ES-module loader.
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit the cache holds every function this command compiled, not only the top level.
    process.once('exit', () => {
      try {
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
        // Caches of earlier builds of this bundle are dead weight: drop them.
        const prefix = `${key[0]}-`;
        const current = `${key.slice(0, 3).join('-')}-`;
        for (const f of fs.readdirSync(dir))
          if (f.startsWith(prefix) && !f.startsWith(current)) fs.rmSync(path.join(dir, f), { force: true });
      } catch {
        // A read-only or full disk only costs the next start its speed.
      }
    });
  }
  const mod = new Module(bundle, module);
  mod.filename = bundle;
  mod.paths = Module._nodeModulePaths(path.dirname(bundle));
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
  return mod.exports;
}

function start() {
  let cli;
  try {
    if (process.env.MILLRACE_DEBUG) process.setSourceMapsEnabled(true);
    else cli = loadCached();
    cli = cli || require(bundle);
  } catch (err) {
    process.stderr.write(
      `millrace: cannot start (${err && err.message}); run \`npm run build\` in the package\n`,
    );
    process.exitCode = 70;
    return;
  }
  // Commands report their own errors; what reaches here is a bug (exit 70, as src/cli/output.ts reports).
  cli.runCli(argv).catch((err) => {
    process.stderr.write(`internal error: ${err && err.message}\n`);
    process.stderr.write(
      process.env.MILLRACE_DEBUG && err && err.stack
        ? `${err.stack}\n`
        : '  (set MILLRACE_DEBUG=1 for a stack trace; please report this)\n',
    );
    process.exitCode = 70;
  });
}

if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  start();
}
