import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repo } from '../e2e/run-cli.js';

// Issue 15: the chaos runner (`npm run chaos`, docs/chaos.md) with a tiny budget on two cheap scenarios: a
// multi-file Copy killed with SIGKILL and concurrent deploys with a kill. It prints the table with zeros.
describe('npm run chaos', () => {
  it('kills a copy and a deploy, then prints a table of zeros and exits 0', () => {
    const r = spawnSync(
      process.execPath,
      [
        join(repo, 'scripts', 'chaos', 'run.js'),
        '--duration',
        '10',
        '--tries',
        '1',
        '--only',
        'copy,deploy',
        '--seed',
        '7',
      ],
      { cwd: repo, encoding: 'utf8', timeout: 25_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('chaos: seed 7');
    const rows = r.stdout.split('\n').filter((l) => /^\S.*\|\s+\d+ \|/.test(l));
    expect(rows.map((l) => l.split('|')[0]!.trim())).toEqual([
      'multi-file Copy (300 files)',
      'deploys (concurrent + kill -9)',
      'total',
    ]);
    for (const l of rows) {
      const [tries, ...failures] = l
        .split('|')
        .slice(1)
        .map((c) => Number(c.trim()));
      expect(tries).toBeGreaterThan(0);
      expect(failures).toEqual([0, 0, 0, 0]);
    }
  });
});
