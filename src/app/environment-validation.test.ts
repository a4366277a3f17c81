import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject, validateProject } from './project.js';
import { validateInEnvironment as validateProjectInEnvironment } from './environment-validation.js';

// `validate --env`: the factory as it runs in an environment. A SqlServerStoredProcedure activity has no
// executor in this runtime, so it warns naming the activity; a deactivated one never runs
// (https://learn.microsoft.com/azure/data-factory/deactivate-activity) and is left out.
const dir = mkdtempSync(join(tmpdir(), 'millrace-validate-env-'));
cpSync(resolve(import.meta.dirname, '../../test/fixtures/env-project'), dir, { recursive: true });
const config = JSON.parse(readFileSync(join(dir, 'millrace.json'), 'utf8')) as {
  environments: Record<string, unknown>;
};
config.environments['stale'] = { parameters: 'environments/stale.json' };
writeFileSync(join(dir, 'millrace.json'), JSON.stringify(config));
writeFileSync(
  join(dir, 'environments', 'stale.json'),
  JSON.stringify({ pipelines: { PL_Removed: { parameters: { x: 1 } } } }),
);
const sproc = (name: string, extra: object = {}) => ({
  name,
  type: 'SqlServerStoredProcedure',
  typeProperties: { storedProcedureName: 'usp_refresh' },
  ...extra,
});
writeFileSync(
  join(dir, 'factory', 'pipeline', 'PL_Web.json'),
  JSON.stringify({
    name: 'PL_Web',
    properties: {
      activities: [
        sproc('CallApi'),
        sproc('OldCall', { state: 'Inactive', onInactiveMarkAs: 'Succeeded' }),
        {
          name: 'Loop',
          type: 'ForEach',
          typeProperties: { items: '@createArray(1)', activities: [sproc('Inner')] },
        },
      ],
    },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validateProjectInEnvironment', () => {
  it('warns about each active activity whose type cannot run, naming it and its path', async () => {
    const report = await validateProjectInEnvironment(await loadProject(dir), 'qa');
    const noExecutor = report.diagnostics.filter((d) => d.code === 'validate/no-executor');
    expect(noExecutor.map((d) => d.message)).toEqual([
      expect.stringMatching(
        /^activity "CallApi" \(SqlServerStoredProcedure\) cannot run in environment "qa"/,
      ) as unknown,
      expect.stringMatching(
        /^activity "Inner" \(SqlServerStoredProcedure\) cannot run in environment "qa"/,
      ) as unknown,
    ]);
    expect(noExecutor.every((d) => d.severity === 'warning' && d.location.line !== undefined)).toBe(true);
    expect(report.errorCount).toBe(0);
  });

  it('reports what applying the environment finds, and plain validate does not', async () => {
    const loaded = await loadProject(dir);
    const report = await validateProjectInEnvironment(loaded, 'stale');
    expect(report.diagnostics.filter((d) => d.code === 'env/unknown-resource')).toHaveLength(1);
    expect(report.errorCount).toBe(1);
    expect(validateProject(loaded).diagnostics.some((d) => d.code === 'env/unknown-resource')).toBe(false);
  });

  it('rejects an unknown environment', async () => {
    await expect(validateProjectInEnvironment(await loadProject(dir), 'nope')).rejects.toMatchObject({
      code: 'config/unknown-environment',
    });
  });
});
