import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatJsonPath } from '../../src/errors/index.js';
import { validateFolder } from './fixture-diagnostics.js';

// `activity()` references only activities upstream of the current one ("Activity dependency",
// https://learn.microsoft.com/azure/data-factory/concepts-pipelines-activities); every finding inside an
// activity names it as well as giving the JSON path.
const dir = path.resolve(import.meta.dirname, '..', 'fixtures', 'findings', 'names-the-activity');

describe('findings name the activity they are in', () => {
  it('names the activity in reference, schema and expression findings', async () => {
    const { diagnostics } = await validateFolder(dir);
    const byCode = (code: string) => diagnostics.filter((d) => d.code === code);
    expect(byCode('validate/missing-dataset').map((d) => d.message)).toEqual([
      expect.stringContaining(
        'activity "CopyIt" of pipeline "p" references dataset "NoSuchDataset"',
      ) as unknown,
      expect.stringContaining(
        'activity "CopyIt" of pipeline "p" references dataset "NoSuchDataset"',
      ) as unknown,
    ]);
    const missing = byCode('model/missing-property');
    expect(missing.map((d) => d.message)).toEqual([
      'activity "LookItUp": missing required property "dataset"',
    ]);
    expect(formatJsonPath(missing[0]?.location.path ?? [])).toBe(
      'properties.activities[3].typeProperties.dataset',
    );
  });

  it('says an activity exists but is not upstream, and that another does not exist', async () => {
    const { diagnostics } = await validateFolder(dir);
    const unknown = diagnostics.filter((d) => d.code === 'expr/unknown-activity').map((d) => d.message);
    expect(unknown).toHaveLength(2);
    expect(unknown[0]).toMatch(/^activity "SetIt": activity 'Later' exists, but is not upstream of "SetIt"/);
    expect(unknown[0]).toContain('(upstream: CopyIt)');
    expect(unknown[1]).toMatch(/^activity "SetIt": activity 'Ghost' does not exist in this pipeline/);
    for (const d of diagnostics.filter((x) => x.code === 'expr/unknown-activity'))
      expect(formatJsonPath(d.location.path ?? [])).toBe('properties.activities[1].typeProperties.value');
  });
});
