import { z } from 'zod';

/**
 * `typeProperties` of a `Sqlite` linked service (a Millrace extension; ADF has no SQLite connector).
 * `path` is the database file, relative to the project root and confined to it like a FileServer host.
 *
 * @example { "type": "Sqlite", "typeProperties": { "path": "data/warehouse.db" } }
 */
export const sqliteConfigSchema = z.looseObject({
  path: z.string().min(1, 'path is required (a database file relative to the project)'),
});

/** Validated Sqlite config. */
export type SqliteConfig = z.infer<typeof sqliteConfigSchema>;
