"""The /dbfs/ FUSE view for plain Python in Millrace notebooks.

On Databricks, DBFS is mounted at /dbfs on the driver, so `open("/dbfs/mnt/raw/x.csv")`, `os.listdir("/dbfs/...")`
and pandas (which opens local files with `open`) reach DBFS. There is no such mount locally: this module makes
`builtins.open`, `io.open` and the `os` functions that file code uses translate `/dbfs/...` paths through
`dbutils.fs` (the same translation Spark paths use), process-wide, so libraries the notebook imports see it too.
Native readers that bypass Python's file functions (pyarrow's parquet reader) do not see it.
"""

import builtins
import io
import os

_ONE_PATH = ("stat", "lstat", "listdir", "scandir", "mkdir", "makedirs", "remove", "unlink", "rmdir", "access",
             "chmod", "utime")
_TWO_PATHS = ("rename", "replace")


def install(fs):
    def local(path):
        raw = os.fspath(path) if isinstance(path, os.PathLike) else path
        if isinstance(raw, str) and (raw == "/dbfs" or raw.startswith("/dbfs/")):
            return fs.local_path(raw)
        return path

    def wrap1(fn):
        def wrapper(*args, **kwargs):
            if args:
                args = (local(args[0]),) + args[1:]
            elif "path" in kwargs:
                kwargs["path"] = local(kwargs["path"])
            elif "file" in kwargs:
                kwargs["file"] = local(kwargs["file"])
            return fn(*args, **kwargs)

        wrapper.__wrapped__ = fn
        return wrapper

    def wrap2(fn):
        def wrapper(src, dst, *args, **kwargs):
            return fn(local(src), local(dst), *args, **kwargs)

        wrapper.__wrapped__ = fn
        return wrapper

    opener = wrap1(builtins.open)
    builtins.open = opener
    io.open = opener
    for name in _ONE_PATH:
        if hasattr(os, name):
            setattr(os, name, wrap1(getattr(os, name)))
    for name in _TWO_PATHS:
        setattr(os, name, wrap2(getattr(os, name)))
