"""Times N calls of MlflowClient.search_runs with a filter (max_results=100) against MLFLOW_TRACKING_URI.

Usage: ml_search.py <experiment id> <filter> <n>. Prints {"p50_ms": …, "p99_ms": …, "runs": …}.
"""
import json
import sys
import time

from mlflow import MlflowClient

experiment, filter_string, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
client = MlflowClient()
times = []
found = 0
for _ in range(n):
    t0 = time.perf_counter()
    found = len(client.search_runs([experiment], filter_string, max_results=100))
    times.append((time.perf_counter() - t0) * 1000)
times.sort()
print(json.dumps({"p50_ms": times[len(times) // 2], "p99_ms": times[min(n - 1, int(n * 0.99))], "runs": found}))
