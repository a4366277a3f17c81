import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPipelineTest } from './index.js';

const quickstart = path.resolve(import.meta.dirname, '../../examples/quickstart');

describe('createPipelineTest on examples/quickstart', () => {
  it('runs the reference pipeline with copy and notebooks mocked and exposes evaluated inputs', async () => {
    const millraceDir = path.join(quickstart, '.millrace');
    const existed = existsSync(millraceDir);
    const t = await createPipelineTest({ project: quickstart });
    const run = await t.run('ReferencePipeline', {
      parameters: { folder: 'flats', inputFile: 'flats.csv' },
      mocks: {
        activities: { 'Copy Data': { output: { rowsCopied: 10, rowsRead: 10 } } },
        types: {
          DatabricksNotebook: {
            output: { runOutput: { output_path: '/dbfs/mnt/prepared/flats/features.csv' } },
          },
        },
      },
    });
    expect(run.status).toBe('Succeeded');
    expect(run.activityNames).toEqual(['Copy Data', 'Transformation', 'Model training & scoring']);
    expect(run.activity('Copy Data').output).toEqual({ rowsCopied: 10, rowsRead: 10 });
    expect(run.activity('Transformation').input).toMatchObject({
      notebookPath: '/Shared/millrace/transform',
      baseParameters: {
        input_path: '/dbfs/mnt/prepared/flats/flats.csv',
        output_path: '/dbfs/mnt/prepared/flats/features.csv',
      },
    });
    expect(run.activity('Model training & scoring').input).toMatchObject({
      baseParameters: { features_path: '/dbfs/mnt/prepared/flats/features.csv' },
    });
    run.assert(
      "@equals(activity('Copy Data').output.rowsCopied, 10)",
      "equals(pipeline().run.status, 'Succeeded')",
      "equals(pipeline().parameters.folder, 'flats')",
    );
    // In-memory store: the harness writes nothing under .millrace.
    if (!existed) {
      expect(existsSync(millraceDir)).toBe(false);
      rmSync(millraceDir, { recursive: true, force: true });
    }
  });

  it('fails an activity mocked with an error, by name, and reports it', async () => {
    const t = await createPipelineTest({ project: quickstart });
    const run = await t.run('ReferencePipeline', {
      mocks: {
        activities: {
          'Copy Data': { output: { rowsCopied: 1 } },
          Transformation: { error: { errorCode: '2011', message: 'boom' } },
        },
        types: { DatabricksNotebook: { output: {} } },
      },
    });
    expect(run.status).toBe('Failed');
    expect(run.activity('Transformation')).toMatchObject({
      status: 'Failed',
      error: { errorCode: '2011', message: expect.stringContaining('boom') as unknown },
    });
    expect(run.activity('Model training & scoring').status).toBe('Skipped');
    expect(() => run.assert("equals(activity('Copy Data').output.rowsCopied, 10)")).toThrow(/rowsCopied = 1/);
    expect(() => run.activity('Nope')).toThrow(/did not run.*Copy Data/);
  });
});

describe('createPipelineTest: control activities and child runs', () => {
  // A bare factory: Parent runs Child (ExecutePipeline, waited on), a ForEach of Waits, then a SetVariable
  // that reads the ExecutePipeline's output; Child filters its items.
  const dir = mkdtempSync(path.join(tmpdir(), 'millrace-harness-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(path.join(dir, 'pipeline'));
  const write = (name: string, properties: unknown) =>
    writeFileSync(path.join(dir, 'pipeline', `${name}.json`), JSON.stringify({ name, properties }));
  write('Child', {
    parameters: { items: { type: 'array' } },
    activities: [
      {
        name: 'KeepBig',
        type: 'Filter',
        typeProperties: {
          items: { value: '@pipeline().parameters.items', type: 'Expression' },
          condition: { value: '@greater(item(), 2)', type: 'Expression' },
        },
      },
    ],
  });
  write('Parent', {
    variables: { got: { type: 'String' } },
    activities: [
      {
        name: 'RunChild',
        type: 'ExecutePipeline',
        typeProperties: {
          pipeline: { referenceName: 'Child', type: 'PipelineReference' },
          waitOnCompletion: true,
          parameters: { items: { value: '@createArray(1, 3, 5)', type: 'Expression' } },
        },
      },
      {
        name: 'Loop',
        type: 'ForEach',
        dependsOn: [{ activity: 'RunChild', dependencyConditions: ['Succeeded'] }],
        typeProperties: {
          items: { value: '@createArray(1, 2)', type: 'Expression' },
          activities: [
            {
              name: 'Pause',
              type: 'Wait',
              typeProperties: { waitTimeInSeconds: { value: '@sub(item(), item())', type: 'Expression' } },
            },
          ],
        },
      },
      {
        name: 'Keep',
        type: 'SetVariable',
        dependsOn: [{ activity: 'Loop', dependencyConditions: ['Succeeded'] }],
        typeProperties: {
          variableName: 'got',
          value: { value: "@string(activity('RunChild').output.pipelineRunId)", type: 'Expression' },
        },
      },
    ],
  });

  it('reaches child runs and evaluated inputs of control activities when nothing is mocked', async () => {
    const t = await createPipelineTest({ project: dir });
    const run = await t.run('Parent', {});
    expect(run.status).toBe('Succeeded');
    const child = run.child('RunChild');
    expect(child.status).toBe('Succeeded');
    expect(child.activity('KeepBig').input).toEqual({
      items: [1, 3, 5],
      condition: { value: '@greater(item(), 2)', type: 'Expression' },
    });
    expect(child.activity('KeepBig').output).toMatchObject({ FilteredItemsCount: 2, Value: [3, 5] });
    expect(run.activity('Pause').runs.map((r) => r.input)).toEqual([
      { waitTimeInSeconds: 0 },
      { waitTimeInSeconds: 0 },
    ]);
    expect(() => run.child('Loop')).toThrow(/started no child pipeline run/);
  });

  it('replaces ExecutePipeline and ForEach mocked by name: their children never run', async () => {
    const t = await createPipelineTest({ project: dir });
    const run = await t.run('Parent', {
      mocks: {
        activities: {
          RunChild: { output: { pipelineRunId: 'mocked-run', pipelineName: 'Child' } },
          Loop: { output: {} },
        },
      },
    });
    expect(run.status).toBe('Succeeded');
    expect(run.activityNames).toEqual(['RunChild', 'Loop', 'Keep']);
    expect(run.variables['got']).toBe('mocked-run');
    // The mocked ForEach's input keeps its nested activities as written (item() is not evaluated outside it).
    expect(run.activity('Loop').input).toMatchObject({ items: [1, 2] });
    expect(() => run.child('RunChild')).toThrow(/started no child pipeline run/);
  });

  it('replaces control activities mocked by type, and fails one mocked with an error', async () => {
    const t = await createPipelineTest({ project: dir });
    const byType = await t.run('Parent', {
      mocks: { types: { ExecutePipeline: { output: { pipelineRunId: 'x' } } } },
    });
    expect(byType.activity('RunChild').output).toEqual({ pipelineRunId: 'x' });
    expect(byType.activity('Pause').status).toBe('Succeeded');
    const failed = await t.run('Parent', {
      mocks: { activities: { Loop: { error: { errorCode: 'X1', message: 'loop broke' } } } },
    });
    expect(failed.status).toBe('Failed');
    expect(failed.activity('Loop')).toMatchObject({ status: 'Failed', error: { errorCode: 'X1' } });
    expect(failed.hasActivity('Pause')).toBe(false);
    expect(failed.activity('Keep').status).toBe('Skipped');
  });
});
