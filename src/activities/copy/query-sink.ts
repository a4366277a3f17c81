import type {
  AnyDatasetBinding,
  DataPlane,
  DataPlaneSession,
  DatasetBinding,
  SinkFile,
  SqlValue,
  TableDatasetBinding,
} from '../../contracts/index.js';
import type { JsonObject } from '../../model/index.js';
import { isJsonObject } from '../../model/index.js';
import { isTableBinding, userError } from './data-access.js';
import type { ProgressReporter } from './progress.js';

/** Where and how a DuckDB query's rows are written. */
export interface QuerySinkOptions {
  readonly session: DataPlaneSession;
  readonly dataPlane: DataPlane;
  /** `sink` settings of the Copy activity (`formatSettings`, `preCopyScript`, `tableOption`, `writeBehavior`). */
  readonly settings: JsonObject;
  /** Names generated files `Data.<activityRunId><ext>` when the sink dataset has no fileName. */
  readonly activityRunId: string;
  readonly tmpDir: string;
  readonly signal?: AbortSignal;
  readonly progress?: ProgressReporter;
}

/** What a query sink produced. A file still has to be committed (or aborted); a table is already committed. */
export interface QuerySinkResult {
  readonly rows: number;
  readonly bytes: number;
  readonly file?: SinkFile;
}

/**
 * Writes the rows of a DuckDB query to a dataset: a file sink through its format's `COPY … TO` into an
 * uncommitted temporary file, a table sink through `TableStore.writeRows` in one transaction (rows streamed).
 */
export async function writeQueryToSink(
  query: string,
  sink: AnyDatasetBinding,
  o: QuerySinkOptions,
): Promise<QuerySinkResult> {
  if (isTableBinding(sink)) return { rows: await writeTable(query, sink, o), bytes: 0 };
  if (!sink.format.tabular) {
    throw userError(
      'copy/incompatible-formats',
      `cannot write rows to ${sink.format.kind} dataset ${sink.name}`,
    );
  }
  const file = await o.dataPlane.openSinkFile(sink, sinkPath(sink, o.activityRunId), o.tmpDir);
  try {
    const fmt = isJsonObject(o.settings['formatSettings']) ? o.settings['formatSettings'] : {};
    const statement = o.dataPlane.writeSql(sink.format, query, file.localPath, {
      encoded: file.encoded,
      ...(typeof fmt['filePattern'] === 'string' ? { filePattern: fmt['filePattern'] } : {}),
      ...(fmt['quoteAllText'] === true ? { quoteAllText: true } : {}),
    });
    const rows = await o.session.run(statement).catch((err: unknown) => {
      const msg = err instanceof Error ? err.message : String(err);
      const why = msg
        .split('\n')
        .filter((l) => l.trim() !== '')
        .slice(0, 3)
        .join(' ');
      throw userError('copy/write-failed', `cannot write dataset ${sink.name}: ${why}`, err);
    });
    const bytes = await file.finish(o.signal);
    o.progress?.add({ rows, bytes, files: 1 });
    return { rows, bytes, file };
  } catch (err) {
    await file.abort();
    throw err;
  }
}

async function writeTable(query: string, ds: TableDatasetBinding, o: QuerySinkOptions): Promise<number> {
  const sink = o.settings;
  const behavior = typeof sink['writeBehavior'] === 'string' ? sink['writeBehavior'] : 'insert';
  if (behavior.toLowerCase() !== 'insert') {
    throw userError(
      'copy/invalid-setting',
      `sink.writeBehavior "${behavior}" is not supported; supported: insert`,
    );
  }
  if (!ds.table) throw userError('copy/invalid-setting', `sink dataset ${ds.name} names no table`);
  const columns = await o.session.describe(`(${query})`);
  const preScript = typeof sink['preCopyScript'] === 'string' ? sink['preCopyScript'] : '';
  let reported = 0;
  return ds.store.writeRows(ds.table, columns, rowsOf(o.session.stream(query)), {
    autoCreate: sink['tableOption'] === 'autoCreate',
    ...(preScript.trim() !== '' ? { preScript } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
    onRows: (n) => {
      o.progress?.add({ rows: n - reported });
      reported = n;
    },
  });
}

async function* rowsOf(
  batches: AsyncIterable<{ rows: readonly (readonly SqlValue[])[] }>,
): AsyncIterable<readonly (readonly SqlValue[])[]> {
  for await (const b of batches) if (b.rows.length > 0) yield b.rows;
}

/** Store path of the file a query writes: the dataset's fileName, else `Data.<activityRunId><ext>`. */
export function sinkPath(sink: DatasetBinding, activityRunId: string): string {
  const name = sink.fileName ?? `Data.${activityRunId}${sink.format.extension}`;
  return sink.folderPath === '' ? name : `${sink.folderPath}/${name}`;
}
