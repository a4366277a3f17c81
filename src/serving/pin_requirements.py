"""Pins a model's requirements to what its serving environment resolved (`millrace models build-image`).

Run with the interpreter of the model's environment (the one `millrace models serve` builds from the model's
requirements.txt) as `python pin_requirements.py <requirement>...`. Prints `name==version` lines, sorted, for
every distribution those requirements (plus the scoring worker's own: mlflow, pandas) need, walking the installed
distributions' metadata (https://packaging.python.org/en/latest/specifications/core-metadata/#requires-dist),
with environment markers evaluated for this interpreter and extras followed when a requirement names them.
A requirement that is not installed is an error: the environment did not resolve it.
"""

import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

pinned = {}
missing = []
todo = [(Requirement(line), None) for line in sys.argv[1:]] + [(Requirement("mlflow"), None), (Requirement("pandas"), None)]
seen = set()
while todo:
    req, extra = todo.pop()
    if req.marker is not None and not req.marker.evaluate({"extra": extra or ""}):
        continue
    key = (canonicalize_name(req.name), tuple(sorted(req.extras)))
    if key in seen:
        continue
    seen.add(key)
    try:
        dist = metadata.distribution(req.name)
    except metadata.PackageNotFoundError:
        missing.append(req.name)
        continue
    name = canonicalize_name(dist.metadata["Name"])
    pinned[name] = dist.version
    for text in dist.requires or []:
        child = Requirement(text)
        if child.marker is None or child.marker.evaluate({"extra": ""}):
            todo.append((child, None))
        else:
            for x in req.extras:
                if child.marker.evaluate({"extra": x}):
                    todo.append((child, x))
                    break

if missing:
    print("not installed: " + ", ".join(sorted(set(missing))), file=sys.stderr)
    sys.exit(3)
print(f"python={sys.version_info.major}.{sys.version_info.minor}")
for name in sorted(pinned):
    print(f"{name}=={pinned[name]}")
