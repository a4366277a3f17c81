"""Baseline for the engine benchmark: Dask's threaded scheduler on a fan-out of N trivial tasks.

Prints one JSON line: {"tasks": N, "seconds": S, "ms_per_task": M}. Nothing is persisted (Dask keeps state in memory).
"""
import json
import sys
import time

import dask
from dask.threaded import get


def noop(i):
    return i


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    graph = {f"t{i}": (noop, i) for i in range(n)}
    graph["done"] = (len, [f"t{i}" for i in range(n)])
    get(graph, "done")  # warm-up
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        assert get(graph, "done") == n
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"tasks": n, "seconds": best, "ms_per_task": best * 1000 / n, "dask": dask.__version__}))


if __name__ == "__main__":
    main()
