import { describe, expect, it } from 'vitest';
import { createEnvProvider } from './env/index.js';
import { SecretRedactor } from './secret-redactor.js';
import { createSecretRouter } from './secret-router.js';

const ref = (secretName: string, store = 'LS_KeyVault') => ({
  type: 'AzureKeyVaultSecret' as const,
  store: { referenceName: store, type: 'LinkedServiceReference' },
  secretName,
});

function router() {
  const redactor = new SecretRedactor();
  const env = { MILLRACE_SECRET_SQL_PASSWORD: 'pw-"quoted"-value', MILLRACE_SECRET_OTHER: 'other-value' };
  const r = createSecretRouter({
    providers: new Map([['LS_KeyVault', createEnvProvider({ env })]]),
    scopes: { kv: 'LS_KeyVault' },
    access: { pipelines: { 'PL_Load*': ['sql-*'] }, scopes: { kv: ['other'] } },
    redactor,
    environment: 'qa',
  });
  return { r, redactor };
}

describe('secret router', () => {
  it('resolves Key Vault references through the mapped provider and registers the value', async () => {
    const { r, redactor } = router();
    const value = await r.resolverFor('PL_LoadDaily')(ref('sql-password'));
    expect(value).toBe('pw-"quoted"-value');
    expect(redactor.redact(`conn=${value}`)).toBe('conn=***');
    expect(redactor.redactValue({ a: [JSON.stringify({ v: value })] })).toEqual({ a: ['{"v":"***"}'] });
  });

  it('denies a secret the pipeline may not read, naming secret and pipeline but not the value', async () => {
    const { r } = router();
    const err = await r
      .resolverFor('PL_Other')(ref('sql-password'))
      .then(() => new Error('resolved'))
      .catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ code: 'secrets/access-denied' });
    expect(err.message).toContain('pipeline PL_Other may not read secret "sql-password"');
    expect(err.message).not.toContain('pw-');
  });

  it('names unmapped stores and missing secrets', async () => {
    const { r } = router();
    await expect(r.resolverFor('PL_Load')(ref('sql-password', 'LS_Other'))).rejects.toMatchObject({
      code: 'secrets/unknown-provider',
    });
    await expect(r.resolverFor('PL_Load')(ref('sql-missing'))).rejects.toMatchObject({
      code: 'secrets/not-found',
    });
  });

  it('scopes notebook lookups', async () => {
    const { r } = router();
    expect(await r.lookup.get('kv', 'other')).toBe('other-value');
    await expect(r.lookup.get('kv', 'sql-password')).rejects.toMatchObject({ code: 'secrets/access-denied' });
    expect(await r.lookup.get('unknown-scope', 'x')).toBeUndefined();
    expect(await r.lookup.list('kv')).toEqual(['other']);
  });
});
