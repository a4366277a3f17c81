import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinActivityTypeProperties } from '../../src/activities/builtin-types.js';
import { readFactoryFiles } from '../../src/config/index.js';
import { validateFactory } from '../../src/cicd/index.js';
import { formatJsonPath } from '../../src/errors/index.js';
import { locateDiagnostic, parseFactory } from '../../src/model/index.js';
import { corpusDir, findFactoryRoots } from './corpus-roots.js';

/** One expected error in a really broken corpus factory, with why it is expected. */
interface AllowedFinding {
  readonly root: string;
  readonly file: string;
  readonly path: string;
  readonly code: string;
  readonly reason: string;
}

const ALLOWLIST = path.join(import.meta.dirname, 'corpus-allowlist.json');
const key = (f: Omit<AllowedFinding, 'reason'>): string => `${f.root} | ${f.file} | ${f.path} | ${f.code}`;

const CORPUS_DIR = corpusDir();

describe('the ADF corpus', () => {
  it('is a folder that holds factories', () => {
    expect(existsSync(CORPUS_DIR), `corpus not found at ${CORPUS_DIR}`).toBe(true);
    expect(findFactoryRoots(CORPUS_DIR).length, `no factory under ${CORPUS_DIR}`).toBeGreaterThan(0);
  });

  it('loads every file and validates with exactly the allowlisted errors', async () => {
    const roots = findFactoryRoots(CORPUS_DIR);
    const actual = new Map<string, Omit<AllowedFinding, 'reason'> & { message: string }>();
    let files = 0;
    for (const root of roots) {
      const rel = path.relative(CORPUS_DIR, root).split(path.sep).join('/');
      const read = await readFactoryFiles(root);
      files += read.length;
      const { factory, diagnostics, sources } = await parseFactory(read, {
        root,
        activityTypeProperties: builtinActivityTypeProperties,
      });
      const all = [...diagnostics, ...validateFactory(factory).map((d) => locateDiagnostic(d, sources))];
      for (const d of all) {
        if (d.severity !== 'error') continue;
        const f = {
          root: rel,
          file: d.location.file ?? '',
          path: formatJsonPath(d.location.path ?? []),
          code: d.code,
        };
        actual.set(key(f), { ...f, message: d.message });
      }
    }
    expect(files).toBeGreaterThan(0);
    if (process.env['UPDATE_CORPUS_ALLOWLIST'] === '1') {
      const previous = existsSync(ALLOWLIST)
        ? (JSON.parse(readFileSync(ALLOWLIST, 'utf8')) as AllowedFinding[])
        : [];
      const reasons = new Map(previous.map((a) => [key(a), a.reason]));
      const next = [...actual.values()].map(({ message, ...f }) => ({
        ...f,
        reason: reasons.get(key(f)) ?? `TODO: ${message}`,
      }));
      writeFileSync(ALLOWLIST, `${JSON.stringify(next, null, 2)}\n`);
    }
    const allowed = JSON.parse(readFileSync(ALLOWLIST, 'utf8')) as AllowedFinding[];
    const unexpected = [...actual.values()].filter((f) => !allowed.some((a) => key(a) === key(f)));
    // Only the factories of this folder: the allowlist may hold findings of other corpora.
    const checked = new Set(roots.map((r) => path.relative(CORPUS_DIR, r).split(path.sep).join('/')));
    const vanished = allowed.filter((a) => checked.has(a.root) && !actual.has(key(a)));
    expect(
      unexpected.map((f) => `${key(f)}: ${f.message}`),
      'new errors (false positives?)',
    ).toEqual([]);
    expect(vanished.map(key), 'allowlisted errors no longer reported').toEqual([]);
  });
});
