import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './resolved-config.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-execution-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, file?: object): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'factory', 'pipeline'), { recursive: true });
  writeFileSync(join(root, 'millrace.json'), JSON.stringify(file ?? {}));
  return root;
}

describe('where execution activities run (resolved config)', () => {
  it('is local unless told; --execution over MILLRACE_EXECUTION over millrace.json execution', async () => {
    expect((await resolveConfig({ projectDir: project('plain'), env: {} })).execution).toBe('local');
    const root = project('chosen', { execution: 'workers' });
    expect((await resolveConfig({ projectDir: root, env: {} })).execution).toBe('workers');
    expect((await resolveConfig({ projectDir: root, env: { MILLRACE_EXECUTION: 'local' } })).execution).toBe(
      'local',
    );
    const flag = await resolveConfig({
      projectDir: root,
      env: { MILLRACE_EXECUTION: 'local' },
      execution: 'workers',
    });
    expect(flag.execution).toBe('workers');
  });

  it('resolves `workers` on the embedded store too: only what runs activities needs PostgreSQL', async () => {
    // validate, build and describe work with a project file that servers read with MILLRACE_DB set.
    const config = await resolveConfig({ projectDir: project('no-db', { execution: 'workers' }), env: {} });
    expect(config).toMatchObject({ execution: 'workers', database: { kind: 'sqlite' } });
  });

  it('names the choices of an unknown mode, and a bad millrace.json value names its field', async () => {
    await expect(
      resolveConfig({ projectDir: project('typo'), env: { MILLRACE_EXECUTION: 'remote' } }),
    ).rejects.toMatchObject({
      code: 'config/invalid-execution',
      message: expect.stringContaining('"local" or "workers"') as unknown,
    });
    await expect(
      resolveConfig({ projectDir: project('badfile', { execution: 'cluster' }), env: {} }),
    ).rejects.toMatchObject({ message: expect.stringContaining('execution') as unknown });
  });
});
