/**
 * The fake CI runner itself: it must refuse what it does not implement (so no step of the examples is
 * silently skipped) and treat secrets, expressions and failures as the CI systems do.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { azurePipelines } from './azure-pipelines.js';
import { runPipeline } from './fake-runner.js';
import type { CiDialect } from './fake-runner.js';
import { githubActions } from './github-actions.js';

const work = mkdtempSync(join(tmpdir(), 'fake-runner-test-'));
const project = join(work, 'project');
mkdirSync(project);
writeFileSync(join(project, 'millrace.json'), '{}');
afterAll(() => rmSync(work, { recursive: true, force: true }));

const github = githubActions({
  sha: 'abc123',
  runId: '42',
  ref: 'refs/heads/main',
  secrets: { TOKEN: 's3cret' },
  vars: { URL: 'http://x' },
  nodeVersions: ['22'],
});
const azure = azurePipelines({
  sourceVersion: 'abc123',
  buildId: '7',
  sourceBranch: 'refs/heads/main',
  groups: { g: { URL: { value: 'http://x' }, TOKEN: { value: 's3cret', secret: true } } },
  nodeVersions: ['22.x'],
});
const run = (dialect: CiDialect, doc: unknown) =>
  runPipeline({ dialect, doc, project, binDir: join(work, 'bin') });

describe('fake CI runner', () => {
  it('GitHub: expands secrets, vars and the github context; sets the runner variables; -e stops a script', async () => {
    const results = await run(github, {
      jobs: {
        a: {
          env: { T: '${{ secrets.TOKEN }}' },
          steps: [
            { uses: 'actions/checkout@v4' },
            {
              name: 's',
              run: 'test -f millrace.json; echo "$T ${{ vars.URL }} ${{ github.sha }} $GITHUB_RUN_ID $CI"',
            },
            { name: 'e', run: 'false\necho after' },
            { name: 'skipped', run: 'echo never' },
            { name: 'always', if: 'always()', run: 'echo cleanup' },
          ],
        },
      },
    });
    expect(results.map((r) => [r.label, r.exit])).toEqual([
      ['s', 0],
      ['e', 1],
      ['always', 0],
    ]);
    expect(results[0]?.output).toContain('s3cret http://x abc123 42 true');
    expect(results[1]?.output).not.toContain('after');
  });

  it('GitHub: refuses an action or an expression it does not implement', async () => {
    await expect(run(github, { jobs: { a: { steps: [{ uses: 'actions/cache@v4' }] } } })).rejects.toThrow(
      'does not implement actions/cache@v4',
    );
    await expect(
      run(github, { jobs: { a: { steps: [{ run: 'echo ${{ github.actor }}' }] } } }),
    ).rejects.toThrow('does not know the expression github.actor');
  });

  it('Azure: secret variables only through $(X) in env:, plain ones as env vars; unknown macros stay', async () => {
    const results = await run(azure, {
      variables: [{ group: 'g' }],
      stages: [
        {
          stage: 'S',
          jobs: [
            {
              job: 'j',
              steps: [
                { script: 'echo "[$TOKEN] [$URL] [$BUILD_SOURCEVERSION] [$TF_BUILD]"', displayName: 'plain' },
                { script: 'echo "[$T]" \'$(Nope)\'', displayName: 'mapped', env: { T: '$(TOKEN)' } },
              ],
            },
          ],
        },
      ],
    });
    expect(results[0]?.output).toContain('[] [http://x] [abc123] [True]');
    expect(results[1]?.output).toContain('[s3cret] $(Nope)');
  });

  it('Azure: refuses a task it does not implement, and a deployment job needs its environment gate', async () => {
    const doc = (steps: unknown[]) => ({
      variables: [{ group: 'g' }],
      stages: [
        {
          stage: 'S',
          jobs: [
            { deployment: 'd', environment: 'production', strategy: { runOnce: { deploy: { steps } } } },
          ],
        },
      ],
    });
    await expect(run(azure, doc([{ task: 'AzureCLI@2' }]))).rejects.toThrow('does not implement AzureCLI@2');
    const gated: string[] = [];
    await runPipeline({
      dialect: azure,
      doc: doc([{ script: 'true' }]),
      project,
      binDir: work,
      gate: (job) => Promise.resolve(void gated.push(`${job.id}@${job.environment ?? ''}`)),
    });
    expect(gated).toEqual(['d@production']);
  });
});
