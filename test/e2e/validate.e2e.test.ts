import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repo, runCli } from './run-cli.js';

// Assumes `npm run build` ran (`npm test` builds first).
const fixtures = path.join(repo, 'test', 'fixtures', 'pipelines');
const tmp = mkdtempSync(path.join(tmpdir(), 'millrace-e2e-validate-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function millrace(...args: string[]): ReturnType<typeof runCli> {
  return runCli(tmp, args);
}

describe('millrace validate', () => {
  it('exits 0 on a clean project and prints a summary', () => {
    const r = millrace('validate', '--project', path.join(repo, 'examples', 'quickstart'));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no problems');
  });

  it('exits 1 with errors and prints JSON findings with file and path', () => {
    const r = millrace(
      'validate',
      '--project',
      path.join(fixtures, 'invalid', 'unknown-dependency'),
      '--json',
    );
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as {
      ok: boolean;
      errorCount: number;
      diagnostics: { code: string; location: { file: string; path: unknown[] } }[];
    };
    expect(out.ok).toBe(false);
    expect(out.errorCount).toBe(1);
    expect(out.diagnostics[0]?.code).toBe('validate/unknown-dependency');
    expect(out.diagnostics[0]?.location.file).toBe('pipeline/p.json');
    expect(out.diagnostics[0]?.location.path).toEqual([
      'properties',
      'activities',
      1,
      'dependsOn',
      0,
      'activity',
    ]);
  });

  it('exits 0 with warnings only, and 1 under --strict', () => {
    const dir = path.join(fixtures, 'invalid', 'batch-count-limit');
    expect(millrace('validate', '--project', dir).status).toBe(0);
    expect(millrace('validate', '--project', dir, '--strict').status).toBe(1);
  });

  it('--env applies the environment (its findings included) and exits 2 for an unknown one', () => {
    const project = path.join(repo, 'test', 'fixtures', 'env-project');
    const qa = millrace('validate', '--project', project, '--env', 'qa', '--json');
    expect(qa.status).toBe(0);
    const out = JSON.parse(qa.stdout) as { diagnostics: { code: string }[] };
    expect(out.diagnostics.map((d) => d.code)).toContain('env/empty-arm-parameter');
    const nope = millrace('validate', '--project', project, '--env', 'nope');
    expect(nope.status).toBe(2);
    expect(nope.stderr).toContain('config/unknown-environment');
  });

  it('exits 2 when the folder is not a factory', () => {
    const r = millrace('validate', '--project', tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('config/not-a-factory');
  });

  it('writes a JUnit report with one test case per file and a failure per finding (warnings under --strict)', () => {
    // The folder does not exist yet (a fresh CI checkout has no reports/): validate creates it.
    const out = path.join(tmp, 'reports', 'junit', 'report.xml');
    const r = millrace(
      'validate',
      '--project',
      path.join(fixtures, 'invalid', 'variable-type-mismatch'),
      '--format',
      'junit',
      '--output',
      out,
      '--strict',
    );
    expect(r.status).toBe(1);
    const xml = readFileSync(out, 'utf8');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>/);
    expect(xml).toContain('<testcase classname="pipeline" name="pipeline/p.json">');
    expect(xml.match(/<failure /g)).toHaveLength(2);
    expect(xml).toContain('type="validate/variable-type-mismatch"');
    expect(readdirSync(path.dirname(out))).toEqual(['report.xml']);
  });
});
