#!/usr/bin/env node
/**
 * The `millrace` command line. Thin: parses input, calls the library (src/index.ts), renders output.
 * `--version` is answered here before anything else loads, so it starts as fast as Node itself: this file
 * imports nothing of its own (in the bundle, scripts/bundle-cli.js, it stays a few hundred bytes).
 */
import { readFileSync } from 'node:fs';

const first = process.argv[2];
if (process.argv.length === 3 && (first === '--version' || first === '-V')) {
  // The same file as package-version.ts reads; inlined so that nothing else loads.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  process.stdout.write(`${pkg.version}\n`);
} else {
  // With MILLRACE_DEBUG, an internal error prints its stack: map it through the bundle's source maps to src/.
  if (process.env['MILLRACE_DEBUG']) process.setSourceMapsEnabled(true);
  const { runCli } = await import('./program.js');
  await runCli(process.argv);
}
