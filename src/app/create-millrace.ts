import type { Millrace, MillraceOptions } from './run-service.js';

/**
 * Creates the library's run service for a project (see run-service.ts). The run service, and with it the
 * engine, the run store, the connectors, the activities and their SDKs (DuckDB, Azure Storage, SQLite,
 * PostgreSQL), loads on this first call: importing the library, as `millrace validate` does, stays cheap.
 *
 * @example
 * const millrace = await createMillrace({ projectDir: '.' });
 * const doc = await millrace.runPipeline('PL_Daily', { rawParameters: { runDate: '2024-01-01' } });
 * await millrace.close();
 */
export async function createMillrace(options: MillraceOptions = {}): Promise<Millrace> {
  const runService = await import('./run-service.js');
  return runService.createMillrace(options);
}
