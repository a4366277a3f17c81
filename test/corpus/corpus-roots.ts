import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The folder of real ADF factories to check, given by `npm run test:corpus -- <dir>` (scripts/test-corpus.js),
 * which passes it as `MILLRACE_CORPUS_DIR`; `.ci/run` gives it the workplace's corpus folder.
 */
export function corpusDir(): string {
  const dir = process.env['MILLRACE_CORPUS_DIR'];
  if (!dir) throw new Error('MILLRACE_CORPUS_DIR is not set: run `npm run test:corpus -- <dir>`');
  return path.resolve(dir);
}

const MARKERS = new Set(['pipeline', 'dataset', 'linkedservice']);

/** Every factory root under `dir`: a folder holding pipeline/, dataset/ or linkedService/ (at any depth). */
export function findFactoryRoots(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    const dirs = readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory());
    if (dirs.some((e) => MARKERS.has(e.name.toLowerCase()))) out.push(d);
    for (const e of dirs) walk(path.join(d, e.name));
  };
  walk(dir);
  return out.sort();
}
