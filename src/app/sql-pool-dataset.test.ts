import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMillrace } from './run-service.js';

// A Synapse SqlPoolTable dataset names its pool with `sqlPool` instead of `linkedServiceName`
// (https://learn.microsoft.com/rest/api/synapse/artifacts/dataset/create-or-update-dataset). It loads; running
// an activity on it fails like any linked-service type without a connector.
const fixture = resolve(import.meta.dirname, '../../test/fixtures/pipelines/valid/synapse-sql-pool-dataset');
const dir = mkdtempSync(join(tmpdir(), 'millrace-sqlpool-'));
cpSync(fixture, dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Synapse SQL pool datasets at run time', () => {
  it('fail the activity with connector/unknown-type naming the dataset and the pool', async () => {
    const millrace = await createMillrace({ projectDir: dir });
    try {
      const doc = await millrace.runPipeline('read_pool');
      expect(doc.status).toBe('Failed');
      const lookup = doc.activityRuns.find((a) => a.activityName === 'LookupSales');
      expect(lookup?.error?.errorCode).toBe('connector/unknown-type');
      expect(lookup?.error?.message).toContain('dataset pool_sales reads Synapse SQL pool "salespool"');
      expect(lookup?.error?.message).toContain('FileServer');
    } finally {
      await millrace.close();
    }
  });
});
