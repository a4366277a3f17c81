# Databricks notebook source
# MAGIC %md
# MAGIC # Revenue trend
# MAGIC Fits a linear trend of daily revenue with scikit-learn on the table the transform published.

# COMMAND ----------

import json

import pandas as pd
from pyspark.sql import functions as F
from sklearn.linear_model import LinearRegression

daily = (
    spark.table("sales.daily_revenue")
    .groupBy("order_date")
    .agg(F.sum("revenue").alias("revenue"))
    .orderBy("order_date")
    .toPandas()
)
dates = pd.to_datetime(daily["order_date"])
daily["day"] = (dates - dates.min()).dt.days
display(daily)

# COMMAND ----------

model = LinearRegression().fit(daily[["day"]], daily["revenue"])
dbutils.notebook.exit(json.dumps({
    "days": len(daily),
    "slope": round(float(model.coef_[0]), 6),
    "intercept": round(float(model.intercept_), 6),
    "r2": round(float(model.score(daily[["day"]], daily["revenue"])), 6),
}))
