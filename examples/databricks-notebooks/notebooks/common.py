# Databricks notebook source
# MAGIC %md
# MAGIC Shared helpers, included by other notebooks with `%run ./common`.

# COMMAND ----------

from pyspark.sql import functions as F

RAW_ROOT = "/mnt/raw"
CURATED_ROOT = "dbfs:/mnt/curated"


def with_clean_columns(df):
    """Lower-case, trimmed column names."""
    return df.toDF(*[c.strip().lower() for c in df.columns])
