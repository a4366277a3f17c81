#!/usr/bin/env node
'use strict';
// The `millrace` bin. CommonJS on purpose: `--version` is answered before Node starts its ESM loader (about
// 10 ms of a ~40 ms start on a small machine). Every other command goes to the bundled CLI, dist/cli/main.js
// (built by `npm run build`), which reads process.argv itself.
const argv = process.argv;
if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  // Node 22.1+ keeps V8's compiled code of the bundle on disk between runs (a no-op on Node 20).
  require('node:module').enableCompileCache?.();
  import('../dist/cli/main.js').catch((err) => {
    process.stderr.write(
      `millrace: cannot start (${err && err.message}); run \`npm run build\` in the package\n`,
    );
    process.exitCode = 70;
  });
}
