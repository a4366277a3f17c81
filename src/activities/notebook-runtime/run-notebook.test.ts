import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NotebookError } from './notebook-error.js';
import type { LogStream } from './log-sink.js';
import type { RunNotebookOptions } from './run-notebook.js';
import { runNotebook } from './run-notebook.js';

const H = '# Databricks notebook source';
const SEP = '\n\n# COMMAND ----------\n\n';
const nb = (...cells: string[]): string => `${H}\n${cells.join(SEP)}\n`;

let dir: string;
let count = 0;
const secrets = {
  get: (scope: string, key: string): Promise<string | undefined> =>
    Promise.resolve(scope === 'kv' && key === 'token' ? 's3cr3t-value' : undefined),
  list: (): Promise<readonly string[]> => Promise.resolve(['token']),
  listScopes: (): Promise<readonly string[]> => Promise.resolve(['kv']),
};

function write(name: string, text: string): void {
  writeFileSync(join(dir, 'nb', name), text);
}

function run(path: string, extra: Partial<RunNotebookOptions> = {}) {
  const lines: { line: string; stream: LogStream }[] = [];
  const logFile = join(dir, 'logs', `run-${++count}.log`);
  const run = runNotebook({
    notebookPath: path,
    notebooks: { '/Shared/team': join(dir, 'nb') },
    dbfsRoot: join(dir, 'dbfs'),
    logFile,
    secrets,
    onLog: (line, stream) => lines.push({ line, stream }),
    ...extra,
  });
  return { run, lines, logFile };
}

async function failure(path: string, extra: Partial<RunNotebookOptions> = {}) {
  const r = run(path, extra);
  const err = (await r.run.then(
    () => expect.fail('expected the notebook to fail'),
    (e: unknown) => e,
  )) as NotebookError;
  return { err, lines: r.lines, logFile: r.logFile };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'millrace-nb-'));
  mkdirSync(join(dir, 'nb', 'lib'), { recursive: true });
  write(
    'params.py',
    nb(
      '# MAGIC %md\n# MAGIC # Reads parameters',
      'dbutils.widgets.text("region", "eu")\ndbutils.widgets.text("day", "2024-01-01")\nregion = dbutils.widgets.get("region")\nday = getArgument("day")\nmissing = getArgument("nope", "dflt")',
      'import json\nprint("hello", region, day)\nwith open("out.txt", "w") as f:\n    f.write(region)\ndbutils.fs.put("dbfs:/tmp/a.txt", "A", True)\ndbutils.notebook.exit(json.dumps({"region": region, "day": day, "missing": missing, "ls": [f.name for f in dbutils.fs.ls("dbfs:/tmp")]}))',
      'raise RuntimeError("never runs")',
    ),
  );
  write(
    'fail.py',
    nb('x = 1', '# MAGIC %md\n# MAGIC doc', 'y = 2\n\ndef f():\n    raise ValueError("bad value")\nf()'),
  );
  write(
    'secret.py',
    nb('tok = dbutils.secrets.get("kv", "token")\nprint("token is", tok)', 'raise KeyError(tok)'),
  );
  write('parent.py', nb('v = dbutils.notebook.run("./lib/child", 60, {"n": 21})\ndbutils.notebook.exit(v)'));
  write(
    'lib/child.py',
    nb('n = int(dbutils.widgets.get("n"))\nprint("child sees", n)\ndbutils.notebook.exit(str(n * 2))'),
  );
  write('lib/common.py', nb('GREETING = "hi " + dbutils.widgets.get("who")'));
  write(
    'include.py',
    nb('%run ./lib/common $who="bob"'.replace(/^/, '# MAGIC '), 'dbutils.notebook.exit(GREETING)'),
  );
  write(
    'fsops.py',
    nb(
      [
        'fs = dbutils.fs',
        'fs.mkdirs("dbfs:/data/in")',
        'fs.put("/dbfs/data/in/a.csv", "x,y\\n1,2\\n", True)',
        'fs.cp("dbfs:/data/in/a.csv", "dbfs:/data/out/b.csv")',
        'fs.mv("dbfs:/data/out/b.csv", "/data/out/c.csv")',
        'head = fs.head("dbfs:/data/out/c.csv", 3)',
        'names = [f.name for f in fs.ls("dbfs:/data")]',
        'paths = [f.path for f in fs.ls("dbfs:/data/out")]',
        'removed = fs.rm("dbfs:/data/in", True)',
        'try:',
        '    fs.ls("dbfs:/../../etc")',
        '    escaped = "yes"',
        'except Exception as e:',
        '    escaped = type(e).__name__',
        'scopes = [s.name for s in dbutils.secrets.listScopes()]',
        'keys = [k.key for k in dbutils.secrets.list("kv")]',
        'import json',
        'dbutils.notebook.exit(json.dumps(dict(head=head, names=names, paths=paths, removed=removed, escaped=escaped, scopes=scopes, keys=keys)))',
      ].join('\n'),
    ),
  );
  write(
    'childfail.py',
    nb(
      'try:\n    dbutils.notebook.run("./fail", 0)\nexcept Exception as e:\n    dbutils.notebook.exit(type(e).__name__ + ": " + str(e))',
    ),
  );
  write('nowidget.py', nb('dbutils.widgets.get("absent")'));
  write('sql.py', nb('x = 1', '# MAGIC %sql\n# MAGIC SELECT 1'));
  write('spark.py', nb('df = spark.read.csv("x")'));
  write(
    'sleep.py',
    nb(
      'import subprocess, time\np = subprocess.Popen(["sleep", "30"])\nopen("child.pid", "w").write(str(p.pid))\nprint("sleeping", flush=True)\ntime.sleep(30)',
    ),
  );
  write(
    'jup.ipynb',
    JSON.stringify({
      cells: [
        { cell_type: 'markdown', source: ['# title'] },
        { cell_type: 'code', source: ['a = 40\n', 'b = 2'] },
        { cell_type: 'code', source: 'dbutils.notebook.exit(str(a + b))' },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    }),
  );
});

/** True when the process exists and is not a zombie (an orphan's zombie may wait for a lazy init to reap it). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = `/proc/${pid}/stat`;
  return !existsSync(stat) || !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

describe('runNotebook', () => {
  it('reads parameters and widget defaults, writes files, exits with JSON', async () => {
    const r = run('/Shared/team/params', { baseParameters: { region: 'us' } });
    const result = await r.run;
    expect(result.runOutput).toEqual({ region: 'us', day: '2024-01-01', missing: 'dflt', ls: ['a.txt'] });
    expect(result.exitValue).toBe(JSON.stringify(result.runOutput).replace(/,/g, ', ').replace(/:/g, ': '));
    expect(result.cellsRun).toBe(2);
    expect(readFileSync(join(dir, 'nb', 'out.txt'), 'utf8')).toBe('us');
    expect(readFileSync(join(dir, 'dbfs', 'tmp', 'a.txt'), 'utf8')).toBe('A');
    expect(r.lines).toContainEqual({ line: 'hello us 2024-01-01', stream: 'stdout' });
    expect(readFileSync(r.logFile, 'utf8')).toContain('hello us 2024-01-01');
  });

  it('runs in the given working directory', async () => {
    const workingDir = join(dir, 'wd');
    mkdirSync(workingDir);
    await run('/Shared/team/params', { workingDir }).run;
    expect(readFileSync(join(workingDir, 'out.txt'), 'utf8')).toBe('eu');
  });

  it('fails with the exception type, cell number and line within the cell', async () => {
    const { err, logFile } = await failure('/Shared/team/fail');
    expect(err.code).toBe('activity/notebook-cell-failed');
    expect(err.failure).toMatchObject({
      exceptionType: 'ValueError',
      exceptionMessage: 'bad value',
      cell: 3,
      line: 4,
    });
    expect(err.message).toBe('notebook /Shared/team/fail failed in cell 3, line 4: ValueError: bad value');
    // fail.py: header (1), cell 1 (2), separator block (3-5), %md cell (6-7), separator block (8-10), cell 3 from 11.
    expect(err.location).toEqual({ file: join(dir, 'nb', 'fail.py'), line: 14 });
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('Traceback (most recent call last):');
    expect(log).toContain('raise ValueError("bad value")');
    expect(log).not.toContain('driver.py');
  });

  it('redacts secrets in streamed lines, the log file and the error', async () => {
    const { err, lines, logFile } = await failure('/Shared/team/secret');
    expect(lines.map((l) => l.line)).toContain('token is [REDACTED]');
    const log = readFileSync(logFile, 'utf8');
    expect(log).toContain('token is [REDACTED]');
    expect(log).not.toContain('s3cr3t-value');
    expect(err.message).not.toContain('s3cr3t-value');
    expect(err.message).toContain("KeyError: '[REDACTED]'");
    expect(err.failure?.cell).toBe(2);
  });

  it('runs a child notebook in its own process and returns its exit value', async () => {
    const r = run('/Shared/team/parent');
    const result = await r.run;
    expect(result.exitValue).toBe('42');
    expect(result.runOutput).toBe('42');
    expect(r.lines.map((l) => l.line)).toContain('[/Shared/team/lib/child] child sees 21');
    expect(existsSync(r.logFile.replace(/\.log$/, '.child-1.log'))).toBe(true);
  });

  it('offers dbutils.fs over the DBFS folder and secret listings', async () => {
    const result = await run('/Shared/team/fsops').run;
    expect(result.runOutput).toEqual({
      head: 'x,y',
      names: ['in/', 'out/'],
      paths: ['dbfs:/data/out/c.csv'],
      removed: true,
      escaped: 'DbfsPathError',
      scopes: ['kv'],
      keys: ['token'],
    });
    expect(readFileSync(join(dir, 'dbfs', 'data', 'out', 'c.csv'), 'utf8')).toBe('x,y\n1,2\n');
  });

  it('raises WorkflowException in the parent when a child notebook fails', async () => {
    const result = await run('/Shared/team/childfail').run;
    expect(result.exitValue).toMatch(
      /^WorkflowException: Notebook \/Shared\/team\/fail failed: notebook \/Shared\/team\/fail failed in cell 3, line 4: ValueError: bad value$/,
    );
  });

  it('fails on a widget that is neither defined nor passed', async () => {
    const { err } = await failure('/Shared/team/nowidget');
    expect(err.failure).toMatchObject({ exceptionType: 'InputWidgetNotDefined', cell: 1, line: 1 });
  });

  it('runs %run includes inline in the same globals with $arguments', async () => {
    const result = await run('/Shared/team/include').run;
    expect(result.runOutput).toBe('hi bob');
  });

  it('runs .ipynb code cells and skips markdown', async () => {
    const result = await run('/Shared/team/jup').run;
    expect(result.exitValue).toBe('42');
    expect(result.cellsRun).toBe(2);
  });

  it('fails %sql cells without pyspark, saying how to get it', async () => {
    const { err } = await failure('/Shared/team/sql');
    expect(err.failure).toMatchObject({ exceptionType: 'SparkNotAvailable', cell: 2 });
    expect(err.message).toContain(
      `%sql: pyspark is not installed in this notebook's environment: add {"pypi": {"package": "pyspark"}} to the activity's libraries`,
    );
  });

  it('fails a use of spark without pyspark with one line saying to add it to the libraries', async () => {
    const { err } = await failure('/Shared/team/spark');
    expect(err.failure).toMatchObject({ exceptionType: 'SparkNotAvailable', cell: 1, line: 1 });
    expect(err.failure?.exceptionMessage).toBe(
      `spark.read: pyspark is not installed in this notebook's environment: add {"pypi": {"package": "pyspark"}} to the activity's libraries (or use an interpreter that has it)`,
    );
  });

  it('kills the process tree on timeout', async () => {
    const started = Date.now();
    const { err, lines } = await failure('/Shared/team/sleep', { timeoutMs: 2500, killGraceMs: 200 });
    expect(err.code).toBe('activity/process-timed-out');
    expect(lines.map((l) => l.line)).toContain('sleeping');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isAlive(Number(readFileSync(join(dir, 'nb', 'child.pid'), 'utf8')))).toBe(false);
  });

  it('kills the process tree when aborted', async () => {
    const controller = new AbortController();
    const r = run('/Shared/team/sleep', {
      signal: controller.signal,
      onLog: (line) => line === 'sleeping' && controller.abort(new Error('stop')),
    });
    await expect(r.run).rejects.toMatchObject({ code: 'activity/process-cancelled' });
    expect(isAlive(Number(readFileSync(join(dir, 'nb', 'child.pid'), 'utf8')))).toBe(false);
  });

  it('reports an interpreter that cannot start', async () => {
    await expect(run('/Shared/team/jup', { interpreter: 'no-such-python-xyz' }).run).rejects.toMatchObject({
      code: 'activity/process-spawn-failed',
    });
  });

  it('reports a missing notebook before starting Python', async () => {
    await expect(run('/Shared/team/nope').run).rejects.toMatchObject({
      code: 'activity/notebook-not-found',
    });
  });
});

describe('DBFS mounts and /dbfs paths', () => {
  it('maps /dbfs/mnt/<mount> to the mount folder for open() and dbutils.fs, and other /dbfs paths to the root', async () => {
    const mounted = join(dir, 'lake', 'prepared');
    mkdirSync(mounted, { recursive: true });
    writeFileSync(join(mounted, 'in.csv'), 'a,b\n1,2\n');
    write(
      'mounts.py',
      nb(
        'with open("/dbfs/mnt/prepared/in.csv") as f:\n    text = f.read()\nwith open("/dbfs/mnt/prepared/out.txt", "w") as f:\n    f.write(text.upper())\nwith open("/dbfs/scratch.txt", "w") as f:\n    f.write("root")',
        'dbutils.notebook.exit(dbutils.fs.head("dbfs:/mnt/prepared/out.txt"))',
      ),
    );
    const r = run('/Shared/team/mounts', { dbfsMounts: { '/mnt/prepared': mounted } });
    const result = await r.run;
    expect(result.exitValue).toBe('A,B\n1,2\n');
    expect(readFileSync(join(mounted, 'out.txt'), 'utf8')).toBe('A,B\n1,2\n');
    expect(readFileSync(join(dir, 'dbfs', 'scratch.txt'), 'utf8')).toBe('root');
    expect(existsSync(join(dir, 'dbfs', 'mnt', 'prepared', 'out.txt'))).toBe(false);
  });

  it('refuses a /dbfs path that climbs out of a mount', async () => {
    write('escape.py', nb('open("/dbfs/mnt/prepared/../../../etc/passwd").read()'));
    const { err } = await failure('/Shared/team/escape', {
      dbfsMounts: { '/mnt/prepared': join(dir, 'lake', 'prepared') },
    });
    expect(err.message).toMatch(/escapes the DBFS folder/);
  });
});
