import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, shots, signInWith, startUi } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

/**
 * The experiments and models pages end to end (Debian's Chromium through `ui-harness.ts`): runs logged through
 * the server's MLflow API, a model registered, a promotion to the protected prod approved by a second deployer.
 */
let ui: UiHarness;
let url = '';
let page: Page;
let tokens: Readonly<Record<string, string>> = {};
const browser = () => ui.browser;

beforeAll(async () => {
  ui = await startUi(
    (project) => {
      mkdirSync(join(project, 'factory', 'pipeline'), { recursive: true });
      writeFileSync(
        join(project, 'millrace.json'),
        JSON.stringify({ factory: 'factory', environments: { qa: {}, prod: { protected: true } } }),
      );
      writeFileSync(
        join(project, 'factory', 'pipeline', 'PL_Idle.json'),
        JSON.stringify({ name: 'PL_Idle', properties: { activities: [] } }),
      );
    },
    [
      ['olivia', 'operator'],
      ['alice', 'deployer'],
      ['bob', 'deployer'],
    ],
  );
  ({ url, tokens } = ui);
  page = await ui.pageAs('olivia', '/');
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

const shot = async (name: string) => {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  expect(await axeViolations(page), name).toEqual([]);
};

describe('experiments and models pages (Playwright, Chromium)', () => {
  it('shows an experiment runs table with params and metrics, a metric chart comparing two runs, and models', async () => {
    const ml = async (path: string, body: unknown) => {
      const res = await fetch(`${url}/api/2.0/mlflow/${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens['olivia']}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as Record<string, unknown>;
      expect(res.status, JSON.stringify(json)).toBe(200);
      return json;
    };
    const { experiment_id } = (await ml('experiments/create', { name: 'churn' })) as {
      experiment_id: string;
    };
    const runIds: string[] = [];
    for (const [name, lr] of [
      ['first', '0.1'],
      ['second', '0.01'],
    ] as const) {
      const { run } = (await ml('runs/create', {
        experiment_id,
        run_name: name,
        start_time: Date.now(),
      })) as {
        run: { info: { run_id: string } };
      };
      const run_id = run.info.run_id;
      runIds.push(run_id);
      await ml('runs/log-parameter', { run_id, key: 'lr', value: lr });
      for (let step = 0; step < 5; step++) {
        await ml('runs/log-metric', {
          run_id,
          key: 'loss',
          value: 1 / (step + 1 + Number(lr)),
          timestamp: Date.now(),
          step,
        });
      }
    }
    await ml('registered-models/create', { name: 'churn-model' });
    await ml('model-versions/create', {
      name: 'churn-model',
      source: `runs:/${runIds[0]}/model`,
      run_id: runIds[0],
    });
    await ml('registered-models/alias', { name: 'churn-model', alias: 'champion', version: '1' });

    await page.getByRole('link', { name: 'Experiments' }).click();
    await page.getByLabel('Experiment', { exact: true }).selectOption({ label: 'churn' });
    const table = page.getByRole('table', { name: 'Runs of the experiment' });
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    expect(await table.textContent()).toContain('0.01');
    await page.getByLabel('Chart first').click();
    await page.getByLabel('Chart second').click();
    const chart = page.getByRole('img', { name: 'loss by step' });
    await expect.poll(() => chart.locator('polyline').count()).toBe(2);
    expect(((await chart.locator('polyline').first().getAttribute('points')) ?? '').split(' ')).toHaveLength(
      5,
    );
    await shot('experiments');

    await page.getByRole('link', { name: 'Models' }).click();
    await page.getByRole('button', { name: 'churn-model' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Versions of churn-model' }).textContent())
      .toContain('champion');
    expect(await page.getByRole('main').textContent()).toContain('champion → v1');
    expect(await page.getByTestId('serving-none').textContent()).toMatch(/^Nothing serves in \w+\.$/);
    expect(await page.getByRole('button', { name: 'Request promotion' }).count()).toBe(0); // operator
    await shot('models');

    // A deployer asks for a promotion into protected prod; another deployer approves it from prod's registry.
    const as = async (who: string, path: string) => {
      const ctx = await browser().newContext({ viewport: { width: 1280, height: 900 } });
      const p = await ctx.newPage();
      p.setDefaultTimeout(8000);
      await p.goto(`${url}${path}`);
      await signInWith(p, tokens[who]!);
      return { ctx, p };
    };
    const requester = await as('alice', '/models?model=churn-model');
    const form = requester.p.getByRole('form', { name: 'Request a promotion of churn-model' });
    await form.getByLabel('Into').selectOption('prod');
    await form.getByRole('button', { name: 'Request promotion' }).click();
    await expect
      .poll(() => requester.p.getByRole('status').first().textContent())
      .toContain("in prod requested: waiting for another deployer's approval");
    await requester.ctx.close();
    const approver = await as('bob', '/models?env=prod');
    const pending = approver.p.getByTestId('pending-promotion');
    await pending.waitFor();
    expect(await pending.textContent()).toContain('churn-model v1 of default → champion in prod');
    await approver.p.getByRole('button', { name: 'Approve churn-model v1' }).click();
    await expect.poll(() => approver.p.getByTestId('pending-promotion').count()).toBe(0);
    // Applied: prod's registry now has the model with the alias set.
    await expect.poll(() => approver.p.getByRole('main').textContent()).toContain('champion → v1');
    await approver.p.screenshot({ path: join(shots, 'models-promotion-approved.png'), fullPage: true });
    expect(await axeViolations(approver.p)).toEqual([]);
    await approver.ctx.close();
  });
});
