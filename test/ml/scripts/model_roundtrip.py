"""Logs a scikit-learn model through the real mlflow client, registers it, aliases it, loads it back.

Prints one JSON document of what it observed; the vitest test asserts on it.
"""
import json

import mlflow
import mlflow.pyfunc
import mlflow.sklearn
import numpy as np
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException
from sklearn.linear_model import LinearRegression

client = MlflowClient()
out = {}
mlflow.set_experiment("training")
X = np.array([[1.0], [2.0], [3.0], [4.0]])
y = 2.0 * X[:, 0] + 1.0
with mlflow.start_run() as run:
    model = LinearRegression().fit(X, y)
    mlflow.log_param("fit_intercept", True)
    mlflow.log_metric("intercept", float(model.intercept_))
    # pip_requirements given: skips the slow import-capturing subprocess the client runs otherwise.
    info = mlflow.sklearn.log_model(
        model, name="model", registered_model_name="demo", input_example=X[:2], pip_requirements=["scikit-learn"]
    )
out["model_uri"] = info.model_uri
out["registered_version"] = info.registered_model_version

client.set_registered_model_alias("demo", "champion", info.registered_model_version)
loaded = mlflow.pyfunc.load_model("models:/demo@champion")
out["alias_prediction"] = [round(float(v), 6) for v in loaded.predict(np.array([[10.0]]))]
out["runs_uri_prediction"] = [round(float(v), 6) for v in mlflow.pyfunc.load_model(f"runs:/{run.info.run_id}/model").predict(np.array([[0.0]]))]
out["by_alias"] = client.get_model_version_by_alias("demo", "champion").version

client.transition_model_version_stage("demo", info.registered_model_version, "Staging")
out["stage_prediction"] = [round(float(v), 6) for v in mlflow.pyfunc.load_model("models:/demo/Staging").predict(np.array([[1.0]]))]
out["latest"] = [v.current_stage for v in client.get_latest_versions("demo")]
mv = client.get_model_version("demo", info.registered_model_version)
out["version_run_id_matches"] = mv.run_id == run.info.run_id
out["registered"] = [m.name for m in client.search_registered_models()]
try:
    client.get_model_version_by_alias("demo", "nope")
    out["missing_alias"] = None
except MlflowException as e:
    out["missing_alias"] = e.error_code
print(json.dumps(out))
