import { z } from 'zod';
import type { ApiJson } from './api-schemas.js';

/**
 * Response shapes of the deploy routes (`/api/deployments…`), beside api-schemas.ts (whose request shapes
 * they answer): one zod schema per response, from which the route's JSON Schema (and `/openapi.json`) and the
 * wire types of `api-types.ts` derive. They spell out the library's deploy records field by field: the
 * response serializer writes only what a schema lists, and `routes/deployments.ts` fails to compile when a
 * record gains a field its schema lacks.
 */

/** A JSON value as it was (masked) in the resource: its JSON Schema is `{}`. */
const anyJson = z.custom<ApiJson>();

/** How many resources a deployment adds, changes and removes. */
export const deployDiffSummary = z.object({ added: z.number(), changed: z.number(), removed: z.number() });

/** One changed property: `+` added, `-` removed, `~` changed (secret values masked). */
const propertyChange = z.object({
  op: z.enum(['+', '-', '~']),
  pathText: z.string(),
  before: anyJson.optional(),
  after: anyJson.optional(),
});

/** A changed property of a deploy's diff: also its path as segments. */
const diffChange = z.object({
  op: propertyChange.shape.op,
  path: z.array(z.union([z.string(), z.number()])),
  pathText: z.string(),
  before: anyJson.optional(),
  after: anyJson.optional(),
});

/** One resource (or notebook file, or the runtime environment) a deployment adds, changes or removes. */
export const deployResourceChange = z.object({
  action: z.enum(['add', 'change', 'remove']),
  kind: z.string(),
  name: z.string(),
  changes: z.array(propertyChange),
});

/** One applied deployment (`deployments[]` of the history). */
export const deploymentRecord = z.object({
  id: z.string(),
  generation: z.number(),
  bundleHash: z.string(),
  version: z.string(),
  kind: z.enum(['deploy', 'rollback']),
  rollbackOf: z.string().optional(),
  actor: z.string(),
  approvedBy: z.string().optional(),
  at: z.string().describe('ISO-8601'),
  summary: deployDiffSummary,
  stoppedTriggers: z.array(z.string()),
  restartedTriggers: z.array(z.string()),
});

/** A deployment to a protected environment that waits for (or has) an approval (`pending[]` of the history). */
export const pendingDeployment = z.object({
  id: z.string(),
  bundleHash: z.string(),
  version: z.string(),
  rollback: z.boolean(),
  baseVersion: z.string().nullable(),
  requestedBy: z.string(),
  requestedAt: z.string().describe('ISO-8601'),
  summary: deployDiffSummary,
  changes: z.array(deployResourceChange).optional(),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
  approvalProof: z
    .object({ actor: z.string(), statement: z.string(), signature: z.string() })
    .describe("a CLI approval's Ed25519 signature of `statement`, base64")
    .optional(),
});

/** A pending deployment rejected or withdrawn (`closed[]` of the history; `POST /api/deployments/:id/reject`). */
export const closedDeployment = pendingDeployment.extend({
  outcome: z.enum(['rejected', 'withdrawn']),
  closedBy: z.string(),
  closedAt: z.string(),
  reason: z.string().optional(),
});

/** A deploy between stopping triggers and starting them again (survives an interruption). */
const inFlightDeployment = z.object({
  bundleHash: z.string(),
  startedAt: z.string(),
  stoppedTriggers: z.array(z.string()),
  record: deploymentRecord,
  pendingId: z.string().optional(),
});

/** `GET /api/deployments`: the environment's deploy history. */
export const deployHistory = z.object({
  formatVersion: z.number().describe('1'),
  deployments: z.array(deploymentRecord),
  pending: z.array(pendingDeployment),
  closed: z.array(closedDeployment).optional(),
  inFlight: inFlightDeployment.optional(),
});

/** `GET /api/deployments/:id`: the applied deployment or the pending approval of that id. */
export const deploymentLookup = z.union([
  z.object({ deployment: deploymentRecord }),
  z.object({ pending: pendingDeployment }),
]);

/** `POST /api/deployments` and `…/rollback`: what a deploy did (or would do, with `whatIf`). */
export const deployOutcome = z.object({
  status: z.enum(['what-if', 'no-changes', 'pending-approval', 'approved', 'applied']),
  environment: z.string(),
  target: z.string(),
  bundleHash: z.string(),
  version: z.string(),
  rollback: z.boolean(),
  current: z
    .object({ id: z.string(), bundleHash: z.string().optional(), version: z.string().optional() })
    .optional(),
  diff: z.object({
    resources: z.array(deployResourceChange.extend({ changes: z.array(diffChange) })),
    summary: deployDiffSummary,
  }),
  triggers: z.object({ stop: z.array(z.string()), restart: z.array(z.string()) }),
  deployment: deploymentRecord.optional(),
  pending: pendingDeployment.optional(),
  kept: z.array(z.string()).optional(),
});

/** `POST /api/deployments?approve=true`: the deployment outcome, or the pending request it approved. */
export const deployOrApproval = z.union([deployOutcome, pendingDeployment]);
