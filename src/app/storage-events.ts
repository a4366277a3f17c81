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
  /** FileServer only: the folder under the linked service's host that is the container (default: the container name). */
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
    const fileServer = ls.properties.type.toLowerCase() === 'fileserver';
    if (!connector.fileStore)
      throw new Error(`linked service ${ls.name} (${ls.properties.type}) has no file store`);
    const store = connector.fileStore({
      type: fileServer ? 'FileServerLocation' : 'AzureBlobStorageLocation',
      container,
    });
    return { store, container, folder: fileServer ? (entry.folder ?? container) : '' };
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
