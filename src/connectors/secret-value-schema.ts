import { z } from 'zod';

/** A secret-valued property: a plain string, `SecureString`, or an `AzureKeyVaultSecret` reference. */
export const secretValueSchema = z.union([
  z.string(),
  z.looseObject({ type: z.literal('SecureString'), value: z.string() }),
  z.looseObject({
    type: z.literal('AzureKeyVaultSecret'),
    store: z.looseObject({ referenceName: z.string(), type: z.string() }),
    secretName: z.string(),
    secretVersion: z.string().optional(),
  }),
]);
