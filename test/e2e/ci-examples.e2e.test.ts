/**
 * Runs `examples/ci/github-actions.yml` and `examples/ci/azure-pipelines.yml` on a fake CI runner: every job in
 * order in a fresh temp folder holding a checkout (a copy of examples/quickstart), every `run:`/`script:` step
 * with bash and the variables the CI system sets, the secret store given as the CI system gives it, `millrace`
 * on PATH being this repo's built CLI. The deploy target is a real `millrace server` started here (its project
 * outlives every runner); qa's raw Blob store is Azurite. Between qa and prod the test plays the required
 * reviewer: it checks the prod deployment waits, then approves it on the server as another identity.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startAzurite } from '../../src/connectors/azure-blob/azurite.js';
import type { Azurite } from '../../src/connectors/azure-blob/azurite.js';
import { azurePipelines } from './fake-ci/azure-pipelines.js';
import type { CiDialect, CiJob, StepResult } from './fake-ci/fake-runner.js';
import { checkoutCopy, runPipeline } from './fake-ci/fake-runner.js';
import { stepExpectations } from './fake-ci/example-steps.js';
import { githubActions } from './fake-ci/github-actions.js';
import type { MillraceServer } from './fake-ci/millrace-server.js';
import { startMillraceServer, writeMillraceShim } from './fake-ci/millrace-server.js';

const repo = resolve(import.meta.dirname, '..', '..');
const cli = join(repo, 'dist', 'cli', 'main.js');
const quickstart = join(repo, 'examples', 'quickstart');
const version = (JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const work = mkdtempSync(join(tmpdir(), 'millrace-ci-examples-'));
const bin = join(work, 'bin');
const SHA = '3f2c1e0d9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e';
const REVIEWER = 'release-manager';

/**
 * Shell steps that install tooling, not run: the only ones. `millrace` on the runner's PATH is the shim to
 * this repo's `dist/cli/main.js`, standing in for what this installs.
 */
const NO_OPS = new Map([
  [`npm install --global millrace@${version}`, "the millrace shim on PATH is this repo's built CLI"],
]);

interface History {
  deployments: { version: string; actor: string; approvedBy?: string }[];
  pending: { id: string; requestedBy: string; approvedBy?: string }[];
}

const EXPECT = stepExpectations({ sha: SHA, project: quickstart });

let azurite: Azurite;

beforeAll(async () => {
  writeMillraceShim(bin, cli);
  azurite = await startAzurite();
  const raw = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('raw');
  await raw.createIfNotExists();
  await raw.getBlockBlobClient('houses_b.csv').uploadFile(join(quickstart, 'data', 'raw', 'houses_b.csv'));
}, 60_000);

afterAll(async () => {
  await azurite?.stop();
  rmSync(work, { recursive: true, force: true });
});

interface Example {
  readonly file: string;
  readonly dialect: (server: MillraceServer, ciToken: string) => CiDialect;
}

const EXAMPLES: readonly Example[] = [
  {
    file: 'examples/ci/github-actions.yml',
    dialect: (server, ciToken) =>
      githubActions({
        sha: SHA,
        runId: '7310042',
        ref: 'refs/heads/main',
        vars: { MILLRACE_URL: server.url },
        secrets: { MILLRACE_TOKEN: ciToken, QA_RAW_STORAGE_CONNECTION: azurite.connectionString },
        nodeVersions: ['22'],
      }),
  },
  {
    file: 'examples/ci/azure-pipelines.yml',
    dialect: (server, ciToken) =>
      azurePipelines({
        sourceVersion: SHA,
        buildId: '4521',
        sourceBranch: 'refs/heads/main',
        groups: {
          millrace: {
            MILLRACE_URL: { value: server.url },
            MILLRACE_TOKEN: { value: ciToken, secret: true },
            QA_RAW_STORAGE_CONNECTION: { value: azurite.connectionString, secret: true },
          },
        },
        nodeVersions: ['22.x'],
      }),
  },
];

for (const example of EXAMPLES) {
  describe(example.file, () => {
    const serverProject = join(work, `server-${example.file.replace(/\W/g, '-')}`);
    let server: MillraceServer;
    let ciToken = '';
    let reviewerToken = '';
    const history = async (env: string): Promise<History> => {
      const r = await server.api(`/api/deployments?env=${env}`, ciToken);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body as History;
    };

    beforeAll(async () => {
      // The server's machine: a copy of the project (its millrace.json declares qa and a protected prod).
      checkoutCopy(quickstart, serverProject);
      server = await startMillraceServer(cli, serverProject);
      ciToken = server.token('ci', 'deployer');
      reviewerToken = server.token(REVIEWER, 'deployer');
    }, 60_000);
    afterAll(async () => server?.stop());

    it('runs every step in order: build, qa deploy and integration run, approval, prod deploy', async () => {
      const doc = parse(readFileSync(join(repo, example.file), 'utf8')) as unknown;
      const gated: string[] = [];
      let requestOutput = '';
      /** The required reviewer of `production`; `qa` has no protection rules. */
      const gate = async (job: CiJob, runEarly: () => Promise<StepResult[]>): Promise<void> => {
        if (job.environment === 'qa') return;
        expect(job.environment).toBe('production');
        gated.push(job.id);
        const before = await history('prod');
        expect(before.deployments).toEqual([]);
        expect(before.pending).toMatchObject([{ requestedBy: 'ci' }]);
        expect(before.pending[0]?.approvedBy).toBeUndefined();
        // Had the CI system let the job through, the server would still hold the deploy: exit 1, nothing applied.
        const early = await runEarly();
        const deploy = early.find((r) => r.label === 'Deploy (prod)');
        expect(deploy?.exit, deploy?.output).toBe(1);
        expect(deploy?.output).toContain('needs an approval by someone other than ci');
        expect((await history('prod')).deployments).toEqual([]);
        // The requester cannot approve its own request.
        const id = before.pending[0]?.id ?? '?';
        const self = await server.api(`/api/deployments/${id}/approve?env=prod`, ciToken, 'POST');
        expect(self.status).toBe(403);
        expect(JSON.stringify(self.body)).toContain('deploy/self-approval');
        // The reviewer runs the command the request step printed, with their own token (another identity).
        const command = /millrace deploy approve \S+ --target \S+ --env prod/.exec(requestOutput)?.[0];
        expect(command).toBe(`millrace deploy approve ${id} --target ${server.url} --env prod`);
        const approve = spawnSync('bash', ['-c', command ?? 'false'], {
          env: { PATH: `${bin}:/usr/bin:/bin`, HOME: work, NO_COLOR: '1', MILLRACE_TOKEN: reviewerToken },
          encoding: 'utf8',
        });
        expect(approve.status, approve.stderr).toBe(0);
        expect(approve.stdout).toContain(`approved deployment ${id}`);
        const pending = await server.api(`/api/deployments/${id}?env=prod`, ciToken);
        expect(pending.body).toMatchObject({ pending: { id, requestedBy: 'ci', approvedBy: REVIEWER } });
      };
      const results = await runPipeline({
        dialect: example.dialect(server, ciToken),
        doc,
        project: quickstart,
        binDir: bin,
        noOps: NO_OPS,
        gate,
        afterStep: (r) => {
          if (r.label === 'Request the prod deployment') requestOutput = r.output;
          const check = EXPECT[r.label];
          expect(check, `no expectation for step "${r.label}" of ${r.job}`).toBeDefined();
          check?.(r);
          for (const secret of [ciToken, azurite.connectionString])
            expect(r.output.includes(secret), `${r.label} printed a secret`).toBe(false);
        },
      });

      expect(gated).toEqual([results.find((r) => r.label === 'Deploy (prod)')?.job]);
      const labels = results.map((r) => r.label);
      for (const step of ['Integration test (qa)', 'Request the prod deployment', 'Deploy (prod)'])
        expect(labels).toContain(step);
      expect(labels.indexOf('Deploy (qa)')).toBeLessThan(labels.indexOf('Integration test (qa)'));
      expect(results.filter((r) => r.noOp !== undefined).map((r) => r.command.trim())).toEqual(
        Array(3).fill([...NO_OPS.keys()][0]),
      );

      // Both deployments are recorded on the server, from this commit, and live in its project folder.
      expect((await history('qa')).deployments).toMatchObject([{ version: SHA, actor: 'ci' }]);
      const prod = await history('prod');
      expect(prod.deployments).toMatchObject([{ version: SHA, actor: 'ci', approvedBy: REVIEWER }]);
      expect(prod.pending).toEqual([]);
      for (const env of ['qa', 'prod'])
        expect(
          existsSync(
            join(
              serverProject,
              '.millrace',
              'envs',
              env,
              'current',
              'factory',
              'pipeline',
              'ReferencePipeline.json',
            ),
          ),
        ).toBe(true);
    }, 600_000);
  });
}
