import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { JsonValue } from '../../model/index.js';
import type { CopyRequest } from './copy-request.js';
import type { CopySettings } from './copy-settings.js';
import type { DataPlaneSession } from '../../contracts/index.js';
import { SKIPPED_ROWS_TABLE } from './tabular-copy.js';

/**
 * Writes the skipped rows as ADF's session log (`Timestamp, Level, OperationName, OperationItem, Message`) to
 * `<path>/copyactivity-logs/<activity>/<activity run id>/<guid>.csv` of `redirectIncompatibleRowSettings` or
 * `logSettings.logLocationSettings`. Returns the log folder, or undefined when no log location is set.
 */
export async function writeSkippedRowsLog(
  session: DataPlaneSession,
  tp: CopySettings,
  req: CopyRequest,
  tmpDir: string,
): Promise<string | undefined> {
  const where = logLocation(tp);
  if (!where || !req.logStore) return undefined;
  const { store, folder } = await req.logStore(where.linkedServiceName, where.path);
  const dir = [folder, 'copyactivity-logs', req.activityName, req.activityRunId].filter((s) => s).join('/');
  const local = join(tmpDir, `log-${randomUUID()}.csv`);
  await session.run(
    `COPY (SELECT strftime(now(), '%Y-%m-%dT%H:%M:%S.%gZ') AS "Timestamp", 'Warning' AS "Level", ` +
      `'TabularRowSkip' AS "OperationName", file || ':' || line AS "OperationItem", ` +
      `error_message || ' | ' || coalesce(csv_line, '') AS "Message" FROM ${SKIPPED_ROWS_TABLE}) ` +
      `TO ${req.dataPlane.sqlString(local)} (FORMAT csv, HEADER true)`,
  );
  const handle = await store.openWrite(`${dir}/${randomUUID()}.csv`);
  try {
    await pipeline(createReadStream(local), handle.stream);
    await handle.commit();
  } catch (err) {
    await handle.abort();
    throw err;
  }
  return dir;
}

function logLocation(tp: CopySettings): { linkedServiceName: JsonValue; path: string } | undefined {
  const loc = tp.redirectIncompatibleRowSettings ?? tp.logSettings?.logLocationSettings;
  if (!loc || loc['linkedServiceName'] === undefined) return undefined;
  return {
    linkedServiceName: loc['linkedServiceName'],
    path: typeof loc['path'] === 'string' ? loc['path'] : '',
  };
}
