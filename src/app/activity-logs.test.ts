import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ActivityExecutor } from '../contracts/index.js';
import { createMillrace } from './run-service.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-logs-'));
mkdirSync(join(dir, 'pipeline'));
writeFileSync(
  join(dir, 'pipeline', 'Logs.json'),
  JSON.stringify({
    name: 'Logs',
    properties: {
      activities: [
        {
          name: 'Loop',
          type: 'ForEach',
          dependsOn: [],
          typeProperties: {
            items: { value: '@createArray(1, 2)', type: 'Expression' },
            isSequential: true,
            activities: [
              { name: 'Say', type: 'Talker', dependsOn: [], typeProperties: { word: '@string(item())' } },
            ],
          },
        },
        {
          name: 'Secret',
          type: 'Talker',
          dependsOn: [{ activity: 'Loop', dependencyConditions: ['Succeeded'] }],
          policy: { secureOutput: true },
          typeProperties: { word: 'hidden' },
        },
      ],
    },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const talker: ActivityExecutor = {
  type: 'Talker',
  execute(ctx) {
    const word = (ctx.typeProperties() as { word: string }).word;
    ctx.log(`hello ${word}`);
    ctx.log(`bye ${word}`);
    return Promise.resolve({ said: word });
  },
};

describe('activity logs', () => {
  it('keeps every activity run’s lines in order, per iteration, and masks secure activities', async () => {
    const millrace = await createMillrace({ projectDir: dir, executors: [talker] });
    const doc = await millrace.runPipeline('Logs');
    expect(doc.status).toBe('Succeeded');
    const all = await millrace.logs(doc.runId);
    expect(all.map((l) => [l.activityName, l.iteration, l.text])).toEqual([
      ['Say', 'Loop[0]', 'hello 1\nbye 1\n'],
      ['Say', 'Loop[1]', 'hello 2\nbye 2\n'],
      ['Secret', undefined, '********\n********\n'],
    ]);
    expect((await millrace.logs(doc.runId, 'secret')).map((l) => l.activityName)).toEqual(['Secret']);
    await expect(millrace.logs('nope')).rejects.toMatchObject({ code: 'run/unknown-run' });
    await millrace.close();
  });
});
