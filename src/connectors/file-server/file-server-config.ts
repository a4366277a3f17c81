import { z } from 'zod';
import { secretValueSchema } from '../secret-value-schema.js';

/** `typeProperties` of a FileServer linked service. `host` is a folder, relative to the project root. */
export const fileServerConfigSchema = z.looseObject({
  host: z.string().min(1, 'host is required (a folder relative to the project)'),
  userId: z.string().optional(),
  password: secretValueSchema.optional(),
});

/** Validated FileServer config. */
export type FileServerConfig = z.infer<typeof fileServerConfigSchema>;
