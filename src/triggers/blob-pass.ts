import type { BlobSnapshotEntry, TriggerRunRecord } from '../contracts/index.js';
import { diffBlobSnapshots, triggerBodyOf } from './blob-events.js';
import { claimAndStart } from './fire.js';
import type { FireContext } from './fire.js';
import type { BlobEventsTriggerDefinition } from './trigger-definition.js';

/**
 * One pass over a storage event trigger: lists the watched container, compares the listing with the
 * persisted one and, in one transaction, saves the new listing with a queued trigger run per event and
 * pipeline; then starts the queued runs. The first listing after the trigger (re)starts is a baseline: it
 * fires nothing. Files that changed while the scheduler was down are found by the first comparison.
 */
export async function blobPass(
  ctx: FireContext,
  def: BlobEventsTriggerDefinition,
  now: number,
  startedAt: number,
): Promise<void> {
  const { triggerStore: ts, resolveBlobSource } = ctx.options;
  if (!resolveBlobSource) throw new Error(`storage event trigger "${def.name}": no storage is configured`);
  const src = await resolveBlobSource(def);
  const listing = await src.store.list(src.folder, { recursive: true });
  const prefix = src.folder === '' ? '' : `${src.folder.replace(/\/+$/, '')}/`;
  const entries = new Map<string, BlobSnapshotEntry>();
  for (const e of listing) {
    if (e.isDirectory || !e.path.startsWith(prefix)) continue;
    entries.set(`${src.container}/${e.path.slice(prefix.length)}`, {
      size: e.size,
      version: String(e.lastModified.getTime()),
    });
  }
  const prev = await ts.getBlobSnapshot(def.name);
  if (!prev || prev.baselineAt < startedAt) {
    await ts.saveBlobSnapshot(def.name, { baselineAt: now, polledAt: now, entries }, []);
  } else {
    const events: TriggerRunRecord[] = [];
    for (const change of diffBlobSnapshots(def.events, prev.entries, entries)) {
      for (const p of def.pipelines) {
        events.push({
          trigger: def.name,
          key: `${change.type}|${change.path}|${change.version}|${p.pipeline}`,
          kind: 'blob',
          pipeline: p.pipeline,
          status: 'Waiting',
          attempt: 0,
          scheduledTime: now,
          payload: triggerBodyOf(change),
        });
      }
    }
    await ts.saveBlobSnapshot(def.name, { baselineAt: prev.baselineAt, polledAt: now, entries }, events);
  }
  for (const r of await ts.listTriggerRuns({ trigger: def.name, status: 'Waiting', kind: 'blob' })) {
    if ((r.nextAttemptAt ?? 0) > now) continue;
    const { status: _s, attempt: _a, ...req } = r;
    await claimAndStart(ctx, def, req);
  }
}
