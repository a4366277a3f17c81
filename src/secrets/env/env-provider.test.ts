import { describe, expect, it } from 'vitest';
import { secretProviderSuite } from '../../contracts/testing/secret-provider-suite.js';
import { requireCapability } from '../secret-error.js';
import { createEnvProvider, secretVariableName } from './env-provider.js';

secretProviderSuite('env', () => {
  const env: Record<string, string> = { PATH: '/bin', MILLRACE_SECRETISH: 'no' };
  return Promise.resolve({
    provider: createEnvProvider({ env, prefix: 'MILLRACE_SECRET_' }),
    seed: (secrets) => {
      for (const [k, v] of Object.entries(secrets)) env[secretVariableName(k)] = v;
      return Promise.resolve();
    },
  });
});

describe('env provider', () => {
  it('maps names to prefixed upper-case variables, exact spelling first', async () => {
    const p = createEnvProvider({
      prefix: 'APP_',
      env: { APP_SQL_PASSWORD: 'upper', 'APP_api-key': 'exact', APP_API_KEY: 'other' },
    });
    expect(await p.get('sql-password')).toBe('upper');
    expect(await p.get('api-key')).toBe('exact');
    expect(await p.get('missing')).toBeUndefined();
  });

  it('is read-only: set fails naming the capability', () => {
    const p = createEnvProvider({ env: {} });
    expect(() => requireCapability(p, 'set')).toThrow(/does not support "set"/);
  });
});
