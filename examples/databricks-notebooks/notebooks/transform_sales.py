# Databricks notebook source
# MAGIC %md
# MAGIC # Daily sales transform
# MAGIC Reads the raw sales extract, keeps one region, aggregates per day and product, and publishes a table.

# COMMAND ----------

# MAGIC %run ./common

# COMMAND ----------

dbutils.widgets.text("run_date", "2024-03-01", "Run date")
dbutils.widgets.dropdown("region", "EU", ["EU", "US", "APAC"], "Region")
run_date = dbutils.widgets.get("run_date")
region = dbutils.widgets.get("region")
api_key = dbutils.secrets.get(scope="etl", key="sales-api-key")
print(f"run_date={run_date} region={region} api_key={api_key}")

# COMMAND ----------

raw = with_clean_columns(spark.read.csv(f"{RAW_ROOT}/sales.csv", header=True, inferSchema=True))
sales = raw.where((F.col("region") == region) & (F.col("order_date") <= run_date))
daily = sales.groupBy("order_date", "product").agg(F.round(F.sum("amount"), 2).alias("revenue"))
display(daily.orderBy("order_date", "product"))

# COMMAND ----------

daily.write.mode("overwrite").parquet(f"{CURATED_ROOT}/daily_sales/region={region}")
spark.sql("CREATE DATABASE IF NOT EXISTS sales")
daily.withColumn("region", F.lit(region)).write.mode("overwrite").saveAsTable("sales.daily_revenue")

# COMMAND ----------

# MAGIC %sql
# MAGIC SELECT product, ROUND(SUM(revenue), 2) AS revenue
# MAGIC FROM sales.daily_revenue
# MAGIC GROUP BY product
# MAGIC ORDER BY product

# COMMAND ----------

import json
import pandas as pd

# Plain Python sees DBFS under /dbfs, and the storage account behind /mnt/raw is read by its URL too.
check = pd.read_csv("/dbfs/mnt/raw/sales.csv")
from_lake = spark.read.csv("abfss://raw@contosolake.dfs.core.windows.net/sales.csv", header=True).count()
written = [f.name for f in dbutils.fs.ls(f"{CURATED_ROOT}/daily_sales/region={region}") if f.name.endswith(".parquet")]
total = float(_sqldf.agg(F.sum("revenue")).first()[0])
dbutils.jobs.taskValues.set(key="revenue", value=total)
dbutils.notebook.exit(json.dumps({
    "rows": daily.count(),
    "revenue": total,
    "pandasRows": len(check),
    "lakeRows": from_lake,
    "parquetFiles": len(written) > 0,
}))
