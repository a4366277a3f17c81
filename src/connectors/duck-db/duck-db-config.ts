import { z } from 'zod';

/**
 * `typeProperties` of a `DuckDb` linked service (a Millrace extension). It names the in-process DuckDB engine a
 * Script activity runs on (the Millrace SQL transform); it has no settings today, every run gets a fresh
 * in-memory database.
 *
 * @example { "name": "LS_DuckDb", "properties": { "type": "DuckDb", "typeProperties": {} } }
 */
export const duckDbConfigSchema = z.looseObject({});

/** Validated DuckDb config. */
export type DuckDbConfig = z.infer<typeof duckDbConfigSchema>;
