"""Logs and registers the serving test models through the real mlflow client (MLFLOW_TRACKING_URI).

Usage: register_models.py <model>... where <model> is `linear` (the reference demo's price ~ sqft linear
regression, registered as `price`) or `forest` (a 200-tree random forest on four columns, registered as
`forest`). Each call adds one version per model and prints {"<registered name>": "<version>", ...}.
Set SERVING_LINEAR_SLOPE to change the linear model's slope (a new version that predicts differently).
"""
import json
import os
import sys

import mlflow
import mlflow.sklearn
import numpy as np
import pandas as pd

out = {}
mlflow.set_experiment("serving")
rng = np.random.default_rng(7)
for which in sys.argv[1:]:
    with mlflow.start_run():
        if which == "linear":
            from sklearn.linear_model import LinearRegression

            slope = float(os.environ.get("SERVING_LINEAR_SLOPE", "150"))
            X = pd.DataFrame({"sqft": rng.uniform(500, 3000, 200)})
            y = 20000 + slope * X["sqft"]
            model = LinearRegression().fit(X, y)
            name = "price"
            trusted = None
        elif which == "forest":
            from sklearn.ensemble import RandomForestRegressor

            X = pd.DataFrame(
                {
                    "sqft": rng.uniform(500, 3000, 1000),
                    "bedrooms": rng.integers(1, 6, 1000).astype("float64"),
                    "age": rng.uniform(0, 80, 1000),
                    "lot": rng.uniform(1000, 20000, 1000),
                }
            )
            y = 150 * X["sqft"] + 5000 * X["bedrooms"] - 300 * X["age"] + 2 * X["lot"]
            model = RandomForestRegressor(n_estimators=200, max_depth=10, random_state=0, n_jobs=1).fit(X, y)
            name = "forest"
            # skops refuses tree internals unless trusted; we trained this model ourselves.
            trusted = ["sklearn.tree._tree.Tree"]
        else:
            raise SystemExit(f"unknown model {which}")
        # pip_requirements given: skips the slow import-capturing subprocess the client runs otherwise.
        info = mlflow.sklearn.log_model(
            model,
            name="model",
            registered_model_name=name,
            input_example=X.head(2),
            pip_requirements=["scikit-learn", "pandas"],
            skops_trusted_types=trusted,
        )
        out[name] = info.registered_model_version
print(json.dumps(out))
