import { randomUUID } from 'node:crypto';
import type { ActivityContext, DataPlane, TableStore } from '../../contracts/index.js';
import { lazySchema } from '../../contracts/index.js';
import { defineActivity } from '../define-activity.js';
import { logStoreResolver, requireDataAccess, requireDataPlane, userError } from '../copy/index.js';
import { runDuckDbTransform } from './duckdb-transform.js';
import type { ScriptTally } from './script-output.js';
import { SCRIPT_ROW_LIMIT, addBlock, emptyTally, scriptOutput } from './script-output.js';
import type { ScriptBlock } from './script-blocks.js';
import { scriptBlocks, timespanMs, transformSettings } from './script-blocks.js';
import type { ScriptSettings } from './script-settings.js';
import { scriptType } from './script-type.js';

/**
 * The Script activity (https://learn.microsoft.com/azure/data-factory/transform-data-using-script): runs `scripts[]` (Query or NonQuery, with parameters) against a SQL store
 * linked service (`Sqlite`, `AzurePostgreSql`, `PostgreSql`, `PostgreSqlV2`), or, when `linkedServiceName` is
 * absent or a `DuckDb` linked service, in an in-process DuckDB with datasets as views (`typeProperties.millrace`,
 * see `TransformSettings`). The output has ADF's shape.
 */
export const scriptActivity = defineActivity<ScriptSettings>({
  ...scriptType,
  settings: lazySchema(async () => (await import('./script-settings.js')).scriptSettingsSchema),
  async execute(ctx, tp) {
    const started = Date.now();
    const dataPlane = requireDataPlane(ctx);
    if (tp.scriptReference !== undefined) {
      throw userError(
        'script/invalid-setting',
        'scriptReference is not supported; put the script in scripts[].text',
      );
    }
    const blocks = scriptBlocks(tp);
    const timeout = timespanMs(tp.scriptBlockExecutionTimeout);
    const signal = timeout ? AbortSignal.any([ctx.signal, AbortSignal.timeout(timeout)]) : ctx.signal;
    const logs: string[] = [];
    const ls = ctx.references().linkedServiceName;
    const connector = ls ? await requireDataAccess(ctx).linkedService(ls) : undefined;
    let tally: ScriptTally;
    if (!connector || connector.dataPlaneSql === true) {
      tally = await runDuckDbTransform(ctx, dataPlane, blocks, transformSettings(tp), signal);
    } else {
      if (!connector.tableStore) {
        throw userError(
          'script/unsupported-linked-service',
          `Script ${ctx.activity.name}: linked service type ${connector.type} cannot run SQL; supported: Sqlite, AzurePostgreSql, PostgreSql, PostgreSqlV2, DuckDb`,
        );
      }
      tally = await runOnStore(dataPlane, connector.tableStore(), blocks, signal, (l) => logs.push(l));
    }
    const location = await externalLogs(ctx, tp, logs);
    return scriptOutput(
      tally,
      { text: logs.join('\n'), ...(location ? { location } : {}) },
      Date.now() - started,
    );
  },
});

async function runOnStore(
  dp: DataPlane,
  store: TableStore,
  blocks: readonly ScriptBlock[],
  signal: AbortSignal,
  onLog: (line: string) => void,
): Promise<ScriptTally> {
  const tally = emptyTally();
  for (const block of blocks) {
    const results = await store
      .runScript(block.text, block.parameters, { maxRows: SCRIPT_ROW_LIMIT, signal, onLog })
      .catch((err: unknown) => {
        const msg = err instanceof Error ? err.message : String(err);
        throw userError('script/sql-error', msg, err);
      });
    addBlock(dp, tally, block, results);
  }
  return tally;
}

/**
 * `logSettings.logDestination: ExternalStore`: writes the logs to
 * `<logLocationSettings.path>/scriptactivity-logs/<activity>/<activity run id>/<guid>.txt` and returns that path.
 * As in ADF, a failure to write logs never fails the activity.
 */
async function externalLogs(
  ctx: ActivityContext,
  tp: ScriptSettings,
  logs: string[],
): Promise<string | undefined> {
  const where = tp.logSettings?.logLocationSettings;
  if (tp.logSettings?.logDestination !== 'ExternalStore' || where === undefined) return undefined;
  try {
    const path = where.path ?? '';
    const resolve = logStoreResolver(requireDataAccess(ctx));
    const { store, folder } = await resolve(where.linkedServiceName ?? null, path);
    const dir = [folder, 'scriptactivity-logs', ctx.activity.name, ctx.activityRunId]
      .filter((s) => s)
      .join('/');
    const file = `${dir}/${randomUUID()}.txt`;
    const handle = await store.openWrite(file);
    handle.stream.end(logs.join('\n'));
    await handle.commit();
    return [path.replace(/\/+$/, ''), 'scriptactivity-logs', ctx.activity.name, ctx.activityRunId]
      .filter((s) => s)
      .join('/');
  } catch (err) {
    ctx.log(`could not write script logs: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
