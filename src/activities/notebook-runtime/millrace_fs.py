"""dbutils.fs for Millrace notebooks: DBFS paths (dbfs:/, /dbfs/, /mnt/, file:, mapped abfss:// and wasbs:// URLs)
over local folders. The one path translation Spark readers and writers, the /dbfs file view and dbutils.fs share.
"""

import os
import re
import shutil
from collections import namedtuple

FileInfo = namedtuple("FileInfo", ["path", "name", "size", "modificationTime"])
MountInfo = namedtuple("MountInfo", ["mountPoint", "source", "encryptionType"])


class DbfsPathError(Exception):
    """Raised for a DBFS path that is not supported or escapes the local DBFS folder."""


class Listed:
    """Unknown members fail as on Databricks, listing what exists instead of a bare AttributeError."""

    _area = "dbutils"

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        known = sorted(n for n in dir(self) if not n.startswith("_"))
        raise AttributeError("%s has no member %r; available: %s" % (self._area, name, ", ".join(known)))

    def help(self, *_args):
        print("%s: %s" % (self._area, ", ".join(sorted(n for n in dir(self) if not n.startswith("_")))))


def _container_key(url):
    """(container, account, path) of an Azure storage URL; the blob (wasbs) and dfs (abfss) endpoints are one account."""
    m = re.match(r"^(?:abfss?|wasbs?)://([^@/]+)@([^./]+)\.(?:dfs|blob)\.core\.windows\.net(/.*)?$", url)
    return (m.group(1), m.group(2), (m.group(3) or "/")) if m else None


class Fs(Listed):
    """dbutils.fs over a local folder: dbfs:/x, /x and /dbfs/x map to <dbfsRoot>/x; file:/x is a local path.

    Mounts (``{"/mnt/raw": "/abs/folder"}``) stand for ``dbutils.fs.mount``: a path under a mount point maps
    into the mount's folder instead of the DBFS root (longest mount point wins).
    """

    _area = "dbutils.fs"

    def __init__(self, root, mounts=None, sources=None):
        self._root = os.path.realpath(root)
        self._mount_map = {("/" + k.strip("/")): os.path.realpath(v) for k, v in (mounts or {}).items()}
        # mount point -> cloud URL it stands for (millrace.json dbfs.sources), as dbutils.fs.mount(source, mountPoint)
        self._sources = {("/" + k.strip("/")): v for k, v in (sources or {}).items()}
        self._sort_mounts()

    def _sort_mounts(self):
        self._mounts = sorted(self._mount_map.items(), key=lambda kv: -len(kv[0]))

    def _cloud(self, url):
        """The DBFS path of an abfss:// / wasbs:// URL through the mount that stands for its container."""
        want = _container_key(url)
        for point, source in self._sources.items():
            have = _container_key(source)
            if want and have and want[:2] == have[:2] and (want[2] + "/").startswith(have[2].rstrip("/") + "/"):
                return point + "/" + want[2][len(have[2].rstrip("/")):].lstrip("/")
        root = url.split("/", 3)[0] + "//" + url.split("/", 3)[2] + "/"
        raise DbfsPathError(
            "%s is not mapped to a local folder: map its container to a mount in millrace.json or in the "
            'environment\'s parameters file (environments/<name>.json), e.g. "dbfs": {"mounts": {"/mnt/<name>": '
            '"<folder>"}, "sources": {"/mnt/<name>": "%s"}}' % (url, root)
        )

    def spark_path(self, path):
        """A path as Spark on Databricks reads it, made local: dbfs:/, /dbfs/, /mnt/, /FileStore/ and mapped cloud URLs."""
        if path.startswith(("abfss://", "abfs://", "wasbs://", "wasb://")):
            return self._local(self._cloud(path))
        if path.startswith(("dbfs:", "/dbfs/", "/mnt/", "/FileStore/")) or path in ("/dbfs", "/mnt"):
            return self._local(path)
        return path

    def mount(self, source, mount_point, encryption_type="", extra_configs=None):
        """Mounts a local folder (`file:/…` or a path) or an already mapped cloud URL at a /mnt/ point."""
        point = "/" + mount_point.strip("/")
        if point in self._mount_map:
            raise DbfsPathError("Directory already mounted: %s" % point)
        if source.startswith("file:") or source.startswith("/"):
            folder = source[len("file:"):] if source.startswith("file:") else source
        else:
            folder = self._local(self._cloud(source))
        self._mount_map[point] = os.path.realpath(folder)
        self._sources[point] = source
        self._sort_mounts()
        return True

    def unmount(self, mount_point):
        point = "/" + mount_point.strip("/")
        if self._mount_map.pop(point, None) is None:
            raise DbfsPathError("Directory not mounted: %s" % point)
        self._sources.pop(point, None)
        self._sort_mounts()
        return True

    def mounts(self):
        return [MountInfo(p, self._sources.get(p, "file:" + f), "") for p, f in sorted(self._mount_map.items())]

    def refreshMounts(self):
        return True

    def local_path(self, path):
        """The local file behind a DBFS path (``dbfs:/…`` or ``/dbfs/…``); used by ``open`` in notebooks."""
        return self._local(path)

    def _local(self, path):
        if path.startswith("file:"):
            return "/" + path[len("file:"):].lstrip("/")
        rest = path
        if rest.startswith("dbfs:"):
            rest = rest[len("dbfs:"):]
        elif rest.startswith("/dbfs/") or rest == "/dbfs":
            rest = rest[len("/dbfs"):]
        elif rest.startswith(("abfss://", "abfs://", "wasbs://", "wasb://")):
            return self._local(self._cloud(rest))
        elif "://" in rest:
            raise DbfsPathError("%s: only dbfs:/, /dbfs/ and file:/ paths are available locally" % path)
        rest = "/" + rest.lstrip("/")
        root = self._root
        for point, folder in self._mounts:
            if rest == point or rest.startswith(point + "/"):
                root, rest = folder, rest[len(point):]
                break
        local = os.path.normpath(os.path.join(root, rest.lstrip("/")))
        if local != root and not local.startswith(root + os.sep):
            raise DbfsPathError("%s: path escapes the DBFS folder" % path)
        return local

    def _display(self, local):
        if local == self._root or local.startswith(self._root + os.sep):
            rel = os.path.relpath(local, self._root).replace(os.sep, "/")
            return "dbfs:/" + ("" if rel == "." else rel)
        return "file:" + local

    def ls(self, path):
        local = self._local(path)
        if os.path.isfile(local):
            names = [os.path.basename(local)]
            local = os.path.dirname(local)
        else:
            names = sorted(os.listdir(local))
        out = []
        for name in names:
            full = os.path.join(local, name)
            st = os.stat(full)
            is_dir = os.path.isdir(full)
            shown = self._display(full) + ("/" if is_dir else "")
            out.append(FileInfo(shown, name + ("/" if is_dir else ""), 0 if is_dir else st.st_size, int(st.st_mtime * 1000)))
        return out

    def mkdirs(self, path):
        os.makedirs(self._local(path), exist_ok=True)
        return True

    def put(self, file, contents, overwrite=False):
        local = self._local(file)
        if os.path.exists(local) and not overwrite:
            raise FileExistsError("%s already exists (pass overwrite=True)" % file)
        os.makedirs(os.path.dirname(local), exist_ok=True)
        with open(local, "w", encoding="utf-8") as f:
            f.write(contents)
        return True

    def head(self, file, maxBytes=65536):
        with open(self._local(file), "rb") as f:
            return f.read(maxBytes).decode("utf-8", errors="replace")

    def cp(self, source, dest, recurse=False):
        src, dst = self._local(source), self._local(dest)
        if os.path.isdir(src):
            if not recurse:
                raise IsADirectoryError("%s is a directory (pass recurse=True)" % source)
            shutil.copytree(src, dst, dirs_exist_ok=True)
        else:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
        return True

    def mv(self, source, dest, recurse=False):
        src, dst = self._local(source), self._local(dest)
        if os.path.isdir(src) and not recurse:
            raise IsADirectoryError("%s is a directory (pass recurse=True)" % source)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.move(src, dst)
        return True

    def rm(self, path, recurse=False):
        local = self._local(path)
        if os.path.isdir(local):
            if not recurse:
                raise IsADirectoryError("%s is a directory (pass recurse=True)" % path)
            shutil.rmtree(local)
            return True
        if os.path.exists(local):
            os.remove(local)
            return True
        return False
