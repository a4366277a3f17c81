import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL of the test machines (trust authentication, database `test`); `.ci/run` starts it. */
export const TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name, so tests can run in parallel on one database. */
export function testSchemaName(prefix = 'mr_test'): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

/** The state database URL of a schema (the store creates the schema). */
export function schemaUrl(schema: string): string {
  return `${TEST_DATABASE_URL}?schema=${schema}`;
}

/** Drops test schemas (and everything in them). */
export async function dropSchemas(schemas: readonly string[]): Promise<void> {
  if (schemas.length === 0) return;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
  } finally {
    await client.end();
  }
}
