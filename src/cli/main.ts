#!/usr/bin/env node
/**
 * The `millrace` command line. Thin: parses input, calls the library (src/index.ts), renders output.
 * `--version` is answered here before anything else loads, so it starts as fast as Node itself.
 */
import { readFileSync } from 'node:fs';

const first = process.argv[2];
if (process.argv.length === 3 && (first === '--version' || first === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  process.stdout.write(`${pkg.version}\n`);
} else {
  const { runCli } = await import('./program.js');
  await runCli(process.argv);
}
