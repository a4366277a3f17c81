import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runNotebook } from './run-notebook.js';

// Plain python3 (no pyspark): DBFS paths, dbutils members and the no-Spark stand-ins, as notebook code sees them.
const dir = mkdtempSync(join(tmpdir(), 'millrace-nbpaths-'));
mkdirSync(join(dir, 'nb'));
mkdirSync(join(dir, 'raw'));
writeFileSync(join(dir, 'raw', 'in.csv'), 'a,b\n1,2\n');
writeFileSync(
  join(dir, 'nb', 'paths.py'),
  `# Databricks notebook source
import json, os
out = {}
with open("/dbfs/mnt/raw/in.csv") as f:
    out["open"] = f.read().splitlines()[1]
out["exists"] = os.path.exists("/dbfs/mnt/raw/in.csv")
os.makedirs("/dbfs/tmp/made", exist_ok=True)
with open("/dbfs/tmp/made/x.txt", "w") as f:
    f.write("x")
out["listdir"] = os.listdir("/dbfs/tmp/made")
out["ls"] = [(i.path, i.name) for i in dbutils.fs.ls("dbfs:/tmp/made")]
out["lake"] = dbutils.fs.head("abfss://raw@acct.dfs.core.windows.net/in.csv")
out["lakeBlob"] = dbutils.fs.head("wasbs://raw@acct.blob.core.windows.net/in.csv")
try:
    dbutils.fs.head("abfss://other@acct.dfs.core.windows.net/in.csv")
except Exception as e:
    out["unmapped"] = str(e)
dbutils.fs.mount("file:${join(dir, 'raw')}", "/mnt/extra")
out["mounts"] = sorted(m.mountPoint for m in dbutils.fs.mounts())
out["extra"] = dbutils.fs.head("/mnt/extra/in.csv")
dbutils.fs.unmount("/mnt/extra")
try:
    dbutils.fs.lsx("/")
except AttributeError as e:
    out["unknown"] = str(e)
dbutils.library.restartPython()
try:
    dbutils.widgets.get("nope")
except Exception as e:
    out["widget"] = type(e).__name__
out["spark"] = repr(spark)
dbutils.notebook.exit(json.dumps(out))
`,
);

describe('notebook paths and dbutils without Spark', () => {
  it('maps /dbfs for open and os, cloud URLs through mount sources, and lists members for unknown ones', async () => {
    const lines: string[] = [];
    const result = await runNotebook({
      notebookPath: '/Shared/paths',
      notebooks: { '/Shared': join(dir, 'nb') },
      dbfsRoot: join(dir, 'dbfs'),
      dbfsMounts: { '/mnt/raw': join(dir, 'raw') },
      dbfsSources: { '/mnt/raw': 'abfss://raw@acct.dfs.core.windows.net/' },
      logFile: join(dir, 'log.txt'),
      onLog: (line) => lines.push(line),
    });
    const out = result.runOutput as Record<string, unknown>;
    expect(out).toMatchObject({
      open: '1,2',
      exists: true,
      listdir: ['x.txt'],
      ls: [['dbfs:/tmp/made/x.txt', 'x.txt']],
      lake: 'a,b\n1,2\n',
      lakeBlob: 'a,b\n1,2\n',
      mounts: ['/mnt/extra', '/mnt/raw'],
      extra: 'a,b\n1,2\n',
      widget: 'InputWidgetNotDefined',
    });
    expect(out['unmapped']).toContain(
      'abfss://other@acct.dfs.core.windows.net/in.csv is not mapped to a local folder: map its container to a mount in millrace.json or in the environment\'s parameters file (environments/<name>.json), e.g. "dbfs": {"mounts": {"/mnt/<name>": "<folder>"}, "sources": {"/mnt/<name>": "abfss://other@acct.dfs.core.windows.net/"}}',
    );
    expect(out['unknown']).toBe(
      "dbutils.fs has no member 'lsx'; available: cp, head, help, local_path, ls, mkdirs, mount, mounts, mv, put, refreshMounts, rm, spark_path, unmount",
    );
    expect(out['spark']).toContain('pyspark is not installed');
    expect(lines).toContain(
      'millrace: dbutils.library.restartPython() does nothing locally: libraries are installed before the run',
    );
  });
});
