import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMillrace } from '../index.js';
import { loadProject, validateProject } from './project.js';

// Validate and run agree on which activities an expression may reference (issue 14): what ran inside an
// upstream container (a Switch case, an If branch, a ForEach) may be referenced after it, and an activity that is
// not upstream may not. One pipeline, checked by `validate` and then run.

const dir = mkdtempSync(join(tmpdir(), 'millrace-referenceable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pipeline(name: string, activities: unknown[]): void {
  mkdirSync(join(dir, 'pipeline'), { recursive: true });
  writeFileSync(
    join(dir, 'pipeline', `${name}.json`),
    JSON.stringify({
      name,
      properties: { variables: { seen: { type: 'String' }, ifSeen: { type: 'String' } }, activities },
    }),
  );
}

const setVar = (name: string, variableName: string, value: string, dependsOn: string[] = []) => ({
  name,
  type: 'SetVariable',
  dependsOn: dependsOn.map((activity) => ({ activity, dependencyConditions: ['Succeeded'] })),
  typeProperties: { variableName, value },
});

describe('activities an expression may reference', () => {
  it('after a Switch or an If, what ran in the chosen case or branch: validate accepts it and the run reads it', async () => {
    pipeline('PL_Inside', [
      {
        name: 'Route',
        type: 'Switch',
        typeProperties: {
          on: { value: "@concat('', 'b')", type: 'Expression' },
          cases: [
            {
              value: 'a',
              activities: [{ name: 'InA', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }],
            },
            { value: 'b', activities: [setVar('InB', 'seen', 'case b')] },
          ],
          defaultActivities: [],
        },
      },
      {
        name: 'Check',
        type: 'IfCondition',
        typeProperties: {
          expression: { value: '@equals(1, 1)', type: 'Expression' },
          ifTrueActivities: [setVar('InTrue', 'ifSeen', 'true branch')],
        },
      },
      setVar(
        'After',
        'seen',
        "@concat(activity('InB').output.value, ' / ', activity('InTrue').output.value)",
        ['Route', 'Check'],
      ),
    ]);
    const report = validateProject(await loadProject(dir));
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const millrace = await createMillrace({ projectDir: dir });
    try {
      const result = await millrace.runPipeline('PL_Inside', {});
      const after = result.activityRuns.find((a) => a.activityName === 'After');
      expect(after?.error).toBeUndefined();
      expect(after?.output).toEqual({ name: 'seen', value: 'case b / true branch' });
    } finally {
      await millrace.close();
    }
  });

  it('an activity that is not upstream: validate reports it, naming it', async () => {
    pipeline('PL_Inside', [
      setVar('First', 'seen', 'x'),
      setVar('Second', 'seen', "@activity('First').output.value"),
    ]);
    const report = validateProject(await loadProject(dir));
    const finding = report.diagnostics.find((d) => d.code === 'expr/unknown-activity');
    expect(finding?.message).toContain('First');
    expect(finding?.message).toContain('not upstream');
  });
});
