import { ConfigError } from '../errors/index.js';
import type { Factory } from '../model/index.js';
import { builtinConnectors, createConnectorRegistry } from '../connectors/index.js';
import type { BlobEventsTriggerDefinition, BlobSource } from '../triggers/index.js';
import { containerOf } from '../triggers/index.js';
import { unavailableSecrets } from './secrets-wiring.js';

/** One entry of millrace.json `storageEvents`. */
interface StorageEventsEntry {
  /** Linked service whose store stands for the storage account: FileServer or AzureBlobStorage. */
  readonly linkedService: string;
  /** Container, when the trigger's blobPathBeginsWith does not name one. */
  readonly container?: string;
  /**
   * The path of the container in the linked service's store (default: the container name). For a FileServer,
   * a folder under its host; for Blob storage the container itself, so leave it out there.
   */
  readonly folder?: string;
}

function entryOf(settings: unknown, def: BlobEventsTriggerDefinition): StorageEventsEntry {
  const map = (typeof settings === 'object' && settings !== null ? settings : {}) as Record<string, unknown>;
  const raw = map[def.name] ?? map[def.events.scope];
  const e = raw as Partial<StorageEventsEntry> | undefined;
  if (typeof e?.linkedService !== 'string') {
    throw new ConfigError({
      code: 'trigger/storage-not-mapped',
      message: `storage event trigger "${def.name}": millrace.json storageEvents has no entry for the trigger or its scope`,
      hint: `add "storageEvents": { "${def.name}": { "linkedService": "<FileServer or AzureBlobStorage linked service>" } }`,
    });
  }
  return e as StorageEventsEntry;
}

/**
 * Resolves what a storage event trigger watches, from millrace.json `storageEvents` (keyed by trigger name
 * or by the trigger's `scope`, the storage account id): a FileServer linked service's folder (containers are
 * its subfolders) or an AzureBlobStorage linked service's container.
 */
export function storageEventSources(
  factory: Factory,
  projectRoot: string,
  settings: unknown,
): (def: BlobEventsTriggerDefinition) => Promise<BlobSource> {
  const registry = createConnectorRegistry(builtinConnectors);
  const cache = new Map<string, Promise<BlobSource>>();
  const open = async (def: BlobEventsTriggerDefinition): Promise<BlobSource> => {
    const entry = entryOf(settings, def);
    const ls = factory.linkedServices.get(entry.linkedService);
    if (!ls) {
      throw new ConfigError({
        code: 'trigger/storage-not-mapped',
        message: `storage event trigger "${def.name}": unknown linked service "${entry.linkedService}"`,
      });
    }
    const container = containerOf(def.events) ?? entry.container;
    if (!container) {
      throw new ConfigError({
        code: 'trigger/storage-not-mapped',
        message: `storage event trigger "${def.name}": blobPathBeginsWith names no container; set storageEvents.${def.name}.container`,
      });
    }
    const connector = await registry.create(ls.properties, {
      projectRoot,
      secrets: unavailableSecrets,
      name: ls.name,
    });
    if (!connector.fileStore || !connector.locate)
      throw new Error(`linked service ${ls.name} (${ls.properties.type}) has no file store`);
    // The connector reads the path as ADF does: for Blob storage the first segment is the container, for a
    // FileServer a folder under its host (`folder` when given, else a folder named like the container).
    const { location, folder } = connector.locate(entry.folder ?? container);
    return { store: connector.fileStore(location), container, folder };
  };
  return (def) => {
    let p = cache.get(def.name);
    if (!p) {
      p = open(def);
      cache.set(def.name, p);
      p.catch(() => cache.delete(def.name));
    }
    return p;
  };
}
