"""Local Spark for Millrace notebooks: the `spark` session, `sc`, `sqlContext`, `display()` and `%sql` cells.

Databricks gives every notebook a ready SparkSession; here it is a local one (`local[*]`) started once per notebook
process when the notebook uses Spark, with a Hive metastore (embedded Derby) and warehouse under the project's
`.millrace/`, so `saveAsTable` / `spark.table` persist between activities and runs. Spark reader and writer paths
go through the same DBFS translation as `dbutils.fs` (`dbfs:/`, `/dbfs/`, `/mnt/`, mapped `abfss://`/`wasbs://`).
"""

import importlib.util
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


def start_spark(conf, fs, app_name):
    """A local SparkSession configured as described in this module's docstring."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    from pyspark.sql import DataFrameReader, DataFrameWriter, SparkSession

    def translate(path):
        if isinstance(path, (list, tuple)):
            return [translate(p) for p in path]
        return fs.spark_path(path) if isinstance(path, str) else path

    _patch_paths(DataFrameReader, _READ, translate)
    _patch_paths(DataFrameWriter, _WRITE, translate)
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


def notebook_globals(job, fs, cells):
    """`spark`, `sc`, `sqlContext` for the notebook: real ones when it uses Spark and pyspark is there, else stand-ins."""
    if not has_pyspark():
        return {n: _NoSpark(n) for n in ("spark", "sc", "sqlContext")}
    if not uses_spark(cells):
        return {}
    session = start_spark(job["spark"], fs, job["notebookPath"])
    from pyspark.sql import SQLContext

    try:
        sql_context = SQLContext(session.sparkContext, session)
    except Exception:  # noqa: BLE001 - SQLContext is deprecated; some builds refuse it
        sql_context = session
    return {"spark": session, "sc": session.sparkContext, "sqlContext": sql_context}


def display(*objs, **_kwargs):
    """Databricks' display(): a DataFrame as a text table (first rows) in the activity log, anything else printed."""
    for obj in objs:
        if hasattr(obj, "show") and hasattr(obj, "schema"):
            obj.show(n=DISPLAY_ROWS, truncate=40)
        elif hasattr(obj, "to_string"):
            print(obj.to_string(max_rows=DISPLAY_ROWS))
        else:
            print(obj)


def display_html(html):
    print(html)


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
