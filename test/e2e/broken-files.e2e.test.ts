import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

// Assumes `npm run build` ran (`npm test` builds first). A factory whose pipeline file is not valid JSON:
// every command names that file (line and column) instead of reporting the pipeline as unknown.
const tmp = mkdtempSync(path.join(tmpdir(), 'millrace-e2e-broken-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
mkdirSync(path.join(tmp, 'pipeline'));
writeFileSync(
  path.join(tmp, 'pipeline', 'Good.json'),
  JSON.stringify({ name: 'Good', properties: { activities: [] } }),
);
// Line 3 has a trailing comma before the closing brace.
writeFileSync(
  path.join(tmp, 'pipeline', 'Daily.json'),
  '{\n  "name": "Daily",\n  "properties": { "activities": [], }\n}\n',
);

function millrace(...args: string[]): ReturnType<typeof runCli> {
  return runCli(tmp, args);
}

describe('broken pipeline files are named', () => {
  it('run of a pipeline whose file is invalid JSON names the file, line and column (exit 2)', () => {
    const r = millrace('run', 'Daily');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('model/invalid-json');
    expect(r.stderr).toContain(
      'pipeline "Daily" cannot run: pipeline/Daily.json is not a valid resource file: invalid JSON',
    );
    expect(r.stderr).toMatch(/\(pipeline\/Daily\.json:3:\d+\)/);
    expect(r.stderr).not.toContain('unknown pipeline');
  });

  it('run --json carries the file location', () => {
    const r = millrace('run', 'Daily', '--json');
    const out = JSON.parse(r.stdout) as { error: { code: string; location: { file: string; line: number } } };
    expect(out.error.code).toBe('model/invalid-json');
    expect(out.error.location).toMatchObject({ file: 'pipeline/Daily.json', line: 3 });
  });

  it('describe lists the broken file and exits 1; the readable pipeline is still listed', () => {
    const r = millrace('describe');
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('Broken files (1)');
    expect(r.stdout).toMatch(/pipeline\/Daily\.json:3:\d+/);
    expect(r.stdout).toContain('Good');
    const json = millrace('describe', '--json');
    expect(json.status).toBe(1);
    const d = JSON.parse(json.stdout) as { broken: { file: string; code: string }[] };
    expect(d.broken).toEqual([
      expect.objectContaining({ file: 'pipeline/Daily.json', code: 'model/invalid-json' }),
    ]);
  });
});
