#!/usr/bin/env node
/**
 * `npm run test:corpus -- <dir>`: loads and validates every ADF factory found under <dir> (a folder holding
 * pipeline/, dataset/ or linkedService/, at any depth) and fails on any error that
 * test/corpus/corpus-allowlist.json does not list with a reason. `.ci/run` runs it on the workplace's corpus folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  process.stderr.write(
    `usage: npm run test:corpus -- <dir with ADF factories>${dir ? ` (not found: ${dir})` : ''}\n`,
  );
  process.exit(2);
}
const r = spawnSync('npx', ['vitest', 'run', '--config', 'vitest.corpus.config.ts'], {
  stdio: 'inherit',
  env: { ...process.env, MILLRACE_CORPUS_DIR: path.resolve(dir) },
});
process.exit(r.status ?? 1);
