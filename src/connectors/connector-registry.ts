import type {
  Connector,
  ConnectorCreateOptions,
  ConnectorRegistration,
  ConnectorRegistry,
} from '../contracts/index.js';
import type { LinkedServiceProperties } from '../model/index.js';
import { ConnectorErrorCode, connectorError } from './connector-error.js';

/** Creates an empty connector registry (case-insensitive lookup). */
export function createConnectorRegistry(
  registrations: readonly ConnectorRegistration[] = [],
): ConnectorRegistry {
  const byType = new Map<string, ConnectorRegistration>();
  const registry: ConnectorRegistry = {
    register<C>(registration: ConnectorRegistration<C>): void {
      const key = registration.type.toLowerCase();
      if (byType.has(key)) {
        throw connectorError(
          ConnectorErrorCode.DuplicateType,
          `linked service type ${registration.type} is already registered`,
        );
      }
      byType.set(key, registration);
    },
    get(type: string): ConnectorRegistration {
      const found = byType.get(type.toLowerCase());
      if (!found) {
        throw connectorError(
          ConnectorErrorCode.UnknownType,
          `unknown linked service type ${type}; supported: [${registry.types().join(', ')}]`,
        );
      }
      return found;
    },
    types(): readonly string[] {
      return [...byType.values()].map((r) => r.type).sort();
    },
    offers(type, capability): boolean {
      return byType.get(type.toLowerCase())?.capabilities?.includes(capability) ?? false;
    },
    async create(
      linkedService: LinkedServiceProperties,
      options: ConnectorCreateOptions,
    ): Promise<Connector> {
      const registration = registry.get(linkedService.type);
      const parsed = await registration.configSchema.safeParse(linkedService.typeProperties);
      if (!parsed.success) {
        const problems = parsed.error.issues
          .map((i) => `typeProperties${i.path.map((p) => `.${String(p)}`).join('')}: ${i.message}`)
          .join('; ');
        throw connectorError(
          ConnectorErrorCode.InvalidConfig,
          `linked service ${options.name ?? ''} (${linkedService.type}): ${problems}`.replace('  ', ' '),
        );
      }
      return registration.create(parsed.data, options);
    },
  };
  for (const r of registrations) registry.register(r);
  return registry;
}
