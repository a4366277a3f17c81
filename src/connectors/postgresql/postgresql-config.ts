import { z } from 'zod';
import { secretValueSchema } from '../secret-value-schema.js';

/**
 * `typeProperties` of the `AzurePostgreSql`, `PostgreSql` and `PostgreSqlV2` linked services: either a
 * `connectionString` (Npgsql `Host=…;Port=…;Database=…;Username=…;Password=…;SSL Mode=…` or a `postgres://` URL;
 * string, SecureString or Key Vault reference) or discrete `server` (alias `host`), `port`, `database`,
 * `username`, `password` (SecretBase) and `sslMode` (ADF numbers 0 Disable … 5 VerifyFull, or names).
 * A separate `password` overrides the one in the connection string.
 */
export const postgreSqlConfigSchema = z
  .looseObject({
    connectionString: secretValueSchema.optional(),
    server: z.string().optional(),
    host: z.string().optional(),
    port: z.union([z.number(), z.string()]).optional(),
    database: z.string().optional(),
    username: z.string().optional(),
    password: secretValueSchema.optional(),
    sslMode: z.union([z.number(), z.string()]).optional(),
  })
  .refine((c) => c.connectionString !== undefined || (c.server ?? c.host) !== undefined, {
    message: 'connectionString or server is required',
  });

/** Validated PostgreSQL config. */
export type PostgreSqlConfig = z.infer<typeof postgreSqlConfigSchema>;
