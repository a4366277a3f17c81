import type { JsonObject } from '../../model/index.js';
import type { CopySettings } from './copy-settings.js';
import type { CopyTally } from './copy-request.js';

/** Integration runtime name shown in outputs: Millrace runs everything in-process. */
export const EFFECTIVE_INTEGRATION_RUNTIME = 'MillraceLocalRuntime (local)';

/** ADF's Copy activity output (https://learn.microsoft.com/azure/data-factory/copy-activity-monitoring) from a tally and the elapsed milliseconds. */
export function copyOutput(t: CopyTally, elapsedMs: number, tp: CopySettings): JsonObject {
  const seconds = Math.max(elapsedMs / 1000, 0.001);
  const parallel = tp.parallelCopies ?? 1;
  const out: Record<string, JsonObject[keyof JsonObject]> = {
    dataRead: t.dataRead,
    dataWritten: t.dataWritten,
    filesRead: t.filesRead,
    filesWritten: t.filesWritten,
    sourcePeakConnections: 1,
    sinkPeakConnections: 1,
  };
  if (t.tabular) {
    out['rowsRead'] = t.rowsCopied + t.rowsSkipped;
    out['rowsCopied'] = t.rowsCopied;
    out['rowsSkipped'] = t.rowsSkipped;
  }
  Object.assign(out, {
    copyDuration: Math.round(elapsedMs / 1000),
    throughput: Math.round((t.dataRead / 1024 / seconds) * 1000) / 1000,
    errors: [],
    effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME,
    usedDataIntegrationUnits: 1,
    usedParallelCopies: parallel,
    executionDetails: [
      {
        status: 'Succeeded',
        duration: Math.round(elapsedMs / 1000),
        usedDataIntegrationUnits: 1,
        usedParallelCopies: parallel,
        detailedDurations: { queuingDuration: 0, transferDuration: Math.round(elapsedMs / 1000) },
      },
    ],
  });
  if (t.logFilePath) out['logFilePath'] = t.logFilePath;
  if (t.verified) out['dataConsistencyVerification'] = { VerificationResult: 'Verified' };
  return out;
}
