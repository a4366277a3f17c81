"""Logs a scikit-learn model through the real mlflow client to a server whose artifacts live in Blob storage,
registers it, then downloads it back (artifact download and pyfunc load). Prints one JSON document."""
import json
import os
import tempfile

import mlflow
import mlflow.pyfunc
import mlflow.sklearn
import numpy as np
from mlflow import MlflowClient
from sklearn.linear_model import LinearRegression

client = MlflowClient()
mlflow.set_experiment("blob-training")
X = np.array([[1.0], [2.0], [3.0], [4.0]])
y = 3.0 * X[:, 0] - 1.0
with mlflow.start_run() as run:
    model = LinearRegression().fit(X, y)
    mlflow.log_metric("coef", float(model.coef_[0]))
    mlflow.log_text("hello blob", "notes/hello.txt")
    info = mlflow.sklearn.log_model(
        model, name="model", registered_model_name="blob-demo", pip_requirements=["scikit-learn"]
    )
client.set_registered_model_alias("blob-demo", "champion", info.registered_model_version)
out = {"run_id": run.info.run_id, "experiment_id": run.info.experiment_id, "version": info.registered_model_version}
out["artifact_uri"] = run.info.artifact_uri
out["listed"] = sorted(f.path for f in client.list_artifacts(run.info.run_id, "notes"))
with tempfile.TemporaryDirectory() as d:
    local = mlflow.artifacts.download_artifacts(run_id=run.info.run_id, artifact_path="notes/hello.txt", dst_path=d)
    with open(local) as f:
        out["downloaded"] = f.read()
    model_dir = mlflow.artifacts.download_artifacts("models:/blob-demo@champion", dst_path=os.path.join(d, "m"))
    out["model_files"] = sorted(os.listdir(model_dir))
loaded = mlflow.pyfunc.load_model("models:/blob-demo@champion")
out["prediction"] = [round(float(v), 6) for v in loaded.predict(np.array([[10.0]]))]
print(json.dumps(out))
