import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MlflowHarness } from './mlflow-harness.js';
import { startMlflowHarness } from './mlflow-harness.js';

let h: MlflowHarness;
beforeAll(async () => {
  h = await startMlflowHarness();
});
afterAll(async () => h.close());

describe('MLflow API driven by the real mlflow client', () => {
  it('tracks runs, params, metrics, tags, searches, history and artifacts', async () => {
    const out = await h.python('tracking_roundtrip.py');
    expect(out).toMatchObject({
      experiment: 'exp-a',
      filtered: ['first'],
      like: ['first'],
      status: ['first', 'second'],
      ordered_desc: ['second', 'first'],
      pandas_rows: 2,
      params: { alpha: '0.5', l1_ratio: '0.1' },
      metrics: { rmse: 0.7, mae: 0.2 },
      tags: { team: 'ml-ops', stage: 'batch', 'mlflow.runName': 'first' },
      status_first: 'FINISHED',
      history: [
        [0, 0.9],
        [1, 0.7],
      ],
      artifacts: ['notes', 'notes/hello.txt'],
      downloaded: 'hello artifacts',
    });
    const pages = out['pages'] as unknown[];
    expect(pages[0]).toEqual(['first']);
    expect(pages[1]).toEqual(['second']);
    expect(pages[2]).toBeNull();
    const errors = out['errors'] as Record<string, [string, number, string]>;
    expect(errors['unknown_run']?.slice(0, 2)).toEqual(['RESOURCE_DOES_NOT_EXIST', 404]);
    expect(errors['unknown_experiment']?.slice(0, 2)).toEqual(['RESOURCE_DOES_NOT_EXIST', 404]);
    expect(errors['param_changed']?.slice(0, 2)).toEqual(['INVALID_PARAMETER_VALUE', 400]);
    expect(errors['param_changed']?.[2]).toContain("key='alpha'");
    expect(errors['bad_filter']?.[0]).toBe('INVALID_PARAMETER_VALUE');
    expect(errors['duplicate_experiment']?.[0]).toBe('RESOURCE_ALREADY_EXISTS');
  }, 120_000);

  it('logs a scikit-learn model, registers it, and loads it back by alias, run and stage', async () => {
    const out = await h.python('model_roundtrip.py');
    expect(out).toMatchObject({
      registered_version: '1',
      alias_prediction: [21],
      runs_uri_prediction: [1],
      by_alias: '1',
      stage_prediction: [3],
      latest: ['Staging'],
      version_run_id_matches: true,
      registered: ['demo'],
      missing_alias: 'RESOURCE_DOES_NOT_EXIST',
    });
  }, 240_000);
});
