import { z } from 'zod';
import { secretValueSchema } from '../secret-value-schema.js';

/**
 * `typeProperties` of an `HttpServer` linked service: the base `url`, `authenticationType` `Anonymous` (alias
 * `None`, the default) or `Basic` with `userName` + `password` (SecretBase), and optional `authHeaders`.
 * Digest, Windows and ClientCertificate authentication are not supported.
 */
export const httpServerConfigSchema = z.looseObject({
  url: z.string().url('url must be an absolute http(s) URL'),
  authenticationType: z.enum(['Anonymous', 'None', 'Basic']).optional(),
  userName: z.string().optional(),
  password: secretValueSchema.optional(),
  authHeaders: z.record(z.string(), z.string()).optional(),
});

/** Validated HttpServer config. */
export type HttpServerConfig = z.infer<typeof httpServerConfigSchema>;
