"""Logs N metrics through the real mlflow client, one log_metric call each, then N via log_batch (1,000 a call).

Prints {"log_metric_s": …, "log_batch_s": …} (seconds). The tracking server comes from MLFLOW_TRACKING_URI.
"""
import json
import sys
import time

from mlflow import MlflowClient
from mlflow.entities import Metric

n = int(sys.argv[1])
client = MlflowClient()
exp = client.create_experiment(f"bench-{time.time_ns()}")
run = client.create_run(exp).info.run_id
t0 = time.perf_counter()
for i in range(n):
    client.log_metric(run, "loss", 1.0 / (i + 1), step=i)
t1 = time.perf_counter()
now = int(time.time() * 1000)
for start in range(0, n, 1000):
    client.log_batch(run, metrics=[Metric("acc", i / n, now, i) for i in range(start, min(n, start + 1000))])
t2 = time.perf_counter()
print(json.dumps({"log_metric_s": t1 - t0, "log_batch_s": t2 - t1}))
