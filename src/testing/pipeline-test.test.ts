import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
