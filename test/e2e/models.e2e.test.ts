import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlSigningKeyOf, writeModelsProject } from '../../src/app/testing/ml-fixture.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const cli = join(repo, 'dist', 'cli', 'main.js');
const project = mkdtempSync(join(tmpdir(), 'millrace-models-e2e-'));

/** Runs the CLI as `actor`, who signs with their registered key (protected prod needs a proven identity). */
function millrace(args: string[], actor: 'alice' | 'bob' | 'carol' | 'dave' = 'alice') {
  const r = spawnSync(process.execPath, [cli, ...args, '--project', project], {
    encoding: 'utf8',
    env: {
      ...process.env,
      NO_COLOR: '1',
      MILLRACE_ACTOR: actor,
      MILLRACE_SIGNING_KEY: mlSigningKeyOf(project, actor),
    },
  });
  return {
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout) as Record<string, unknown>,
  };
}

beforeAll(() => writeModelsProject(project));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('millrace models / ml-runs / experiments', () => {
  it('promotes to a protected environment only with another identity, shows history, rolls back', () => {
    const asked = millrace(['models', 'promote', 'price', '--version', '1', '--to', 'prod', '--json']);
    expect(asked.code).toBe(0);
    const id = asked.json()['id'] as string;
    expect(asked.json()['status']).toBe('pending');

    const self = millrace(['models', 'approve', id, '--env', 'prod', '--json']);
    expect(self.code).toBe(2);
    expect(self.json()).toMatchObject({ error: { code: 'ml/self-approval' } });

    const approved = millrace(['models', 'approve', id, '--env', 'prod'], 'bob');
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('champion → v1 (approved by bob)');

    const id2 = millrace(['models', 'promote', 'price', '--version', '2', '--to', 'prod', '--json']).json()[
      'id'
    ] as string;
    expect(millrace(['models', 'approve', id2, '--env', 'prod'], 'carol').code).toBe(0);
    const history = millrace(['models', 'history', 'price', '--env', 'prod']);
    expect(history.stdout).toMatch(
      /champion → v1 {2}by bob {2}from default v1, requested by alice, pipeline run pipeline-r1/,
    );
    expect(history.stdout).toMatch(/champion → v2 {2}by carol/);

    expect(millrace(['models', 'rollback', 'price', '--env', 'prod']).stdout).toContain('from v2 to v1');
    const listed = millrace(['models', 'list', '--env', 'prod', '--json']).json() as unknown as {
      aliases: unknown[];
    }[];
    expect(listed[0]?.aliases).toEqual([{ alias: 'champion', version: '1' }]);
    expect(
      millrace(['models', 'versions', 'price', '--env', 'prod']).stdout.split('\n').filter(Boolean),
    ).toHaveLength(2);
  });

  it('lists experiments and ML runs, and refuses an unknown model with exit 2', () => {
    expect(millrace(['experiments', 'list']).stdout).toContain('Default');
    const runs = millrace([
      'ml-runs',
      'list',
      '--filter',
      "tags.`millrace.pipelineRunId` = 'pipeline-r2'",
      '--json',
    ]);
    expect((runs.json() as unknown as { info: { run_id: string } }[]).map((r) => r.info.run_id)).toEqual([
      'r2',
    ]);
    const compare = millrace(['ml-runs', 'compare', 'r1', 'r2', '--json']).json();
    expect(compare['runs']).toHaveLength(2);
    const missing = millrace(['models', 'show', 'nope', '--json']);
    expect(missing.code).toBe(2);
    expect(missing.json()).toMatchObject({ error: { code: 'ml/unknown-model' } });
  });
});
