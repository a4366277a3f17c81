/**
 * JSON schemas shared by the routes, generated from the zod shapes of `api-schemas.ts`; `/openapi.json` is
 * generated from the routes' schemas.
 */
import * as api from './api-schemas.js';
import { jsonSchema } from './json-schema.js';

/** The body of every 4xx/5xx response. */
export const errorSchema = jsonSchema(api.apiError);

/** The error responses every authenticated route may give. */
export const errorResponses = {
  '4xx': errorSchema,
  '5xx': errorSchema,
} as const;

/** The OpenAPI security requirement of a route that needs a bearer token. */
export const bearer = [{ bearerAuth: [] }] as const;

/** A JSON object with any properties (a request body's parameters). */
export const freeObject = { type: 'object', additionalProperties: true } as const;

/** `:id` path parameter of run routes. */
export const runIdParams = jsonSchema(api.runIdParams, 'input');

/** `:name` path parameter of named resources. */
export const nameParams = jsonSchema(api.nameParams, 'input');

/** An activity run of a run document. */
export const activityRunSchema = jsonSchema(api.activityRun);

/** The run document (`millrace run --json` contract). */
export const runDocumentSchema = jsonSchema(api.runDocument);

/** 202 of a started run. */
export const runStartedSchema = jsonSchema(api.runStarted);
