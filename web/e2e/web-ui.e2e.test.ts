import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, cli, shots, signInWith, startUi } from './ui-harness.js';
import type { UiHarness } from './ui-harness.js';

/**
 * The web UI end to end: the built CLI's `millrace server` as a child process over a temp project, driven by
 * Debian's Chromium (`apt-get install chromium`; .ci/run installs it) through `ui-harness.ts`. Screenshots go to
 * test-results/web-ui/.
 */
let project = '';
let factory = '';
let work = '';

/**
 * PL_Try: a Custom command that logs, a 4-iteration ForEach, an If that fails when `fail` is true, and an
 * error handler on the command's failure (skipped, so the If's failure fails the run).
 */
function writeProject(): void {
  mkdirSync(join(factory, 'pipeline'), { recursive: true });
  // prod is protected: a deploy there waits for a second deployer's approval.
  writeFileSync(
    join(project, 'millrace.json'),
    JSON.stringify({ factory: 'factory', environments: { qa: {}, prod: { protected: true } } }),
  );
  const say = `@concat('sh -c "echo hello-', pipeline().parameters.who, '; sleep ', string(pipeline().parameters.seconds), '; echo done"')`;
  const pipeline = {
    name: 'PL_Try',
    properties: {
      parameters: {
        seconds: { type: 'Int', defaultValue: 0 },
        fail: { type: 'Bool', defaultValue: false },
        who: { type: 'String', defaultValue: 'world' },
      },
      activities: [
        {
          name: 'Say',
          type: 'Custom',
          dependsOn: [],
          typeProperties: { command: { value: say, type: 'Expression' } },
        },
        {
          name: 'Loop',
          type: 'ForEach',
          dependsOn: [{ activity: 'Say', dependencyConditions: ['Succeeded'] }],
          typeProperties: {
            items: { value: '@range(0,4)', type: 'Expression' },
            activities: [{ name: 'Tick', type: 'Wait', typeProperties: { waitTimeInSeconds: 0 } }],
          },
        },
        {
          name: 'Check',
          type: 'IfCondition',
          dependsOn: [{ activity: 'Loop', dependencyConditions: ['Succeeded'] }],
          typeProperties: {
            expression: { value: '@pipeline().parameters.fail', type: 'Expression' },
            ifTrueActivities: [
              { name: 'Boom', type: 'Fail', typeProperties: { message: 'asked to fail', errorCode: 'E1' } },
            ],
          },
        },
        {
          name: 'OnError',
          type: 'Wait',
          dependsOn: [{ activity: 'Say', dependencyConditions: ['Failed'] }],
          typeProperties: { waitTimeInSeconds: 0 },
        },
      ],
    },
  };
  writeFileSync(join(factory, 'pipeline', 'PL_Try.json'), JSON.stringify(pipeline));
  // 10-minute windows from an hour ago, stopped: the test backfills two of them.
  mkdirSync(join(factory, 'trigger'));
  writeFileSync(
    join(factory, 'trigger', 'TR_Window.json'),
    JSON.stringify({
      name: 'TR_Window',
      properties: {
        type: 'TumblingWindowTrigger',
        runtimeState: 'Stopped',
        pipeline: { pipelineReference: { referenceName: 'PL_Try', type: 'PipelineReference' } },
        typeProperties: {
          frequency: 'Minute',
          interval: 10,
          startTime: windowStart.toISOString(),
          maxConcurrency: 1,
        },
      },
    }),
  );
}

const windowStart = new Date(Math.floor(Date.now() / 600_000) * 600_000 - 3_600_000);

let ui: UiHarness;
let url = '';
let browser: Browser;
let page: Page;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  ui = await startUi(
    (dir) => {
      project = dir;
      factory = join(dir, 'factory');
      writeProject();
    },
    [
      ['olivia', 'operator'],
      ['rita', 'reader'],
      ['alice', 'deployer'],
      ['bob', 'deployer'],
    ],
  );
  work = join(project, '..');
  ({ url, browser } = ui);
  Object.assign(tokens, ui.tokens);
  const built = spawnSync(
    process.execPath,
    [cli, 'build', '--project', project, '--out', join(work, 'bundle'), '--version', 'v1'],
    { encoding: 'utf8', cwd: work },
  );
  expect(built.status, built.stderr).toBe(0);
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(8000);
}, 60_000);

afterAll(async () => {
  await ui?.close();
});

const shot = async (name: string) => {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  expect(await axeViolations(page), name).toEqual([]);
};

describe('web UI (Playwright, Chromium)', () => {
  let failedRun = '';

  it('serves the UI at / and signs in with a token, back to the deep link asked for', async () => {
    await page.goto(`${url}/pipelines/PL_Try`);
    await expect.poll(() => page.url()).toContain('/sign-in?next=');
    await signInWith(page, 'mr_not-a-token');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Unknown or revoked token.');
    await shot('sign-in');
    await signInWith(page, tokens['olivia']!);
    await page.getByRole('heading', { name: 'PL_Try' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/pipelines/PL_Try');
    expect(await page.getByLabel('Signed in as').textContent()).toBe('olivia · operator');
    expect(await page.evaluate(() => sessionStorage.getItem('millrace.token'))).toBe(tokens['olivia']);
  });

  it('draws the pipeline graph with edges coloured by condition and the ForEach as a group', async () => {
    await page.getByRole('img', { name: 'Activity graph of PL_Try' }).waitFor();
    // 4 activities, Tick inside Loop, Boom inside Check
    expect(await page.locator('[data-activity]').count()).toBe(6);
    expect(await page.locator('path[data-condition="Failed"]').count()).toBe(1);
    expect(await page.locator('[data-activity="Loop"] [data-activity="Tick"]').count()).toBe(1);
    await shot('pipeline-graph');
    await page.getByRole('tab', { name: 'JSON' }).click();
    expect(await page.getByLabel('Pipeline JSON').textContent()).toContain('"ifTrueActivities"');
    expect(await page.getByText('No validation findings.').count()).toBe(1);
    await shot('pipeline-json');
  });

  it('starts a run with parameters from the generated form and watches it fail live', async () => {
    await page.getByRole('tab', { name: 'Run with parameters' }).click();
    await page.getByLabel(/^who/).fill('carol');
    await page.getByLabel(/^seconds/).fill('2');
    await page.getByLabel(/^fail/).selectOption('true');
    await shot('pipeline-run-form');
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    failedRun = page.url().split('/').pop()!;
    const status = page.getByTestId('run-status');
    // Seen running, then Failed without a reload (the page follows /api/events).
    await expect.poll(() => status.textContent(), { timeout: 10_000 }).toMatch(/Queued|InProgress/);
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toBe('Failed');
    expect(navigations).toEqual([]);
    expect(await page.getByText('asked to fail').count()).toBeGreaterThan(0);
  });

  it('opens the Gantt (ForEach iterations grouped) and reads the live log', async () => {
    const canvas = page.getByTestId('gantt-canvas');
    await expect.poll(() => canvas.getAttribute('data-rows')).toBe('4'); // Say, Loop, Check, OnError
    await page.getByRole('button', { name: 'Expand Loop (4 iterations)' }).click();
    await expect.poll(() => canvas.getAttribute('data-rows')).toBe('8');
    const log = page.getByTestId('run-log');
    await expect.poll(() => log.textContent(), { timeout: 10_000 }).toContain('[Say] hello-carol');
    expect(await log.textContent()).toContain('[Say] done');
    // The activity run's evaluated input: the command with the parameter filled in.
    await page.getByRole('button', { name: 'Say', exact: true }).click();
    expect(await page.getByLabel('Input').textContent()).toContain('echo hello-carol');
    await page.getByRole('button', { name: 'Check', exact: true }).click();
    expect(await page.getByLabel('Error').textContent()).toContain('asked to fail');
    expect(new URL(page.url()).searchParams.get('activity')).not.toBeNull();
    await shot('run-detail');
  });

  it('reruns from failed with an edited parameter and the rerun succeeds', async () => {
    await page.getByRole('button', { name: 'Rerun from failed…' }).click();
    await page.getByLabel(/^fail/).selectOption('false');
    await page.getByLabel(/^seconds/).fill('0');
    await page.getByRole('button', { name: 'Start rerun from failed' }).click();
    await page.waitForURL(
      (u) => /\/runs\/[0-9a-f-]{36}$/.test(u.pathname) && !u.pathname.endsWith(failedRun),
    );
    await expect
      .poll(() => page.getByTestId('run-status').textContent(), { timeout: 20_000 })
      .toBe('Succeeded');
    expect(await page.getByRole('link', { name: failedRun.slice(0, 8) }).count()).toBe(1);
    await shot('run-rerun');
  });

  it('lists runs with filters and paging in the URL', async () => {
    await page.getByRole('link', { name: 'Runs' }).first().click();
    const rows = page.getByRole('table', { name: 'Runs' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(3); // header + 2 runs
    await page.getByRole('checkbox', { name: 'Failed' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(new URL(page.url()).searchParams.getAll('status')).toEqual(['Failed']);
    expect(await page.getByText('1–1 of 1').count()).toBe(1);
    await page.getByLabel('Started by').selectOption('Rerun');
    await expect.poll(() => page.getByText('No runs').count()).toBe(1); // Failed and a rerun: none
    await page.getByRole('checkbox', { name: 'Failed' }).click();
    await expect.poll(() => page.getByText('1–1 of 1').count()).toBe(1); // the rerun, which succeeded
    expect(new URL(page.url()).searchParams.get('trigger')).toBe('Rerun');
    await page.getByLabel('Started by').selectOption('');
    await page.getByRole('checkbox', { name: 'Failed' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('status')).toEqual(['Failed']);
    await shot('runs-list');
  });

  it('adds a run started elsewhere to the list live', async () => {
    await page.getByRole('checkbox', { name: 'Failed' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.getAll('status')).toEqual([]);
    const rows = page.getByRole('table', { name: 'Runs' }).getByRole('row');
    await expect.poll(() => rows.count()).toBe(3);
    const res = await fetch(`${url}/api/pipelines/PL_Try/runs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['olivia']}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(202);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(4);
    // That run over (and the list reloaded for it), nothing of this server's changes while the CLI runs.
    const { runId } = (await res.json()) as { runId: string };
    const statusOf = async () =>
      (
        (await (
          await fetch(`${url}/api/runs/${runId}`, {
            headers: { authorization: `Bearer ${tokens['olivia']}` },
          })
        ).json()) as { status: string }
      ).status;
    await expect.poll(statusOf, { timeout: 10_000 }).toBe('Succeeded');
    await new Promise((r) => setTimeout(r, 1_000));
    // A run of another process (the CLI on the same project) reaches the page too, without a reload.
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    const cliRun = spawnSync(
      process.execPath,
      [cli, 'run', 'PL_Try', '--project', project, '-p', 'who=cli'],
      {
        encoding: 'utf8',
        cwd: work,
      },
    );
    expect(cliRun.status, cliRun.stderr).toBe(0);
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(5);
    expect(navigations).toEqual([]);
  });

  it('shows triggers and the theme toggle switches to the other theme', async () => {
    await page.getByRole('link', { name: 'Triggers' }).click();
    await page.getByRole('heading', { name: 'Triggers' }).waitFor();
    await page.getByRole('button', { name: 'Start TR_Window' }).click();
    await page.getByRole('button', { name: 'Stop TR_Window' }).click();
    await page.getByRole('button', { name: 'Start TR_Window' }).waitFor();
    await page.getByRole('button', { name: 'Windows' }).click();
    // datetime-local takes the browser's local time; Chromium here runs in the test's time zone.
    const local = (d: Date) =>
      new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await page.getByLabel('Backfill from').fill(local(windowStart));
    await page.getByLabel('to (excluded)').fill(local(new Date(windowStart.getTime() + 1_200_000)));
    await page.getByRole('button', { name: 'Backfill', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('2 windows queued');
    await expect.poll(() => page.locator('.window-grid li').count()).toBeGreaterThanOrEqual(2);
    await shot('triggers');
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
    const after = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(after).not.toBe(before);
    await page.getByRole('link', { name: 'Pipelines' }).click();
    await page.getByRole('link', { name: 'PL_Try' }).waitFor();
    await shot('pipelines-dark-or-light');
  });

  it('does not offer a reader the run form, rerun or cancel (and the API refuses them too)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const reader = await ctx.newPage();
    await reader.goto(`${url}/runs/${failedRun}`);
    await signInWith(reader, tokens['rita']!);
    await reader.getByTestId('run-status').waitFor();
    expect(await reader.getByLabel('Signed in as').textContent()).toBe('rita · reader');
    expect(await reader.getByRole('button', { name: /Rerun/ }).count()).toBe(0);
    await reader.screenshot({ path: join(shots, 'run-detail-reader.png'), fullPage: true });
    await reader.goto(`${url}/pipelines/PL_Try`);
    await reader.getByRole('tab', { name: 'Graph' }).waitFor();
    expect(await reader.getByRole('tab', { name: 'Run with parameters' }).count()).toBe(0);
    const refused = await fetch(`${url}/api/runs/${failedRun}/rerun`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['rita']}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(refused.status).toBe(403);
    await ctx.close();
  });

  it('approves a pending deploy as a second deployer; a reader is not offered the approve button', async () => {
    const asked = await fetch(`${url}/api/deployments?env=prod`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens['alice']}`, 'content-type': 'application/json' },
      body: readFileSync(join(work, 'bundle', 'bundle.json'), 'utf8'),
    });
    expect(((await asked.json()) as { status: string }).status).toBe('pending-approval');

    const as = async (who: string) => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const p = await ctx.newPage();
      p.setDefaultTimeout(8000);
      await p.goto(`${url}/deployments?env=prod`);
      await signInWith(p, tokens[who]!);
      await p.getByTestId('pending').first().waitFor();
      return { ctx, p };
    };
    const reader = await as('rita');
    expect(await reader.p.getByTestId('pending').textContent()).toContain('requested by alice');
    // What the approval is for: the what-if recorded with the request, resource by resource.
    await reader.p.getByTestId('what-if').locator('summary').click();
    expect(await reader.p.getByTestId('what-if').textContent()).toMatch(/\+ pipeline\/\w+/);
    expect(await reader.p.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    expect(await reader.p.getByRole('button', { name: /Reject|Withdraw/ }).count()).toBe(0);
    await reader.p.screenshot({ path: join(shots, 'deployments-reader.png'), fullPage: true });
    await reader.ctx.close();

    const requester = await as('alice');
    expect(await requester.p.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    expect(await requester.p.getByRole('button', { name: 'Withdraw v1' }).count()).toBe(1);
    expect(await requester.p.getByTestId('pending').textContent()).toContain('waiting for another deployer');
    await requester.ctx.close();

    const approver = await as('bob');
    await approver.p.getByRole('button', { name: 'Approve v1' }).click();
    await expect.poll(() => approver.p.getByTestId('pending').textContent()).toContain('approved by bob');
    await approver.p.screenshot({ path: join(shots, 'deployments.png'), fullPage: true });
    await approver.ctx.close();
    const history = (await (
      await fetch(`${url}/api/deployments?env=prod`, {
        headers: { authorization: `Bearer ${tokens['rita']}` },
      })
    ).json()) as { pending: { approvedBy?: string }[] };
    expect(history.pending[0]?.approvedBy).toBe('bob');

    // Any deployer may still reject it before it is applied: it leaves the pending list with who and why.
    const rejecter = await as('bob');
    await rejecter.p.getByLabel('Reason to reject v1').fill('wrong window');
    await rejecter.p.getByRole('button', { name: 'Reject v1' }).click();
    await expect.poll(() => rejecter.p.getByTestId('pending').count()).toBe(0);
    expect(await rejecter.p.getByTestId('closed').textContent()).toMatch(
      /requested by alice: rejected by bob at .* \(wrong window\)/,
    );
    await rejecter.p.screenshot({ path: join(shots, 'deployments-rejected.png'), fullPage: true });
    expect(await axeViolations(rejecter.p)).toEqual([]);
    await rejecter.ctx.close();
  });
});
