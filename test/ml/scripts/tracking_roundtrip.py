"""Drives Millrace's MLflow API with the real mlflow client: tracking, search, history, artifacts, errors.

Prints one JSON document of what it observed; the vitest test asserts on it.
"""
import json
import os
import tempfile
import time

import mlflow
from mlflow import MlflowClient
from mlflow.entities import Metric, Param, RunTag
from mlflow.exceptions import MlflowException

client = MlflowClient()
out = {}

exp_id = mlflow.set_experiment("exp-a").experiment_id
out["experiment"] = client.get_experiment(exp_id).name

with mlflow.start_run(run_name="first") as run:
    first = run.info.run_id
    mlflow.log_param("alpha", "0.5")
    mlflow.log_metric("rmse", 0.9, step=0)
    mlflow.log_metric("rmse", 0.7, step=1)
    now = int(time.time() * 1000)
    client.log_batch(
        first,
        metrics=[Metric("mae", 0.3, now, 0), Metric("mae", 0.2, now, 1)],
        params=[Param("l1_ratio", "0.1")],
        tags=[RunTag("stage", "batch")],
    )
    mlflow.set_tag("team", "ml-ops")
    folder = tempfile.mkdtemp()
    with open(os.path.join(folder, "hello.txt"), "w") as f:
        f.write("hello artifacts")
    mlflow.log_artifact(os.path.join(folder, "hello.txt"), artifact_path="notes")

with mlflow.start_run(run_name="second") as run:
    second = run.info.run_id
    mlflow.log_params({"alpha": "0.1", "l1_ratio": "0.2"})
    mlflow.log_metric("rmse", 1.5)
    mlflow.set_tag("team", "data")

names = lambda runs: [r.info.run_name for r in runs]
out["filtered"] = names(client.search_runs([exp_id], "metrics.rmse < 1 and params.alpha = '0.5'"))
out["like"] = names(client.search_runs([exp_id], "tags.team LIKE 'ml-%'"))
out["status"] = names(client.search_runs([exp_id], "attributes.status = 'FINISHED'", order_by=["metrics.rmse ASC"]))
out["ordered_desc"] = names(client.search_runs([exp_id], order_by=["metrics.rmse DESC"]))
page1 = client.search_runs([exp_id], max_results=1, order_by=["attributes.run_name ASC"])
page2 = client.search_runs([exp_id], max_results=1, order_by=["attributes.run_name ASC"], page_token=page1.token)
out["pages"] = [names(page1), names(page2), page2.token]
out["pandas_rows"] = len(mlflow.search_runs([exp_id]))

got = client.get_run(first)
out["params"] = got.data.params
out["metrics"] = got.data.metrics
out["tags"] = {k: v for k, v in got.data.tags.items() if k in ("team", "stage", "mlflow.runName")}
out["status_first"] = got.info.status
out["history"] = [[m.step, m.value] for m in client.get_metric_history(first, "rmse")]

out["artifacts"] = [f.path for f in client.list_artifacts(first)] + [f.path for f in client.list_artifacts(first, "notes")]
local = mlflow.artifacts.download_artifacts(run_id=first, artifact_path="notes/hello.txt")
with open(local) as f:
    out["downloaded"] = f.read()

errors = {}
for label, call in [
    ("unknown_run", lambda: client.get_run("0" * 32)),
    ("unknown_experiment", lambda: client.get_experiment("999")),
    ("param_changed", lambda: client.log_param(first, "alpha", "0.6")),
    ("bad_filter", lambda: client.search_runs([exp_id], "metrics.rmse < 'x'")),
    ("duplicate_experiment", lambda: client.create_experiment("exp-a")),
]:
    try:
        call()
        errors[label] = None
    except MlflowException as e:
        errors[label] = [e.error_code, e.get_http_status_code(), str(e.message)[:200]]
out["errors"] = errors
print(json.dumps(out))
