import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMasterKey } from './master-key.js';

const dirs = () => ({
  home: mkdtempSync(join(tmpdir(), 'millrace-home-')),
  project: mkdtempSync(join(tmpdir(), 'millrace-proj-')),
});

describe('loadMasterKey', () => {
  it('takes MILLRACE_MASTER_KEY (base64, 32 bytes)', async () => {
    const key = Buffer.alloc(32, 3);
    const got = await loadMasterKey({
      env: { MILLRACE_MASTER_KEY: key.toString('base64') },
      projectRoot: '/x',
    });
    expect(Buffer.from(got)).toEqual(key);
    await expect(
      loadMasterKey({ env: { MILLRACE_MASTER_KEY: 'c2hvcnQ=' }, projectRoot: '/x' }),
    ).rejects.toMatchObject({
      code: 'config/bad-master-key',
    });
  });

  it('creates the key file with mode 0600 on first use, then reuses it', async () => {
    const { home, project } = dirs();
    const file = join(home, '.config', 'millrace', 'master.key');
    const env = { MILLRACE_MASTER_KEY_FILE: file };
    const first = await loadMasterKey({ env, projectRoot: project });
    expect(first).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(Buffer.from(await loadMasterKey({ env, projectRoot: project }))).toEqual(Buffer.from(first));
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')).toEqual(Buffer.from(first));
  });

  it('refuses a key file readable by group or others', async () => {
    const { home, project } = dirs();
    const file = join(home, 'master.key');
    writeFileSync(file, Buffer.alloc(32, 1).toString('base64'));
    chmodSync(file, 0o644);
    await expect(
      loadMasterKey({ env: { MILLRACE_MASTER_KEY_FILE: file }, projectRoot: project }),
    ).rejects.toMatchObject({
      code: 'config/key-file-permissions',
    });
  });

  it('refuses a key file inside the project', async () => {
    const { project } = dirs();
    await expect(
      loadMasterKey({ env: { MILLRACE_MASTER_KEY_FILE: join(project, 'master.key') }, projectRoot: project }),
    ).rejects.toMatchObject({ code: 'config/key-file-in-project' });
  });
});
