import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityContext, DataPlane } from '../../contracts/index.js';
import { bindAny, datasetSql, requireDataAccess, userError, writeQueryToSink } from '../copy/index.js';
import type { ScriptTally } from './script-output.js';
import { SCRIPT_ROW_LIMIT, addBlock, emptyTally } from './script-output.js';
import type { ScriptBlock, TransformSettings } from './script-blocks.js';

/**
 * The Millrace SQL transform: runs the Script activity's blocks in an in-process DuckDB. Each dataset of
 * `millrace.datasets` is a view named by its alias, read through the dataset's own format (or, for a table
 * dataset, spooled from its store); parameters are DuckDB's `$name`. After the blocks, `millrace.output.query`
 * is written to `millrace.output.dataset` (a file under a temporary name, committed only when all succeeded;
 * a table in one transaction).
 */
export async function runDuckDbTransform(
  ctx: ActivityContext,
  dp: DataPlane,
  blocks: readonly ScriptBlock[],
  settings: TransformSettings,
  signal: AbortSignal,
): Promise<ScriptTally> {
  const tally = emptyTally();
  const tmpDir = await mkdtemp(join(tmpdir(), 'millrace-script-'));
  const session = await dp.openSession();
  try {
    for (const input of settings.inputs) {
      const ds = await bindAny(requireDataAccess(ctx), input.reference);
      const read = await datasetSql(dp, ds, {}, session, tmpDir, signal);
      if (!read) {
        throw userError('script/dataset-empty', `dataset ${ds.name} (alias ${input.alias}) selects no file`);
      }
      await session.run(`CREATE VIEW ${dp.sqlIdent(input.alias)} AS SELECT * FROM ${read.sql}`);
      ctx.log(`dataset ${ds.name} → view ${input.alias}`);
    }
    for (const block of blocks) {
      const results = await session
        .script(block.text, block.parameters, SCRIPT_ROW_LIMIT, signal)
        .catch((err: unknown) => {
          throw sqlFailure(err);
        });
      addBlock(dp, tally, block, results);
    }
    if (settings.output) {
      const sink = await bindAny(requireDataAccess(ctx), settings.output.dataset);
      const written = await writeQueryToSink(settings.output.query, sink, {
        session,
        dataPlane: dp,
        settings: {},
        activityRunId: ctx.activityRunId,
        tmpDir,
        signal,
      }).catch((err: unknown) => {
        throw sqlFailure(err);
      });
      await written.file?.commit();
      ctx.log(`wrote ${written.rows} row(s) to ${sink.name}`);
    }
    return tally;
  } finally {
    session.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** A DuckDB error as a user error (the script is the user's); errors that already carry a code pass through. */
function sqlFailure(err: unknown): unknown {
  if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.includes('/'))
    return err;
  const msg = err instanceof Error ? err.message : String(err);
  return userError('script/sql-error', `DuckDB: ${msg.split('\n').slice(0, 3).join(' ')}`, err);
}
