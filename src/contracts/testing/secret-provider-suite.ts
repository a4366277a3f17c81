import { describe, expect, it } from 'vitest';
import type { SecretProvider } from '../secret-provider.js';

/** What the suite needs: a fresh provider, and a way to seed a secret when the provider cannot `set`. */
export interface SecretProviderSuiteSetup {
  readonly provider: SecretProvider;
  /** Seeds secrets out of band (env snapshot, fake server). Absent: the suite uses `provider.set`. */
  readonly seed?: (secrets: Readonly<Record<string, string>>) => Promise<void>;
}

/**
 * The contract every `SecretProvider` passes. `setup` returns a fresh, empty provider for each test.
 * @example secretProviderSuite('env', async () => { … return { provider, seed } })
 */
export function secretProviderSuite(name: string, setup: () => Promise<SecretProviderSuiteSetup>): void {
  const seedWith = async (s: SecretProviderSuiteSetup, secrets: Record<string, string>): Promise<void> => {
    if (s.seed) return s.seed(secrets);
    for (const [k, v] of Object.entries(secrets)) await s.provider.set?.(k, v);
  };

  describe(`SecretProvider contract: ${name}`, () => {
    it('answers undefined for an unknown secret', async () => {
      const { provider } = await setup();
      expect(await provider.get('does-not-exist')).toBeUndefined();
    });

    it('returns stored values and lists names only, sorted', async () => {
      const s = await setup();
      await seedWith(s, { 'sql-password': 'p@ss w0rd', 'api-key': 'k-123' });
      expect(await s.provider.get('sql-password')).toBe('p@ss w0rd');
      expect(await s.provider.get('api-key')).toBe('k-123');
      const names = await s.provider.list();
      expect(names).toEqual(['api-key', 'sql-password']);
      expect(names.join(',')).not.toContain('p@ss');
    });

    it('keeps multi-line and unicode values exactly', async () => {
      const s = await setup();
      await seedWith(s, { cert: 'line1\nline2 – ü ✓' });
      expect(await s.provider.get('cert')).toBe('line1\nline2 – ü ✓');
    });

    it('replaces and deletes secrets when it supports writes', async () => {
      const { provider } = await setup();
      if (!provider.set || !provider.delete) return;
      await provider.set('token', 'one');
      await provider.set('token', 'two');
      expect(await provider.get('token')).toBe('two');
      expect(await provider.delete('token')).toBe(true);
      expect(await provider.delete('token')).toBe(false);
      expect(await provider.get('token')).toBeUndefined();
      expect(await provider.list()).toEqual([]);
    });
  });
}
