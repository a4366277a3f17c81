"""Local dbutils for Millrace notebooks: widgets, secrets and notebook calls through the runner, fs over a folder.

Loaded by driver.py; see it for the protocol with the parent Node process.
"""

import json
from collections import namedtuple

from millrace_fs import DbfsPathError, FileInfo, Fs, Listed as _Listed, MountInfo  # noqa: F401 - re-exported


class InputWidgetNotDefined(Exception):
    """Raised by dbutils.widgets.get for a widget that is neither defined nor passed."""


class WorkflowException(Exception):
    """Raised by dbutils.notebook.run when the child notebook fails."""


class SecretNotFound(Exception):
    """Raised by dbutils.secrets.get for an unknown scope or key."""


class UnsupportedMagicCommand(Exception):
    """Raised for a magic cell that cannot run outside Databricks."""


class _NotebookExit(BaseException):
    """Stops the notebook (dbutils.notebook.exit); BaseException so `except Exception` does not catch it."""

    def __init__(self, value):
        super().__init__(value)
        self.value = value


SecretMetadata = namedtuple("SecretMetadata", ["key"])
SecretScope = namedtuple("SecretScope", ["name"])


class Widgets(_Listed):
    _area = "dbutils.widgets"

    def __init__(self, params):
        self._params = dict(params)
        self._defaults = {}

    def _define(self, name, defaultValue):
        self._defaults[name] = "" if defaultValue is None else str(defaultValue)

    def text(self, name, defaultValue, label=None):
        self._define(name, defaultValue)

    def dropdown(self, name, defaultValue, choices, label=None):
        self._define(name, defaultValue)

    def combobox(self, name, defaultValue, choices, label=None):
        self._define(name, defaultValue)

    def multiselect(self, name, defaultValue, choices, label=None):
        self._define(name, defaultValue)

    def get(self, name):
        if name in self._params:
            return self._params[name]
        if name in self._defaults:
            return self._defaults[name]
        raise InputWidgetNotDefined("No input widget named %s is defined" % name)

    def getArgument(self, name, optional=None):
        try:
            return self.get(name)
        except InputWidgetNotDefined:
            return optional

    def getAll(self):
        return dict(self._defaults, **self._params)

    def remove(self, name):
        self._defaults.pop(name, None)

    def removeAll(self):
        self._defaults.clear()


class Secrets(_Listed):
    _area = "dbutils.secrets"

    def __init__(self, channel):
        self._channel = channel

    def get(self, scope, key):
        return self._channel.request("secret", scope=scope, key=key)

    def getBytes(self, scope, key):
        return self.get(scope, key).encode("utf-8")

    def list(self, scope):
        return [SecretMetadata(k) for k in self._channel.request("list-secrets", scope=scope)]

    def listScopes(self):
        return [SecretScope(s) for s in self._channel.request("list-scopes")]


class NotebookUtils(_Listed):
    _area = "dbutils.notebook"

    def __init__(self, channel):
        self._channel = channel

    def exit(self, value):
        raise _NotebookExit(value if isinstance(value, str) else str(value))

    def run(self, path, timeout_seconds=0, arguments=None):
        args = {str(k): str(v) for k, v in (arguments or {}).items()}
        return self._channel.request("run-notebook", path=path, timeoutSeconds=timeout_seconds, arguments=args)


class TaskValues(_Listed):
    """dbutils.jobs.taskValues: values set by one activity of a run, read by later ones (taskKey = activity name)."""

    _area = "dbutils.jobs.taskValues"

    def __init__(self, channel):
        self._channel = channel

    def set(self, key, value):
        self._channel.request("task-value-set", key=str(key), value=json.dumps(value))

    def get(self, taskKey, key, default=None, debugValue=None):
        found = self._channel.request("task-value-get", taskKey=str(taskKey), key=str(key))
        if found is not None:
            return json.loads(found)
        if default is not None:
            return default
        raise ValueError("No task value found for taskKey %r and key %r" % (taskKey, key))


class Jobs(_Listed):
    _area = "dbutils.jobs"

    def __init__(self, channel):
        self.taskValues = TaskValues(channel)


class Library(_Listed):
    _area = "dbutils.library"

    def restartPython(self):
        # Databricks restarts the Python process to load new libraries; here they are installed before the start.
        print("millrace: dbutils.library.restartPython() does nothing locally: libraries are installed before the run")


class DBUtils(_Listed):
    _area = "dbutils"

    def __init__(self, channel, params, dbfs_root, dbfs_mounts=None, dbfs_sources=None):
        self.widgets = Widgets(params)
        self.secrets = Secrets(channel)
        self.notebook = NotebookUtils(channel)
        self.fs = Fs(dbfs_root, dbfs_mounts, dbfs_sources)
        self.jobs = Jobs(channel)
        self.library = Library()
