import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UNCATALOGUED, catalogedCodes, errorSpec } from './error-catalog.js';
import { ActivityError, FailureType } from './millrace-error.js';

const src = fileURLToPath(new URL('..', import.meta.url));
/** `area/rule` literals in src/ that are not error codes (URL paths). */
// Request paths that look like codes: a Millrace server route and the Databricks Secrets API's `put`.
const NOT_CODES = new Set(['api/deployments', 'secrets/put']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'testing' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the error catalog', () => {
  it('lists every area/rule code written in src/ (add new codes to errors/error-codes.ts)', () => {
    const codes = new Set(catalogedCodes());
    const areas = new Set([...codes].map((c) => c.split('/')[0]));
    const missing: string[] = [];
    for (const file of sourceFiles(src)) {
      for (const [, code = ''] of readFileSync(file, 'utf8').matchAll(/'([a-z][a-z0-9-]*\/[a-z0-9-]+)'/g)) {
        const area = code.split('/')[0] ?? '';
        if (areas.has(area) && !codes.has(code) && !NOT_CODES.has(code))
          missing.push(`${relative(src, file)}: ${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every code a kind, a retryability and an HTTP error status', () => {
    for (const code of catalogedCodes()) {
      expect(code).toMatch(/^[a-z][a-z0-9-]*\/[a-z0-9-]+$/);
      const spec = errorSpec(code);
      expect(['user', 'system']).toContain(spec.kind);
      expect(typeof spec.retryable).toBe('boolean');
      expect(spec.httpStatus).toBeGreaterThanOrEqual(400);
      expect(spec.httpStatus).toBeLessThan(600);
    }
  });

  it('treats an uncatalogued code as a user error, not retried, HTTP 400', () => {
    expect(errorSpec('plugin/own-rule')).toEqual(UNCATALOGUED);
    expect(UNCATALOGUED).toEqual({ kind: 'user', retryable: false, httpStatus: 400 });
  });

  it("gives an ActivityError its code's failure type and retryability unless the thrower says otherwise", () => {
    const notFound = new ActivityError({ code: 'copy/source-not-found', message: 'm' });
    expect([notFound.failureType, notFound.retryable]).toEqual([FailureType.UserError, true]);
    const setting = new ActivityError({ code: 'copy/invalid-setting', message: 'm' });
    expect([setting.failureType, setting.retryable]).toEqual([FailureType.UserError, false]);
    const io = new ActivityError({ code: 'connector/io-error', message: 'm' });
    expect([io.failureType, io.retryable]).toEqual([FailureType.SystemError, true]);
    const explicit = new ActivityError({ code: 'connector/io-error', message: 'm', retryable: false });
    expect(explicit.retryable).toBe(false);
    const plugin = new ActivityError({
      code: 'plugin/x',
      message: 'm',
      failureType: FailureType.SystemError,
    });
    expect(plugin.retryable).toBe(true);
  });
});
