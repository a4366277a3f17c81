import { readdirSync } from 'node:fs';
import path from 'node:path';

/** The ADF corpus lives next to the repository: `../shared/adf-corpus`. */
export const CORPUS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'adf-corpus');

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
