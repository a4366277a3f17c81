import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatJsonPath } from '../../src/errors/index.js';
import { validateFolder } from './fixture-diagnostics.js';

// A pipeline that runs itself through ExecutePipeline
// (https://learn.microsoft.com/azure/data-factory/control-flow-execute-pipeline-activity), directly or
// through others, starts child runs without end. ADF publishes such a factory, so validate warns.
const dir = mkdtempSync(path.join(tmpdir(), 'millrace-cycles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, 'pipeline'));
const call = (name: string, target: string) => ({
  name,
  type: 'ExecutePipeline',
  typeProperties: { pipeline: { referenceName: target, type: 'PipelineReference' }, waitOnCompletion: true },
});
const write = (name: string, activities: unknown[]) =>
  writeFileSync(
    path.join(dir, 'pipeline', `${name}.json`),
    JSON.stringify({ name, properties: { activities } }),
  );
write('Self', [call('Again', 'Self')]);
write('B', [
  {
    name: 'Maybe',
    type: 'IfCondition',
    typeProperties: {
      expression: { value: '@true', type: 'Expression' },
      ifTrueActivities: [call('ToC', 'C')],
    },
  },
]);
write('C', [call('ToB', 'b')]);
write('D', [call('ToE', 'E'), call('ToE2', 'E')]);
write('E', [{ name: 'W', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }]);
write('Off', [{ ...call('Inactive', 'Off'), state: 'Inactive', onInactiveMarkAs: 'Succeeded' }]);

describe('validate: ExecutePipeline cycles', () => {
  it('warns once per cycle, direct and indirect (nested calls and case-insensitive names too)', async () => {
    const { diagnostics } = await validateFolder(dir);
    const cycles = diagnostics.filter((d) => d.code === 'validate/execute-pipeline-cycle');
    expect(cycles.map((d) => [d.severity, d.location.file, formatJsonPath(d.location.path ?? [])])).toEqual([
      [
        'warning',
        'pipeline/B.json',
        'properties.activities[0].typeProperties.ifTrueActivities[0].typeProperties.pipeline.referenceName',
      ],
      ['warning', 'pipeline/Self.json', 'properties.activities[0].typeProperties.pipeline.referenceName'],
    ]);
    expect(cycles[0]?.message).toContain('B → C → B');
    expect(cycles[1]?.message).toMatch(/pipeline "Self" runs itself \(ExecutePipeline "Again"\)/);
    // D → E twice is no cycle; an inactive self-call is not run, so it is no cycle either.
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
