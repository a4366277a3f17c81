# Databricks notebook source
# MAGIC %md
# MAGIC # Model training & scoring
# MAGIC Fits `price = intercept + coef * sqft` by ordinary least squares (standard library only) and scores it.

# COMMAND ----------

import csv
import json

dbutils.widgets.text("features_path", "/dbfs/mnt/prepared/houses/features.csv")
features_path = dbutils.widgets.get("features_path")

with open(features_path, newline="") as src:
    data = [(float(r["sqft"]), float(r["price"])) for r in csv.DictReader(src)]

# COMMAND ----------

n = len(data)
mean_x = sum(x for x, _ in data) / n
mean_y = sum(y for _, y in data) / n
sxx = sum((x - mean_x) ** 2 for x, _ in data)
sxy = sum((x - mean_x) * (y - mean_y) for x, y in data)
coef = sxy / sxx
intercept = mean_y - coef * mean_x

print("Model trained.")
print(f"Regressor intercept: {intercept}")
print(f"Regressor coef: {coef}")

# COMMAND ----------

predictions = [intercept + coef * x for x, _ in data]
ss_res = sum((y - p) ** 2 for (_, y), p in zip(data, predictions))
ss_tot = sum((y - mean_y) ** 2 for _, y in data)
r2 = 1 - ss_res / ss_tot
rmse = (ss_res / n) ** 0.5
print(f"R2: {r2:.4f}  RMSE: {rmse:.2f}")

# COMMAND ----------

dbutils.notebook.exit(json.dumps({"intercept": intercept, "coef": coef, "r2": r2, "rmse": rmse, "rows": n}))
