// A pipeline unit test as a user writes it: no data, no Databricks, no services — the data and notebook
// activities are mocked and the test checks what the pipeline passes between them.
import { describe, expect, it } from 'vitest';
import { createPipelineTest } from 'millrace/testing';

describe('ReferencePipeline', () => {
  it('hands the copied folder to the transformation and its output to the training notebook', async () => {
    const t = await createPipelineTest({ project: '.' });
    const run = await t.run('ReferencePipeline', {
      parameters: { folder: 'flats', inputFile: 'flats.csv' },
      mocks: {
        activities: {
          'Copy Data': { output: { rowsCopied: 10 } },
          Transformation: { output: { runOutput: { output_path: '/dbfs/mnt/prepared/flats/features.csv' } } },
          'Model training & scoring': { output: { runOutput: { intercept: 1, coef: 2 } } },
        },
      },
    });
    expect(run.status).toBe('Succeeded');
    expect(run.activity('Transformation').input).toMatchObject({
      baseParameters: { input_path: '/dbfs/mnt/prepared/flats/flats.csv' },
    });
    expect(run.activity('Model training & scoring').input).toMatchObject({
      baseParameters: { features_path: '/dbfs/mnt/prepared/flats/features.csv' },
    });
  });

  it('skips training when the transformation fails', async () => {
    const t = await createPipelineTest({ project: '.' });
    const run = await t.run('ReferencePipeline', {
      mocks: {
        activities: { 'Copy Data': { output: { rowsCopied: 10 } } },
        types: { DatabricksNotebook: { error: { errorCode: 'NotebookFailed', message: 'cell 2 failed' } } },
      },
    });
    expect(run.status).toBe('Failed');
    expect(run.activity('Model training & scoring').status).toBe('Skipped');
  });
});
