import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMillrace } from './run-service.js';

// A dataset whose file name is a `@dataset()` parameter, used by Lookup and Copy with parameter values that
// start with ADF's `@@` escape: "@@in.csv" is the literal file name "@in.csv", evaluated once by the engine.
const dir = mkdtempSync(join(tmpdir(), 'millrace-data-access-'));
const write = (rel: string, value: unknown): void => {
  const path = join(dir, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
};
const ref = (file: unknown) => ({ referenceName: 'DS_File', type: 'DatasetReference', parameters: { file } });
write('linkedService/LS_Files.json', {
  name: 'LS_Files',
  properties: { type: 'FileServer', typeProperties: { host: 'data' } },
});
write('dataset/DS_File.json', {
  name: 'DS_File',
  properties: {
    type: 'DelimitedText',
    linkedServiceName: { referenceName: 'LS_Files', type: 'LinkedServiceReference' },
    parameters: { file: { type: 'String' } },
    typeProperties: {
      location: { type: 'FileServerLocation', fileName: { value: '@dataset().file', type: 'Expression' } },
      columnDelimiter: ',',
      firstRowAsHeader: true,
    },
  },
});
write('pipeline/PL_Escaped.json', {
  name: 'PL_Escaped',
  properties: {
    activities: [
      {
        name: 'Look',
        type: 'Lookup',
        dependsOn: [],
        typeProperties: { source: { type: 'DelimitedTextSource' }, dataset: ref('@@in.csv') },
      },
      {
        name: 'Copy',
        type: 'Copy',
        dependsOn: [{ activity: 'Look', dependencyConditions: ['Succeeded'] }],
        inputs: [ref('@@in.csv')],
        outputs: [ref('@@out.csv')],
        typeProperties: { source: { type: 'DelimitedTextSource' }, sink: { type: 'DelimitedTextSink' } },
      },
    ],
  },
});
write('data/@in.csv', 'id,name\n1,ann\n2,bob\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('dataset parameters reach data access as values', () => {
  it('reads and writes the files "@in.csv" and "@out.csv" named by @@-escaped parameters', async () => {
    const millrace = await createMillrace({ projectDir: dir });
    try {
      const doc = await millrace.runPipeline('PL_Escaped');
      expect(doc.activityRuns.map((a) => [a.activityName, a.status, a.error?.errorCode])).toEqual([
        ['Look', 'Succeeded', undefined],
        ['Copy', 'Succeeded', undefined],
      ]);
      expect(doc.activityRuns[0]?.output).toMatchObject({ firstRow: { id: '1', name: 'ann' } });
      expect(doc.activityRuns[1]?.output).toMatchObject({ rowsCopied: 2, filesWritten: 1 });
      expect(readFileSync(join(dir, 'data/@out.csv'), 'utf8').trim().split(/\r?\n/)).toEqual([
        'id,name',
        '1,ann',
        '2,bob',
      ]);
    } finally {
      await millrace.close();
    }
  });
});
