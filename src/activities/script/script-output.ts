import type { DataPlane, StatementResult } from '../../contracts/index.js';
import type { JsonObject, JsonValue } from '../../model/index.js';
import { EFFECTIVE_INTEGRATION_RUNTIME } from '../copy/index.js';
import type { ScriptBlock } from './script-blocks.js';

/** Rows kept per result set in the output (ADF's Script activity limit). */
export const SCRIPT_ROW_LIMIT = 5000;

/** What the scripts produced, merged over all blocks. */
export interface ScriptTally {
  readonly resultSets: { rowCount: number; rows: Record<string, JsonValue>[] }[];
  recordsAffected: number;
  readonly outputParameters: Record<string, JsonValue>;
  truncated: boolean;
}

/** An empty tally. */
export function emptyTally(): ScriptTally {
  return { resultSets: [], recordsAffected: 0, outputParameters: {}, truncated: false };
}

/**
 * Adds one block's statement results. Query blocks contribute their result sets; every block contributes the
 * rows its DML changed. Output parameters take the column of the same name (case-insensitive) in the first row
 * of the block's last result (e.g. `CALL proc(…)` with INOUT arguments, `… RETURNING x`, `SELECT … AS x`);
 * later blocks overwrite same-name parameters, as in ADF. Values become JSON by the data plane's rule.
 */
export function addBlock(
  dp: DataPlane,
  tally: ScriptTally,
  block: ScriptBlock,
  results: readonly StatementResult[],
): void {
  for (const r of results) {
    tally.recordsAffected += r.rowsAffected;
    if (block.type === 'Query' && r.columns) {
      const columns = r.columns;
      tally.resultSets.push({
        rowCount: r.rows.length,
        rows: r.rows.map((row) => dp.rowObject(columns, row)),
      });
      if (r.truncated) tally.truncated = true;
    }
  }
  const last = [...results].reverse().find((r) => r.columns);
  for (const p of block.parameters) {
    if (p.direction === 'Input') continue;
    const i = last?.columns?.findIndex((c) => c.name.toLowerCase() === p.name.toLowerCase()) ?? -1;
    const row = last?.rows[0];
    tally.outputParameters[p.name] = i >= 0 && row ? dp.jsonOfSql(row[i] ?? null) : null;
  }
}

/** The Script activity output (https://learn.microsoft.com/azure/data-factory/transform-data-using-script#activity-output), in ADF's field order. */
export function scriptOutput(
  tally: ScriptTally,
  logs: { readonly text: string; readonly location?: string },
  elapsedMs: number,
): JsonObject {
  return {
    resultSetCount: tally.resultSets.length,
    recordsAffected: tally.recordsAffected,
    resultSets: tally.resultSets,
    outputParameters: tally.outputParameters,
    outputLogs: logs.location ? '' : logs.text,
    outputLogsLocation: logs.location ?? '',
    outputToExternalStorage: logs.location !== undefined,
    ...(tally.truncated ? { outputTruncated: true } : {}),
    effectiveIntegrationRuntime: EFFECTIVE_INTEGRATION_RUNTIME,
    executionDuration: Math.round(elapsedMs / 1000),
  };
}
