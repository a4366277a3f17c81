import { z } from 'zod';
import { secretValueSchema } from '../secret-value-schema.js';

/**
 * `typeProperties` of an AzureBlobFS (ADLS Gen2) linked service: `url` (dfs endpoint, mapped to the blob endpoint)
 * with `accountKey`, or `sasUri` (+ `sasToken`). Service principals and managed identities are not supported locally.
 */
export const azureBlobFsConfigSchema = z
  .looseObject({
    url: z.string().optional(),
    accountKey: secretValueSchema.optional(),
    sasUri: secretValueSchema.optional(),
    sasToken: secretValueSchema.optional(),
  })
  .refine((c) => c.url !== undefined || c.sasUri !== undefined, {
    message: 'set url (with accountKey) or sasUri',
  });

/** Validated AzureBlobFS config. */
export type AzureBlobFsConfig = z.infer<typeof azureBlobFsConfigSchema>;
