/** JSON schemas shared by the routes; `/openapi.json` is generated from them. */

/** The body of every 4xx/5xx response. */
export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        field: { type: 'string' },
        hint: { type: 'string' },
      },
    },
  },
} as const;

/** The error responses every authenticated route may give. */
export const errorResponses = {
  '4xx': errorSchema,
  '5xx': errorSchema,
} as const;

/** The OpenAPI security requirement of a route that needs a bearer token. */
export const bearer = [{ bearerAuth: [] }] as const;

/** Any JSON value. */
export const anyJson = {} as const;

/** A JSON object with any properties (parameters, variables). */
export const freeObject = { type: 'object', additionalProperties: true } as const;

/** `:id` path parameter of run routes. */
export const runIdParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

/** `:name` path parameter of named resources. */
export const nameParams = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 260 } },
} as const;

/** An activity run of a run document. */
export const activityRunSchema = {
  type: 'object',
  required: ['activityName', 'activityType', 'status', 'start', 'end', 'durationMs'],
  properties: {
    activityName: { type: 'string' },
    activityType: { type: 'string' },
    status: { type: 'string' },
    start: { type: 'string' },
    end: { type: ['string', 'null'] },
    durationMs: { type: ['number', 'null'] },
    iteration: { type: 'string' },
    attempt: { type: 'integer' },
    markedAs: { type: 'string', enum: ['Succeeded', 'Failed', 'Skipped'] },
    artifacts: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'path'],
        properties: { name: { type: 'string' }, path: { type: 'string' } },
      },
    },
    output: anyJson,
    error: {
      type: 'object',
      properties: { errorCode: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;

/** The run document (`millrace run --json` contract). */
export const runDocumentSchema = {
  type: 'object',
  required: ['runId', 'pipeline', 'status', 'parameters', 'variables', 'start', 'end', 'activityRuns'],
  properties: {
    runId: { type: 'string' },
    pipeline: { type: 'string' },
    status: { type: 'string' },
    message: { type: 'string' },
    parameters: freeObject,
    variables: freeObject,
    output: anyJson,
    start: { type: ['string', 'null'] },
    end: { type: ['string', 'null'] },
    durationMs: { type: ['number', 'null'] },
    contentHash: { type: 'string' },
    invokedBy: freeObject,
    activityRuns: { type: 'array', items: activityRunSchema },
  },
} as const;

/** 202 of a started run. */
export const runStartedSchema = {
  type: 'object',
  required: ['runId', 'status', 'location'],
  properties: { runId: { type: 'string' }, status: { type: 'string' }, location: { type: 'string' } },
} as const;
