import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UiHarness } from './ui-harness.js';
import { axeViolations, shots, startUi } from './ui-harness.js';

/**
 * Two actions of the web UI end to end, against the built CLI's `millrace server` and Chromium: rerun of one
 * failed ForEach iteration from the run page, and an alias rollback on the models page (deployer, confirmed).
 * PL_Iter: a ForEach over 0..2 whose iteration fails (an If's Fail) when its item is in the Array `bad`.
 */
function writeProject(project: string): void {
  mkdirSync(join(project, 'factory', 'pipeline'), { recursive: true });
  writeFileSync(join(project, 'millrace.json'), JSON.stringify({ factory: 'factory' }));
  const expression = (value: string) => ({ value, type: 'Expression' });
  const stop = { name: 'Stop', type: 'Fail', typeProperties: { message: 'bad item', errorCode: 'E2' } };
  const check = {
    name: 'Check',
    type: 'IfCondition',
    typeProperties: {
      expression: expression('@contains(pipeline().parameters.bad, item())'),
      ifTrueActivities: [stop],
    },
  };
  const loop = {
    name: 'Loop',
    type: 'ForEach',
    typeProperties: { items: expression('@range(0,3)'), activities: [check] },
  };
  writeFileSync(
    join(project, 'factory', 'pipeline', 'PL_Iter.json'),
    JSON.stringify({
      name: 'PL_Iter',
      properties: { parameters: { bad: { type: 'Array', defaultValue: [1, 2] } }, activities: [loop] },
    }),
  );
}

let ui: UiHarness;
beforeAll(async () => {
  ui = await startUi(writeProject, [
    ['olivia', 'operator'],
    ['rita', 'reader'],
    ['alice', 'deployer'],
  ]);
}, 60_000);
afterAll(async () => ui?.close());

interface Doc {
  status: string;
  invokedBy: { rerunOf?: string };
  activityRuns: { activityName: string; iteration?: string; status: string }[];
}

describe('web UI: rerun one failed ForEach iteration, roll an alias back', () => {
  it('reruns one failed iteration from the run page; the other failed one keeps its failure', async () => {
    const { runId } = await ui.api<{ runId: string }>(
      'olivia',
      'POST',
      '/api/pipelines/PL_Iter/runs',
      {},
      202,
    );
    const page = await ui.pageAs('olivia', `/runs/${runId}`);
    const status = page.getByTestId('run-status');
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Failed');
    expect(await page.getByRole('button', { name: /Rerun this iteration/ }).count()).toBe(0);
    // Selecting an activity run of a failed iteration offers the rerun of that iteration.
    await page.getByRole('button', { name: 'Check Loop[1]', exact: true }).click();
    await page.getByRole('button', { name: 'Rerun this iteration (Loop[1])…' }).click();
    await page.getByLabel(/^bad/).fill('[2]');
    await page.screenshot({ path: join(shots, 'run-rerun-iteration.png'), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Start rerun of Loop[1]' }).click();
    await page.waitForURL((u) => /\/runs\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(runId));
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe('Failed');
    const doc = await ui.api<Doc>('olivia', 'GET', `/api/runs/${page.url().split('/').pop() ?? ''}`);
    expect(doc.invokedBy.rerunOf).toBe(runId);
    const checks = doc.activityRuns
      .filter((a) => a.activityName === 'Check')
      .map((a) => `${a.iteration}:${a.status}`);
    expect(checks.sort()).toEqual(['Loop[0]:Succeeded', 'Loop[1]:Succeeded', 'Loop[2]:Failed']);
    // What the rerun kept from the first run is shown as reused, naming the earlier activity run.
    await page.getByRole('button', { name: 'Check Loop[0]', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('reused-from').textContent())
      .toMatch(/^Kept from the earlier run \(activity run [0-9a-f-]{36}\): nothing ran again\.$/);
    await page.getByRole('button', { name: 'Check Loop[1]', exact: true }).click();
    // Once the detail shows Loop[1] (it ran again), nothing says it was kept.
    await expect.poll(() => page.locator('#activity-title').textContent()).toContain('Loop[1]');
    expect(await page.getByTestId('reused-from').count()).toBe(0);
    await page.context().close();

    const reader = await ui.pageAs('rita', `/runs/${runId}`);
    await reader.getByRole('button', { name: 'Check Loop[1]', exact: true }).click();
    expect(await reader.getByRole('button', { name: /Rerun/ }).count()).toBe(0);
    await reader.context().close();
  });

  it('rolls an alias back after a confirm step, as a deployer; an operator is not offered it', async () => {
    const ml = (path: string, body: unknown) => ui.api('alice', 'POST', `/api/2.0/mlflow/${path}`, body);
    await ml('registered-models/create', { name: 'churn-model' });
    for (const v of ['1', '2']) {
      await ml('model-versions/create', { name: 'churn-model', source: `file:///models/churn/${v}` });
      await ml('registered-models/alias', { name: 'churn-model', alias: 'champion', version: v });
    }
    const operator = await ui.pageAs('olivia', '/models?model=churn-model');
    const list = operator.getByRole('list', { name: 'Aliases of churn-model' });
    await expect.poll(() => list.textContent()).toContain('champion → v2');
    expect(await operator.getByRole('button', { name: /Roll back/ }).count()).toBe(0);
    await operator.context().close();

    const p = await ui.pageAs('alice', '/models?model=churn-model');
    const aliases = p.getByRole('list', { name: 'Aliases of churn-model' });
    await expect.poll(() => aliases.textContent()).toContain('champion → v2');
    await p.getByRole('button', { name: 'Roll back champion…' }).click();
    expect(await p.getByRole('group', { name: 'Confirm the rollback of champion' }).textContent()).toContain(
      'from v2 back to the version it pointed to before',
    );
    await p.screenshot({ path: join(shots, 'models-rollback-confirm.png'), fullPage: true });
    expect(await axeViolations(p)).toEqual([]);
    await p.getByRole('button', { name: 'Confirm rollback of champion' }).click();
    await expect
      .poll(() => p.getByRole('status').first().textContent())
      .toBe('champion of churn-model moved back from v2 to v1');
    await expect.poll(() => aliases.textContent()).toContain('champion → v1');
    // The models list above shows the moved alias too.
    await expect.poll(() => p.getByRole('table').first().textContent()).toContain('champion → v1');
    await p.context().close();
  });
});
