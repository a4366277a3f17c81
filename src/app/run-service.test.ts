import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMillrace } from './run-service.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-app-'));
mkdirSync(join(dir, 'pipeline'));
writeFileSync(
  join(dir, 'pipeline', 'Slow.json'),
  JSON.stringify({
    name: 'Slow',
    properties: {
      activities: [{ name: 'W', type: 'Wait', dependsOn: [], typeProperties: { waitTimeInSeconds: 30 } }],
    },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createMillrace', () => {
  it('runs with state in .millrace/state.db and cancels a run from another instance through the store', async () => {
    const owner = await createMillrace({ projectDir: dir, cancelPollMs: 10 });
    const events: string[] = [];
    const running = owner.runPipeline('Slow', { onEvent: (e) => events.push(e.kind) });
    await new Promise((r) => setTimeout(r, 100));
    const other = await createMillrace({ projectDir: dir });
    const { runs } = await other.listRuns({ status: 'InProgress' });
    expect(runs).toHaveLength(1);
    expect(await other.cancelRun(runs[0]?.runId ?? '')).toBe(true);
    const doc = await running;
    expect(doc.status).toBe('Cancelled');
    expect(doc.activityRuns[0]?.status).toBe('Cancelled');
    expect((await other.getRun(doc.runId))?.status).toBe('Cancelled');
    expect(events).toContain('run-finished');
    await other.close();
    await owner.close();
  });
});
