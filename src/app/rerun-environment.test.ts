import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isMillraceError } from '../errors/index.js';
import { createMillrace } from './run-service.js';

// A run records the environment it ran in; a rerun runs in that environment and never silently in another
// one (its parameters, secrets and stores would differ).
const dir = mkdtempSync(path.join(tmpdir(), 'millrace-rerun-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(path.join(dir, 'factory', 'pipeline'), { recursive: true });
mkdirSync(path.join(dir, 'environments'));
writeFileSync(
  path.join(dir, 'millrace.json'),
  JSON.stringify({
    factory: 'factory',
    environments: {
      dev: { parameters: 'environments/dev.json' },
      qa: { parameters: 'environments/qa.json' },
    },
  }),
);
for (const env of ['dev', 'qa'])
  writeFileSync(
    path.join(dir, 'environments', `${env}.json`),
    JSON.stringify({ pipelines: { Echo: { parameters: { where: env } } } }),
  );
writeFileSync(
  path.join(dir, 'factory', 'pipeline', 'Echo.json'),
  JSON.stringify({
    name: 'Echo',
    properties: {
      parameters: { where: { type: 'String', defaultValue: 'project' } },
      variables: { seen: { type: 'String' } },
      activities: [
        {
          name: 'Keep',
          type: 'SetVariable',
          typeProperties: { variableName: 'seen', value: '@pipeline().parameters.where' },
        },
      ],
    },
  }),
);

describe('the environment of a run', () => {
  it('is recorded, listed and kept by a rerun; another environment is refused', async () => {
    const qa = await createMillrace({ projectDir: dir, environment: 'qa' });
    let runId: string;
    try {
      const doc = await qa.runPipeline('Echo');
      runId = doc.runId;
      expect(doc.environment).toBe('qa');
      expect(doc.variables['seen']).toBe('qa');
      const listed = await qa.listRuns({ limit: 10 });
      expect(listed.runs.find((r) => r.runId === runId)?.environment).toBe('qa');
      const again = await qa.rerun(runId);
      expect(again.environment).toBe('qa');
      expect(again.variables['seen']).toBe('qa');
    } finally {
      await qa.close();
    }
    for (const environment of ['dev', undefined]) {
      const other = await createMillrace({
        projectDir: dir,
        ...(environment === undefined ? {} : { environment }),
      });
      try {
        const err = await other.rerun(runId).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isMillraceError(err) && err.code).toBe('run/environment-mismatch');
        expect((err as Error).message).toContain('in environment "qa"');
      } finally {
        await other.close();
      }
    }
  });

  it('is absent for a run with the project settings, whose rerun needs no environment', async () => {
    const plain = await createMillrace({ projectDir: dir });
    try {
      const doc = await plain.runPipeline('Echo');
      expect(doc.environment).toBeUndefined();
      expect(doc.variables['seen']).toBe('project');
      expect((await plain.rerun(doc.runId)).variables['seen']).toBe('project');
    } finally {
      await plain.close();
    }
  });
});
