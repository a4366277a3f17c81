import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { secretProviderSuite } from '../../contracts/testing/secret-provider-suite.js';
import { createLocalVaultProvider } from './local-vault-provider.js';

const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'millrace-vault-'));
  return { dir, file: join(dir, 'envs', 'qa', 'secrets.vault') };
};

secretProviderSuite('local vault', () =>
  Promise.resolve({ provider: createLocalVaultProvider({ file: fresh().file, key: randomBytes(32) }) }),
);

describe('local vault', () => {
  it('round-trips through an encrypted file that does not contain the value', async () => {
    const { file } = fresh();
    const key = randomBytes(32);
    await createLocalVaultProvider({ file, key }).set?.('sql-password', 'S3cr3t-Value!');
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('S3cr3t-Value!');
    expect(text).not.toContain('sql-password');
    expect(JSON.parse(text)).toMatchObject({ format: 'millrace-vault/1', algorithm: 'aes-256-gcm' });
    expect(await createLocalVaultProvider({ file, key }).get('sql-password')).toBe('S3cr3t-Value!');
  });

  it('uses a fresh IV on every write', async () => {
    const { file } = fresh();
    const vault = createLocalVaultProvider({ file, key: randomBytes(32) });
    await vault.set?.('a', 'value-1');
    const iv1 = (JSON.parse(readFileSync(file, 'utf8')) as { iv: string }).iv;
    await vault.set?.('a', 'value-1');
    const iv2 = (JSON.parse(readFileSync(file, 'utf8')) as { iv: string }).iv;
    expect(Buffer.from(iv1, 'base64')).toHaveLength(12);
    expect(iv1).not.toBe(iv2);
  });

  it('detects a flipped byte with a clear error', async () => {
    const { file } = fresh();
    const key = randomBytes(32);
    await createLocalVaultProvider({ file, key }).set?.('token', 'abcdef');
    const env = JSON.parse(readFileSync(file, 'utf8')) as { data: string };
    const data = Buffer.from(env.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 0x01;
    writeFileSync(file, JSON.stringify({ ...env, data: data.toString('base64') }));
    await expect(createLocalVaultProvider({ file, key }).get('token')).rejects.toMatchObject({
      code: 'secrets/vault-tampered',
      message: expect.stringContaining('integrity check') as unknown,
    });
  });

  it('refuses a vault sealed with another key', async () => {
    const { file } = fresh();
    await createLocalVaultProvider({ file, key: randomBytes(32) }).set?.('token', 'abcdef');
    const other = createLocalVaultProvider({ file, key: randomBytes(32) });
    await expect(other.list()).rejects.toMatchObject({ code: 'secrets/vault-tampered' });
  });

  it('rejects a key that is not 32 bytes', async () => {
    const { file } = fresh();
    await expect(
      createLocalVaultProvider({ file, key: randomBytes(16) }).set?.('a', 'bbbb'),
    ).rejects.toMatchObject({
      code: 'secrets/bad-master-key',
    });
  });

  it('writes atomically: mode 0600, no temp file left, concurrent writes all kept', async () => {
    const { file } = fresh();
    const vault = createLocalVaultProvider({ file, key: randomBytes(32) });
    const set = vault.set?.bind(vault);
    if (!set) throw new Error('the local vault can set');
    await Promise.all(Array.from({ length: 10 }, (_, i) => set(`s${i}`, `value-${i}`)));
    expect(await vault.list()).toHaveLength(10);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(file, '..'))).toEqual(['secrets.vault']);
  });

  it('loads the key lazily, only when the vault is used', async () => {
    const { file } = fresh();
    let loads = 0;
    const vault = createLocalVaultProvider({
      file,
      key: () => {
        loads++;
        return Promise.resolve(Buffer.alloc(32, 7));
      },
    });
    expect(loads).toBe(0);
    await vault.set?.('a', 'value');
    await vault.get('a');
    expect(loads).toBe(1);
  });
});
