# Databricks notebook source
# MAGIC %md
# MAGIC # Model training & scoring
# MAGIC Fits `price = intercept + coef * sqft` with scikit-learn, scores it, logs the parameters, metrics and the
# MAGIC model to MLflow and registers it. The libraries (pandas, scikit-learn, mlflow) are the activity's
# MAGIC `libraries`, as on a Databricks job cluster.

# COMMAND ----------

import json

import mlflow
import pandas as pd
from sklearn.linear_model import LinearRegression
from sklearn.metrics import mean_squared_error, r2_score

dbutils.widgets.text("features_path", "/dbfs/mnt/prepared/houses/features.csv")
dbutils.widgets.text("model_name", "house-price")
features_path = dbutils.widgets.get("features_path")
model_name = dbutils.widgets.get("model_name")

features = pd.read_csv(features_path)
X, y = features[["sqft"]].astype("float64"), features["price"]

# COMMAND ----------

with mlflow.start_run(run_name="linear-regression") as run:
    model = LinearRegression().fit(X, y)
    predictions = model.predict(X)
    intercept, coef = float(model.intercept_), float(model.coef_[0])
    r2 = float(r2_score(y, predictions))
    rmse = float(mean_squared_error(y, predictions) ** 0.5)
    mlflow.log_params({"features": "sqft", "target": "price", "rows": len(features)})
    mlflow.log_metrics({"intercept": intercept, "coef": coef, "r2": r2, "rmse": rmse})
    # pip_requirements: the model's environment as the activity's libraries give it (MLflow otherwise
    # infers it by loading the model in a subprocess, which costs seconds).
    logged = mlflow.sklearn.log_model(
        model,
        name="model",
        input_example=X.head(3),
        registered_model_name=model_name,
        pip_requirements=["scikit-learn==1.9.1", "pandas==3.1.1"],
    )

print("Model trained.")
print(f"Regressor intercept: {intercept}")
print(f"Regressor coef: {coef}")
print(f"R2: {r2:.4f}  RMSE: {rmse:.2f}")
print(f"Registered {model_name} version {logged.registered_model_version}")

# COMMAND ----------

dbutils.notebook.exit(
    json.dumps(
        {
            "intercept": intercept,
            "coef": coef,
            "r2": r2,
            "rmse": rmse,
            "rows": len(features),
            "model": model_name,
            "version": logged.registered_model_version,
        }
    )
)
