/** The DatabricksSparkPython activity, run locally as a Python script. */
export * from './databricks-spark-python-activity.js';
