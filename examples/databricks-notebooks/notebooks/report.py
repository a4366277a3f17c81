# Databricks notebook source
# MAGIC %md
# MAGIC # Revenue report
# MAGIC Reads the table the transform published and the revenue it passed on as a task value.

# COMMAND ----------

import json

revenue = dbutils.jobs.taskValues.get(taskKey="Transform", key="revenue", default=0.0)
table = spark.table("sales.daily_revenue")
display(table.orderBy("order_date", "product"))
dbutils.notebook.exit(json.dumps({
    "tableRows": table.count(),
    "tableRevenue": round(sum(r["revenue"] for r in table.collect()), 2),
    "taskValue": revenue,
    "database": spark.catalog.currentDatabase(),
}))
