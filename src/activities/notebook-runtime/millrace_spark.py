"""Local Spark for Millrace notebooks: the `spark` session, `sc`, `sqlContext`, `display()` and `%sql` cells.

Databricks gives every notebook a ready SparkSession on the cluster's one driver; here the driver is a local one
(`local[*]`, spark_host.py) that the runner starts once per run and environment, on the first notebook that uses
Spark, and every notebook of the run attaches to it with a session of its own (`attach_spark`). It has a Hive
metastore (embedded Derby, which one JVM at a time may open) and warehouse under the project's `.millrace/`, so
`saveAsTable` / `spark.table` persist between activities and runs. Without a shared driver (a notebook run on its
own) the notebook process starts its own session (`start_spark`). Spark reader and writer paths
go through the same DBFS translation as `dbutils.fs` (`dbfs:/`, `/dbfs/`, `/mnt/`, mapped `abfss://`/`wasbs://`).
"""

import importlib.util
import json
import os
import re
import sys

SPARK_HINT = (
    "pyspark is not installed in this notebook's environment: add {\"pypi\": {\"package\": \"pyspark\"}} "
    "to the activity's libraries (or use an interpreter that has it)"
)
SPARK_NAMES = re.compile(r"\b(spark|sc|sqlContext|pyspark)\b")
DISPLAY_ROWS = 100


class SparkNotAvailable(RuntimeError):
    """Raised when a notebook touches `spark`, `sc` or `sqlContext` and pyspark is not importable."""


class _NoSpark:
    """Stands for `spark`/`sc`/`sqlContext` without pyspark: any use fails with one line saying how to get it."""

    def __init__(self, name):
        object.__setattr__(self, "_name", name)

    def __getattr__(self, attr):
        raise SparkNotAvailable("%s.%s: %s" % (self._name, attr, SPARK_HINT))

    def __call__(self, *args, **kwargs):
        raise SparkNotAvailable("%s: %s" % (self._name, SPARK_HINT))

    def __repr__(self):
        return "<%s: not available, %s>" % (self._name, SPARK_HINT)


def has_pyspark():
    return importlib.util.find_spec("pyspark") is not None


def uses_spark(cells):
    """True when a cell (or a %run include) is %sql or mentions Spark's names."""
    for cell in cells:
        kind = cell["kind"]
        if kind == "sql":
            return True
        if kind == "code" and SPARK_NAMES.search(cell["source"]):
            return True
        if kind == "include" and uses_spark(cell["cells"]):
            return True
    return False


_READ = ("load", "csv", "json", "parquet", "orc", "text")
_WRITE = ("save", "csv", "json", "parquet", "orc", "text")


def _patch_paths(cls, methods, translate):
    """Reader/writer methods take a path (or list of paths) first or as `path=`: translate it before Spark sees it."""
    for name in methods:
        original = getattr(cls, name, None)
        if original is None or getattr(original, "_millrace", False):
            continue

        def wrapper(self, *args, __original=original, **kwargs):
            if args:
                args = (translate(args[0]),) + args[1:]
            if "path" in kwargs:
                kwargs["path"] = translate(kwargs["path"])
            return __original(self, *args, **kwargs)

        wrapper._millrace = True
        wrapper.__doc__ = original.__doc__
        setattr(cls, name, wrapper)


def _translator(fs):
    def translate(path):
        if isinstance(path, (list, tuple)):
            return [translate(p) for p in path]
        return fs.spark_path(path) if isinstance(path, str) else path

    return translate


def build_session(conf, app_name):
    """A local SparkSession (`local[*]`, Hive metastore in embedded Derby, warehouse) as this module describes."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    metastore = conf["metastoreDir"]
    os.makedirs(os.path.dirname(metastore), exist_ok=True)
    log4j = os.path.join(os.path.dirname(os.path.abspath(__file__)), "millrace_log4j2.properties")
    java_opts = "-Dderby.system.home=%s -Dderby.stream.error.file=%s -Dlog4j2.configurationFile=file:%s" % (
        os.path.dirname(metastore),
        os.path.join(os.path.dirname(metastore), "derby.log"),
        log4j,
    )
    builder = (
        SparkSession.builder.master("local[*]")
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.warehouse.dir", conf["warehouseDir"])
        .config("spark.driver.extraJavaOptions", java_opts)
        .config("spark.hadoop.javax.jdo.option.ConnectionURL", "jdbc:derby:;databaseName=%s;create=true" % metastore)
    )
    for key, values in (
        ("spark.jars", conf.get("jars")),
        ("spark.jars.packages", conf.get("packages")),
        ("spark.jars.repositories", conf.get("repositories")),
    ):
        if values:
            builder = builder.config(key, ",".join(values))
    session = builder.enableHiveSupport().getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _patch_all(fs):
    from pyspark.sql import DataFrameReader, DataFrameWriter

    translate = _translator(fs)
    _patch_paths(DataFrameReader, _READ, translate)
    _patch_paths(DataFrameWriter, _WRITE, translate)


def start_spark(conf, fs, app_name):
    """A SparkSession of this process (no shared session offered): path translation on, then `build_session`."""
    _patch_all(fs)
    return build_session(conf, app_name)


def attach_spark(gateway, fs):
    """A new SparkSession on the run's shared Spark driver (spark_host.py), reached over its py4j gateway.

    As on a Databricks cluster, every notebook gets its own session (temp views, SQL settings) over one
    SparkContext, catalog and metastore; `sc` is that shared context. The gateway secret never reaches
    `os.environ` of the notebook: it is set only while pyspark connects.
    """
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway
    from pyspark.sql import SparkSession

    _patch_all(fs)
    os.environ["PYSPARK_GATEWAY_PORT"] = str(gateway["port"])
    os.environ["PYSPARK_GATEWAY_SECRET"] = gateway["secret"]
    try:
        gw = launch_gateway()
    finally:
        del os.environ["PYSPARK_GATEWAY_PORT"]
        del os.environ["PYSPARK_GATEWAY_SECRET"]
    jvm = gw.jvm
    jsc = jvm.org.apache.spark.api.java.JavaSparkContext(jvm.org.apache.spark.SparkContext.getOrCreate())
    sc = SparkContext(gateway=gw, jsc=jsc, conf=SparkConf(_jconf=jsc.getConf()))
    shared = jvm.org.apache.spark.sql.SparkSession.getDefaultSession()
    if not shared.isDefined():
        raise RuntimeError("millrace: the run's shared Spark driver has no session")
    session = SparkSession(sc, shared.get().newSession())

    def keep_running():
        print("millrace: stop() ignored: the run's shared Spark driver stops when the run ends")

    # Stopping the shared context would fail every other notebook of the run.
    session.stop = keep_running
    sc.stop = keep_running
    return session


def notebook_globals(job, fs, cells, shared_gateway=None):
    """`spark`, `sc`, `sqlContext` for the notebook: real ones when it uses Spark and pyspark is there, else stand-ins.

    `shared_gateway()` asks the runner for the run's shared Spark driver (`{port, secret}`, or None when there is
    none to share); without it, or when it answers None, the notebook starts a session of its own.
    """
    if not has_pyspark():
        return {n: _NoSpark(n) for n in ("spark", "sc", "sqlContext")}
    if not uses_spark(cells):
        return {}
    gateway = shared_gateway() if shared_gateway is not None else None
    if gateway:
        session = attach_spark(gateway, fs)
    else:
        session = start_spark(job["spark"], fs, job["notebookPath"])
    from pyspark.sql import SQLContext

    try:
        sql_context = SQLContext(session.sparkContext, session)
    except Exception:  # noqa: BLE001 - SQLContext is deprecated; some builds refuse it
        sql_context = session
    return {"spark": session, "sc": session.sparkContext, "sqlContext": sql_context}


class _Displays:
    """Where display()/displayHTML() output is kept as the activity's artifacts (display-<n>.html, .json)."""

    folder = None
    prefix = ""
    count = 0

    def next_name(self):
        self.count += 1
        os.makedirs(self.folder, exist_ok=True)
        return os.path.join(self.folder, "%sdisplay-%d" % (self.prefix, self.count))


_displays = _Displays()


def keep_displays(folder, prefix=""):
    """Keep every display()/displayHTML() of this notebook as files in `folder` (names start with `prefix`)."""
    _displays.folder = folder
    _displays.prefix = prefix


def _write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _keep_table(columns, rows, truncated):
    """A displayed table as `display-<n>.json` ({columns, rows, truncated}) and `display-<n>.html`."""
    if _displays.folder is None:
        return
    import html

    base = _displays.next_name()
    cells = [[None if v is None else v if isinstance(v, (bool, int, float, str)) else str(v) for v in r] for r in rows]
    _write_atomic(base + ".json", json.dumps({"columns": columns, "rows": cells, "truncated": truncated}, indent=1))
    head = "".join("<th>%s</th>" % html.escape(c["name"]) for c in columns)
    body = "".join(
        "<tr>%s</tr>" % "".join("<td>%s</td>" % ("null" if v is None else html.escape(str(v))) for v in r) for r in cells
    )
    more = "<p>showing the first %d rows</p>" % len(rows) if truncated else ""
    _write_atomic(base + ".html", "<!doctype html><meta charset=utf-8><table border=1><thead><tr>%s</tr></thead>"
                  "<tbody>%s</tbody></table>%s\n" % (head, body, more))


def _display_spark(df):
    rows = df.take(DISPLAY_ROWS + 1)
    truncated = len(rows) > DISPLAY_ROWS
    rows = rows[:DISPLAY_ROWS]
    try:
        # The text table of the log from the rows already taken: the DataFrame's plan runs once.
        df.sparkSession.createDataFrame(rows, df.schema).show(n=DISPLAY_ROWS, truncate=40)
    except Exception:  # noqa: BLE001 - a schema createDataFrame refuses: let Spark compute it again
        df.show(n=DISPLAY_ROWS, truncate=40)
    if truncated:
        print("only showing top %d rows" % DISPLAY_ROWS)
    _keep_table([{"name": f.name, "type": f.dataType.simpleString()} for f in df.schema.fields],
                [list(r) for r in rows], truncated)


def _display_pandas(pdf):
    print(pdf.to_string(max_rows=DISPLAY_ROWS))
    head = pdf.head(DISPLAY_ROWS)
    _keep_table([{"name": str(c), "type": str(t)} for c, t in head.dtypes.items()],
                head.astype(object).where(head.notna(), None).values.tolist(), len(pdf) > DISPLAY_ROWS)


def display(*objs, **_kwargs):
    """Databricks' display(): a DataFrame as a text table (first rows) in the activity log and as an artifact
    (`display-<n>.json` and `.html`); anything else printed."""
    for obj in objs:
        if hasattr(obj, "show") and hasattr(obj, "schema"):
            _display_spark(obj)
        elif hasattr(obj, "to_string") and hasattr(obj, "dtypes"):
            _display_pandas(obj)
        elif hasattr(obj, "to_string"):
            print(obj.to_string(max_rows=DISPLAY_ROWS))
        else:
            print(obj)


def display_html(html):
    """Databricks' displayHTML(): printed to the log, and kept as the artifact `display-<n>.html`."""
    print(html)
    if _displays.folder is not None:
        _write_atomic(_displays.next_name() + ".html", str(html))


def split_sql(text):
    """Statements of a %sql cell: split on `;` outside quotes and comments; empty ones dropped."""
    out, buf, quote, i = [], [], None, 0
    while i < len(text):
        ch = text[i]
        if quote:
            buf.append(ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"', "`"):
            quote = ch
            buf.append(ch)
        elif ch == "-" and text.startswith("--", i):
            j = text.find("\n", i)
            i = len(text) if j == -1 else j
            continue
        elif ch == ";":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    out.append("".join(buf))
    return [s.strip() for s in out if s.strip()]


def run_sql(source, g):
    """A %sql cell: each statement through spark.sql; the last result is displayed, as Databricks shows it."""
    spark = g.get("spark")
    if spark is None or isinstance(spark, _NoSpark):
        raise SparkNotAvailable("%%sql: %s" % SPARK_HINT)
    result = None
    for statement in split_sql(source):
        result = spark.sql(statement)
    if result is not None and len(result.columns) > 0:
        g["_sqldf"] = result
        display(result)
