import type { BlobSnapshotEntry } from '../contracts/index.js';
import type { JsonObject } from '../model/index.js';
import { invalid, optStr, str } from './trigger-json.js';

/** Storage event types of a BlobEventsTrigger. */
export const BlobEventType = {
  Created: 'Microsoft.Storage.BlobCreated',
  Deleted: 'Microsoft.Storage.BlobDeleted',
} as const;
export type BlobEventType = (typeof BlobEventType)[keyof typeof BlobEventType];

/** A parsed BlobEventsTrigger. Paths keep ADF's syntax (`/container/blobs/folder/`). */
export interface BlobEventsSpec {
  readonly beginsWith?: string;
  readonly endsWith?: string;
  /** Zero-byte blobs do not fire BlobCreated (default true). */
  readonly ignoreEmptyBlobs: boolean;
  readonly events: readonly BlobEventType[];
  /** The storage account ARM id; Millrace maps it (or the trigger name) to a linked service (`storageEvents`). */
  readonly scope: string;
}

/** A change between two listings. `path` is `container/folder/file.csv`. */
export interface BlobChange {
  readonly type: BlobEventType;
  readonly path: string;
  readonly size: number;
  readonly version: string;
}

/**
 * Parses the `typeProperties` of a BlobEventsTrigger.
 * @throws ConfigError `trigger/invalid-definition`
 */
export function parseBlobEventsSpec(tp: JsonObject, trigger: string): BlobEventsSpec {
  const path = '$.properties.typeProperties';
  const beginsWith = optStr(tp, 'blobPathBeginsWith', trigger, path);
  const endsWith = optStr(tp, 'blobPathEndsWith', trigger, path);
  if (!beginsWith && !endsWith) invalid(trigger, path, 'needs blobPathBeginsWith or blobPathEndsWith');
  if (beginsWith !== undefined && !/^\/[^/]+\/(blobs\/.*)?$/.test(beginsWith)) {
    invalid(
      trigger,
      `${path}.blobPathBeginsWith`,
      `"${beginsWith}" must look like /container/ or /container/blobs/folder/`,
    );
  }
  const raw = tp['events'];
  const known: readonly string[] = Object.values(BlobEventType);
  if (!Array.isArray(raw) || raw.length === 0) invalid(trigger, `${path}.events`, 'is required');
  const events = raw.map((e, i) => {
    if (typeof e !== 'string' || !known.includes(e)) {
      invalid(trigger, `${path}.events[${i}]`, `must be one of ${known.join(', ')}`);
    }
    return e as BlobEventType;
  });
  return {
    ...(beginsWith ? { beginsWith } : {}),
    ...(endsWith ? { endsWith } : {}),
    ignoreEmptyBlobs: tp['ignoreEmptyBlobs'] !== false,
    events,
    scope: str(tp, 'scope', trigger, path),
  };
}

/** The container a trigger's `blobPathBeginsWith` names, if any (`/landing/blobs/x/` → `landing`). */
export function containerOf(spec: BlobEventsSpec): string | undefined {
  return spec.beginsWith?.split('/')[1];
}

/** ADF's event subject form of a `container/path` blob path: `/container/blobs/path`. */
function subjectOf(path: string): string {
  const slash = path.indexOf('/');
  return `/${path.slice(0, slash)}/blobs/${path.slice(slash + 1)}`;
}

/** Whether a blob (`container/folder/file.csv`) matches the trigger's begins-with and ends-with filters. */
export function matchesBlobPath(spec: BlobEventsSpec, path: string): boolean {
  const subject = subjectOf(path);
  if (spec.beginsWith !== undefined && !subject.startsWith(spec.beginsWith)) return false;
  if (spec.endsWith === undefined) return true;
  return spec.endsWith.startsWith('/') ? subject.endsWith(spec.endsWith) : path.endsWith(spec.endsWith);
}

/** The events a trigger fires for the differences between two listings, in path order. */
export function diffBlobSnapshots(
  spec: BlobEventsSpec,
  prev: ReadonlyMap<string, BlobSnapshotEntry>,
  next: ReadonlyMap<string, BlobSnapshotEntry>,
): BlobChange[] {
  const out: BlobChange[] = [];
  const wants = (t: BlobEventType): boolean => spec.events.includes(t);
  for (const [path, e] of next) {
    const before = prev.get(path);
    if (before && before.version === e.version && before.size === e.size) continue;
    if (!wants(BlobEventType.Created) || !matchesBlobPath(spec, path)) continue;
    if (spec.ignoreEmptyBlobs && e.size === 0) continue;
    out.push({ type: BlobEventType.Created, path, size: e.size, version: e.version });
  }
  for (const [path, e] of prev) {
    if (next.has(path) || !wants(BlobEventType.Deleted) || !matchesBlobPath(spec, path)) continue;
    out.push({ type: BlobEventType.Deleted, path, size: e.size, version: e.version });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `@triggerBody()` of an event: `folderPath` = `container/folder`, `fileName`, plus the event type. */
export function triggerBodyOf(change: BlobChange): JsonObject {
  const slash = change.path.lastIndexOf('/');
  return {
    folderPath: change.path.slice(0, slash),
    fileName: change.path.slice(slash + 1),
    eventType: change.type,
    url: subjectOf(change.path),
  };
}
