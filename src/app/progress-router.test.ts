import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunProgress } from './progress-router.js';
import { createMillrace } from './run-service.js';

const ROWS = 5_000;
const dir = mkdtempSync(join(tmpdir(), 'millrace-progress-'));
const write = (rel: string, value: unknown): void => {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
};
const csv = (fileName: string) => ({
  type: 'DelimitedText',
  linkedServiceName: { referenceName: 'LS_Files', type: 'LinkedServiceReference' },
  typeProperties: {
    location: { type: 'FileServerLocation', fileName },
    columnDelimiter: ',',
    firstRowAsHeader: true,
  },
});
write('linkedService/LS_Files.json', {
  name: 'LS_Files',
  properties: { type: 'FileServer', typeProperties: { host: 'data' } },
});
write('dataset/DS_In.json', { name: 'DS_In', properties: csv('in.csv') });
write('dataset/DS_Out.json', { name: 'DS_Out', properties: csv('out.csv') });
write('pipeline/PL_Copy.json', {
  name: 'PL_Copy',
  properties: {
    activities: [
      {
        name: 'Copy Data',
        type: 'Copy',
        dependsOn: [],
        inputs: [{ referenceName: 'DS_In', type: 'DatasetReference' }],
        outputs: [{ referenceName: 'DS_Out', type: 'DatasetReference' }],
        typeProperties: {
          source: { type: 'DelimitedTextSource' },
          sink: { type: 'DelimitedTextSink' },
        },
      },
    ],
  },
});
write(
  'data/in.csv',
  ['id,name,amount', ...Array.from({ length: ROWS }, (_, i) => `${i},name-${i},${i * 1.5}`)].join('\n'),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runPipeline onProgress', () => {
  it("reports a copy's progress up to its final row count", async () => {
    const millrace = await createMillrace({ projectDir: dir });
    try {
      const seen: RunProgress[] = [];
      const started: string[] = [];
      const doc = await millrace.runPipeline('PL_Copy', {
        onProgress: (p) => seen.push(p),
        onEvent: (e) => {
          if (e.kind === 'activity-started') started.push(e.activityRun.activityRunId);
        },
      });
      expect(doc.status).toBe('Succeeded');
      const copy = doc.activityRuns[0];
      expect(copy?.output).toMatchObject({ rowsCopied: ROWS });
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.at(-1)).toMatchObject({
        runId: doc.runId,
        activityRunId: started[0],
        activityName: 'Copy Data',
        rows: ROWS,
        files: 1,
      });
      expect(seen.at(-1)?.bytes).toBeGreaterThan(0);
    } finally {
      await millrace.close();
    }
  });

  it('passes no progress to a run that did not ask for it', async () => {
    const millrace = await createMillrace({ projectDir: dir });
    try {
      const seen: RunProgress[] = [];
      await millrace.runPipeline('PL_Copy', { onProgress: (p) => seen.push(p) });
      const other = await millrace.runPipeline('PL_Copy');
      expect(other.status).toBe('Succeeded');
      expect(new Set(seen.map((p) => p.runId)).size).toBe(1);
    } finally {
      await millrace.close();
    }
  });
});
