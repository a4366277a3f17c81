import type { ActivityContext, ResourceDefinition, ResourceKind } from '../../contracts/index.js';
import { ActivityError } from '../../errors/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { isJsonObject, SECURE_MASK } from '../../model/index.js';
import type { WebSettings } from './web-settings.js';

/**
 * The request body of a Web activity with its `datasets` and `linkedServices`. ADF passes them to the endpoint
 * inside the payload (https://learn.microsoft.com/azure/data-factory/control-flow-web-activity#request-payload-schema):
 * the body is a JSON object holding the members of the activity's `body` followed by `datasets` and
 * `linkedServices`, each an array of `{ name, properties }` (the resource's definition, its parameters evaluated).
 *
 * - Both lists absent or empty: the body is sent as written.
 * - A request without a body (GET, a DELETE without one) carries neither: they are logged as not sent.
 * - The body must be a JSON object, or text holding one; anything else fails with `activity/web-body-not-object`.
 * - Secrets: a `SecureString` value is sent as ADF's mask, a Key Vault reference as the reference (never the
 *   secret it names); plain-text properties are sent as the factory writes them (ADF's own example endpoint
 *   reads the linked service's `connectionString` from the payload).
 */
export async function bodyWithReferences(
  ctx: ActivityContext,
  settings: Pick<WebSettings, 'method' | 'body' | 'datasets' | 'linkedServices'>,
): Promise<JsonValue | undefined> {
  const datasets = settings.datasets ?? [];
  const linkedServices = settings.linkedServices ?? [];
  const { body } = settings;
  if (datasets.length === 0 && linkedServices.length === 0) return body;
  if (body === undefined || body === null) {
    ctx.log(`${settings.method} request has no body: its datasets and linkedServices are not sent`);
    return body;
  }
  const members = bodyObject(ctx, body);
  const definition = definitionsOf(ctx);
  const describe = async (kind: ResourceKind, refs: readonly ResourceRef[]): Promise<JsonValue[]> => {
    const out: JsonValue[] = [];
    for (const ref of refs) out.push(forEndpoint(await definition(kind, ref)));
    return out;
  };
  return {
    ...members,
    datasets: await describe('dataset', datasets),
    linkedServices: await describe('linkedService', linkedServices),
  };
}

/** The body as a JSON object: an object as it is, text parsed when it holds one. */
function bodyObject(ctx: ActivityContext, body: JsonValue): JsonObject {
  let value: unknown = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      value = body;
    }
  }
  if (isJsonObject(value)) return value;
  throw new ActivityError({
    code: 'activity/web-body-not-object',
    message: `${ctx.activity.type} ${ctx.activity.name}: the body must be a JSON object to carry datasets and linkedServices (got ${kindOf(value)})`,
    hint: 'write the body as an object, e.g. {"message": "…"}; datasets and linkedServices are added to it',
  });
}

function kindOf(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'text that is not a JSON object';
  return v === null ? 'null' : `a ${typeof v}`;
}

type ResourceRef = NonNullable<WebSettings['datasets']>[number];

function definitionsOf(
  ctx: ActivityContext,
): (kind: ResourceKind, ref: ResourceRef) => Promise<ResourceDefinition> {
  const describe = ctx.data?.definition?.bind(ctx.data);
  if (describe === undefined)
    throw new ActivityError({
      code: 'activity/missing-capability',
      message: `activity ${ctx.activity.name} (${ctx.activity.type}) sends datasets and linkedServices, which needs the "data" capability's definition(), which this engine does not provide`,
      failureType: 'SystemError',
      retryable: false,
    });
  return (kind, ref) => describe(kind, ref);
}

/** `{ name, properties }` with every `SecureString` value replaced by ADF's mask. */
function forEndpoint(def: ResourceDefinition): JsonObject {
  return { name: def.name, properties: masked(def.properties) };
}

function masked(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return (v as readonly JsonValue[]).map(masked);
  if (!isJsonObject(v)) return v;
  if (v['type'] === 'SecureString' && 'value' in v) return { ...v, value: SECURE_MASK };
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, masked(x)])); // safe for a `__proto__` key
}
