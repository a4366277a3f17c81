import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from './resolved-config.js';

const dir = mkdtempSync(join(tmpdir(), 'millrace-db-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, file?: object): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'factory', 'pipeline'), { recursive: true });
  writeFileSync(join(root, 'millrace.json'), JSON.stringify(file ?? {}));
  return root;
}

describe('the state database of a resolved config', () => {
  it('is the embedded SQLite file unless a PostgreSQL URL is chosen', async () => {
    const config = await resolveConfig({ projectDir: project('plain'), env: {} });
    expect(config.database).toEqual({ kind: 'sqlite', path: config.stateDb });
  });

  it('takes --db over MILLRACE_DB over millrace.json database', async () => {
    const root = project('chosen', { database: 'postgres://file@h/db' });
    const fromFile = await resolveConfig({ projectDir: root, env: {} });
    expect(fromFile.database).toEqual({ kind: 'postgres', url: 'postgres://file@h/db' });
    const fromEnv = await resolveConfig({ projectDir: root, env: { MILLRACE_DB: 'postgres://env@h/db' } });
    expect(fromEnv.database).toEqual({ kind: 'postgres', url: 'postgres://env@h/db' });
    const fromFlag = await resolveConfig({
      projectDir: root,
      env: { MILLRACE_DB: 'postgres://env@h/db' },
      db: 'postgresql://flag@h/db',
    });
    expect(fromFlag.database).toEqual({ kind: 'postgres', url: 'postgresql://flag@h/db' });
  });

  it('rejects a URL that is not postgres:// without repeating it', async () => {
    const err = await resolveConfig({
      projectDir: project('bad'),
      env: {},
      db: 'mysql://u:hunter2@h/db',
    }).then(
      () => ({ code: '', message: '' }),
      (e: unknown) => e as { code: string; message: string },
    );
    expect(err).toMatchObject({ code: 'config/invalid-database' });
    expect(err.message).not.toContain('hunter2');
  });

  it('names the field of a millrace.json database that is not a URL', async () => {
    await expect(
      resolveConfig({ projectDir: project('badfile', { database: 'state.db' }), env: {} }),
    ).rejects.toMatchObject({
      code: 'config/invalid-project-file',
      message: expect.stringContaining('database') as unknown,
    });
  });
});

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
