"""Millrace notebook driver.

Runs the cells of one notebook, in order, in one globals dict with a local ``dbutils``
(millrace_dbutils.py beside this file). The parent Node process (run-notebook.ts) talks to it
over two extra pipes, so user ``print`` output on stdout/stderr never mixes with the protocol:

* fd 3 (driver -> parent): JSON lines, events and requests;
* fd 4 (parent -> driver): the job (first line), then one JSON response per request.
"""

import builtins
import json
import linecache
import os
import sys
import threading
import traceback

# No __pycache__ beside the driver (the package folder may be read-only, or a source tree).
_write_bytecode = sys.dont_write_bytecode
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import millrace_fuse  # noqa: E402 - the modules sit beside this file
import millrace_spark  # noqa: E402
from millrace_dbutils import (  # noqa: E402
    DBUtils,
    SecretNotFound,
    UnsupportedMagicCommand,
    WorkflowException,
    _NotebookExit,
)

del sys.path[0]
sys.dont_write_bytecode = _write_bytecode

OUT_FD = 3
IN_FD = 4


class _CellFailed(Exception):
    def __init__(self, exc, line, where):
        super().__init__(str(exc))
        self.exc = exc
        self.line = line
        self.where = where


ERRORS = {
    "SecretNotFound": SecretNotFound,
    "WorkflowException": WorkflowException,
}


class Channel:
    def __init__(self):
        for fd in (OUT_FD, IN_FD):
            os.set_inheritable(fd, False)
        self._out = os.fdopen(OUT_FD, "w", encoding="utf-8")
        self._in = os.fdopen(IN_FD, "r", encoding="utf-8")
        self._lock = threading.Lock()
        self._next = 0

    def read_job(self):
        return json.loads(self._in.readline())

    def send(self, msg):
        with self._lock:
            self._out.write(json.dumps(msg) + "\n")
            self._out.flush()

    def request(self, op, **fields):
        with self._lock:
            self._next += 1
            self._out.write(json.dumps(dict(fields, op=op, id=self._next)) + "\n")
            self._out.flush()
            line = self._in.readline()
        if not line:
            raise RuntimeError("millrace: lost the connection to the runner")
        resp = json.loads(line)
        if not resp.get("ok"):
            raise ERRORS.get(resp.get("errorType"), RuntimeError)(resp.get("error"))
        return resp.get("value")


NO_SPARK_HINT = (
    " (this notebook does not mention spark, sc or sqlContext by name, so no Spark session was started; "
    "refer to `spark` in a cell)"
)


def _line_in(tb, filename):
    line = None
    for frame, lineno in traceback.walk_tb(tb):
        if frame.f_code.co_filename == filename:
            line = lineno
    return line


def _format_traceback(exc):
    """The traceback without the driver's own frames, source lines taken from the cells."""
    own = {os.path.abspath(__file__)} | {
        os.path.abspath(sys.modules[m].__file__) for m in ("millrace_dbutils", "millrace_fs", "millrace_spark", "millrace_fuse")
    }
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if os.path.abspath(f.filename) not in own]
    out = "Traceback (most recent call last):\n" if frames else ""
    return out + "".join(traceback.format_list(frames)) + "".join(traceback.format_exception_only(type(exc), exc))


def run_cells(cells, g, widgets, on_cell=None):
    for cell in cells:
        kind = cell["kind"]
        if kind == "skip":
            continue
        if on_cell is not None:
            on_cell(cell)
        fname = cell["label"]
        try:
            if kind == "code":
                source = cell["source"]
                linecache.cache[fname] = (len(source), None, source.splitlines(True), fname)
                exec(compile(source, fname, "exec"), g)
            elif kind == "sql":
                millrace_spark.run_sql(cell["source"], g)
            elif kind == "pip":
                print("millrace: %%pip install %s: installed in the notebook's environment before the run"
                      % " ".join(cell["args"]))
            elif kind == "fail":
                raise UnsupportedMagicCommand(cell["message"])
            elif kind == "include":
                saved = widgets._params
                widgets._params = dict(saved, **cell.get("arguments", {}))
                try:
                    run_cells(cell["cells"], g, widgets)
                finally:
                    widgets._params = saved
        except _NotebookExit:
            raise
        except _CellFailed as inner:
            raise _CellFailed(inner.exc, 1, [[fname, 1]] + inner.where) from None
        except SyntaxError as exc:
            line = exc.lineno if exc.filename == fname else _line_in(exc.__traceback__, fname)
            raise _CellFailed(exc, line, [[fname, line]]) from None
        except BaseException as exc:  # noqa: BLE001 - the notebook's failure, reported to the parent
            if isinstance(exc, SystemExit) and exc.code in (None, 0):
                raise
            line = _line_in(exc.__traceback__, fname)
            raise _CellFailed(exc, line, [[fname, line]]) from None


def main():
    channel = Channel()
    job = channel.read_job()
    os.chdir(job["cwd"])
    sys.path.insert(0, job["cwd"])
    sys.argv = [job["notebookPath"]]
    dbutils = DBUtils(channel, job["parameters"], job["dbfsRoot"], job.get("dbfsMounts"), job.get("dbfsSources"))
    # Databricks exposes DBFS to plain file APIs under /dbfs (the FUSE mount); so does this process.
    millrace_fuse.install(dbutils.fs)
    if job.get("artifactDir"):
        millrace_spark.keep_displays(job["artifactDir"], job.get("artifactPrefix", ""))
    g = {
        "__name__": "__main__",
        "__builtins__": builtins,
        "dbutils": dbutils,
        "getArgument": dbutils.widgets.getArgument,
        "display": millrace_spark.display,
        "displayHTML": millrace_spark.display_html,
    }
    code = 0
    try:
        try:
            shared = (lambda: channel.request("spark-gateway")) if job["spark"].get("shared") else None
            g.update(millrace_spark.notebook_globals(job, dbutils.fs, job["cells"], shared))
        except Exception as exc:  # noqa: BLE001 - reported as the notebook's failure
            raise _CellFailed(exc, None, [["<spark start-up>", None]]) from None
        run_cells(job["cells"], g, dbutils.widgets, lambda c: channel.send({"op": "cell", "cell": c["number"]}))
        channel.send({"op": "done"})
    except _NotebookExit as stop:
        channel.send({"op": "exit", "value": stop.value})
    except SystemExit:
        channel.send({"op": "done"})
    except _CellFailed as failed:
        exc = failed.exc
        message = str(exc)
        if isinstance(exc, NameError) and getattr(exc, "name", None) in ("spark", "sc", "sqlContext"):
            message += NO_SPARK_HINT
        sys.stdout.flush()
        sys.stderr.write(_format_traceback(exc))
        sys.stderr.flush()
        channel.send({
            "op": "failed",
            "type": type(exc).__name__,
            "message": message,
            "line": failed.line,
            "where": failed.where,
        })
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
