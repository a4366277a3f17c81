import { z } from 'zod';
import { secretValueSchema } from '../secret-value-schema.js';

/**
 * `typeProperties` of an AzureBlobStorage linked service: exactly one of `connectionString`, `sasUri`
 * (+ optional `sasToken`), or `serviceEndpoint` (+ `accountKey` for shared-key auth, else anonymous).
 */
export const azureBlobConfigSchema = z
  .looseObject({
    connectionString: secretValueSchema.optional(),
    accountKey: secretValueSchema.optional(),
    sasUri: secretValueSchema.optional(),
    sasToken: secretValueSchema.optional(),
    serviceEndpoint: z.string().optional(),
  })
  .refine(
    (c) => [c.connectionString, c.sasUri, c.serviceEndpoint].filter((v) => v !== undefined).length === 1,
    {
      message: 'set exactly one of connectionString, sasUri, serviceEndpoint',
    },
  );

/** Validated AzureBlobStorage config. */
export type AzureBlobConfig = z.infer<typeof azureBlobConfigSchema>;
