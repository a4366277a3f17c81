# Databricks notebook source
# MAGIC %md
# MAGIC # Transformation
# MAGIC Keeps the two columns the model needs: `sqft` (feature) and `price` (label).

# COMMAND ----------

import csv
import json

dbutils.widgets.text("input_path", "/dbfs/mnt/prepared/houses/houses.csv")
dbutils.widgets.text("output_path", "/dbfs/mnt/prepared/houses/features.csv")
input_path = dbutils.widgets.get("input_path")
output_path = dbutils.widgets.get("output_path")

# COMMAND ----------

with open(input_path, newline="") as src:
    rows = [{"sqft": r["sqft"], "price": r["price"]} for r in csv.DictReader(src)]

with open(output_path, "w", newline="") as dst:
    writer = csv.DictWriter(dst, fieldnames=["sqft", "price"])
    writer.writeheader()
    writer.writerows(rows)

print(f"Kept 2 columns of {len(rows)} rows.")

# COMMAND ----------

dbutils.notebook.exit(json.dumps({"output_path": output_path, "rows": len(rows)}))
