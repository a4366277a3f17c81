import { rm } from 'node:fs/promises';
import type { JsonObject } from '../../model/index.js';
import { copyBinaryTarget } from './binary-copy.js';
import { copyOutput } from './copy-output.js';
import { makeCopyStagingDir } from './copy-temp.js';
import type { CopyRequest, CopyTally } from './copy-request.js';
import { copyBehaviorOf, planTargets } from './copy-targets.js';
import { isTableBinding, userError } from './data-access.js';
import { createProgressReporter } from './progress.js';
import { writeSkippedRowsLog } from './skipped-rows-log.js';
import { copyWithTables } from './table-copy.js';
import { copyTabularTarget } from './tabular-copy.js';
import { verifyBinaryCopy } from './verify-copy.js';

/**
 * Copies a source dataset to a sink dataset (ADF Copy semantics). Every sink file is written under a temporary
 * name and committed only after all of them succeeded: a failed copy leaves the destination as it was.
 */
export async function copyData(req: CopyRequest): Promise<JsonObject> {
  const progress = createProgressReporter(req.onProgress);
  if (isTableBinding(req.source) || isTableBinding(req.sink)) return copyWithTables(req, progress);
  const started = Date.now();
  const tp = req.typeProperties;
  const { source, sink } = tp;
  const tabular = req.source.format.tabular;
  if (tabular !== req.sink.format.tabular) {
    throw userError(
      'copy/incompatible-formats',
      `cannot copy ${req.source.format.kind} (${req.source.name}) to ${req.sink.format.kind} (${req.sink.name}): Binary copies only to Binary`,
    );
  }
  const dp = req.dataPlane;
  const settings = dp.readSettings(source.storeSettings);
  const sinkStore = sink.storeSettings ?? {};
  const behavior = copyBehaviorOf(sinkStore['copyBehavior']);
  const selection = await dp.selectFiles(req.source, settings, req.signal);
  const targets = planTargets(selection, req.source, req.sink, behavior, req.activityRunId);
  const skipRows = tp.enableSkipIncompatibleRow === true;
  const tally: CopyTally = {
    dataRead: 0,
    dataWritten: 0,
    filesRead: 0,
    filesWritten: 0,
    rowsCopied: 0,
    rowsSkipped: 0,
    tabular,
  };
  for (const f of selection.files) tally.dataRead += f.entry.size;
  tally.filesRead = selection.files.length;
  const pending: { commit(): Promise<void>; abort(): Promise<void> }[] = [];
  // Several sink files become visible in one step where the store can do it (local folders): a copy killed while
  // committing leaves none of them or, once the store is next opened, all of them; never some.
  const batch = targets.length > 1 ? req.sink.store.openBatch?.() : undefined;
  const sinkBinding = batch ? { ...req.sink, store: batch.store } : req.sink;
  const tmpDir = await makeCopyStagingDir('copy');
  const session = tabular ? await dp.openSession() : undefined;
  try {
    for (const target of targets) {
      req.signal?.throwIfAborted();
      if (session) {
        const fmt = sink.formatSettings ?? {};
        const r = await copyTabularTarget(target, {
          session,
          dataPlane: dp,
          source: req.source,
          sink: sinkBinding,
          translator: tp.translator,
          skipIncompatibleRows: skipRows,
          skipLineCount: Number(source.formatSettings?.['skipLineCount'] ?? 0),
          ...(typeof fmt['filePattern'] === 'string' ? { filePattern: fmt['filePattern'] } : {}),
          quoteAllText: fmt['quoteAllText'] === true,
          tmpDir,
          ...(req.signal ? { signal: req.signal } : {}),
        });
        pending.push(r.sinkFile);
        progress.add({ rows: r.rowsCopied, bytes: r.bytesWritten });
        tally.rowsCopied += r.rowsCopied;
        tally.rowsSkipped += r.rowsSkipped;
        tally.dataWritten += r.bytesWritten;
      } else {
        const r = await copyBinaryTarget(target, req.source, sinkBinding, req.signal, (bytes) =>
          progress.add({ bytes }),
        );
        pending.push(r.handle);
        tally.dataWritten += r.bytesRead;
      }
      tally.filesWritten++;
      progress.add({ files: 1 });
      req.log?.(`copied ${target.inputs.length} file(s) → ${target.path}`);
    }
    if (session && tally.rowsSkipped > 0) {
      const logPath = await writeSkippedRowsLog(session, tp, req, tmpDir);
      if (logPath) tally.logFilePath = logPath;
    }
    for (const p of pending) await p.commit();
    await batch?.commit();
    progress.done();
  } catch (err) {
    for (const p of pending) await p.abort().catch(() => undefined);
    await batch?.abort().catch(() => undefined);
    throw err;
  } finally {
    session?.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
  if (tp.validateDataConsistency === true) {
    if (!tabular) await verifyBinaryCopy(req.source, req.sink, targets);
    tally.verified = true;
  }
  if (settings.deleteFilesAfterCompletion) {
    for (const f of selection.files) await req.source.store.delete(f.entry.path);
  }
  return copyOutput(tally, Date.now() - started, tp);
}
