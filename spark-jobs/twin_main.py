"""What the PySpark twins of Kindling's example jobs share when they run on their own:

    spark-submit --master spark://127.0.0.1:7077 --jars <Kafka connector jars> spark-jobs/nb03_windowed_counts.py

runs the twin's `queries(spark)`: a batch DataFrame is shown, a streaming one runs to the console
with trigger availableNow in the twin's output mode. `kindling compare --twins examples/x.ts`
imports the twin instead (not as __main__) and calls `queries(spark)` itself. The twins read
KINDLING_BOOTSTRAP (default 127.0.0.1:9092) and KINDLING_TOPIC (default rides_csv), as their
Kindling jobs in examples/ do.
"""


def run(queries, modes, app):
    """Runs each query of `queries(spark)`: batch ones shown, streaming ones (output mode from `modes`, in order) to the console."""
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName(app).getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    streams = iter(modes)
    for df in queries(spark):
        if df.isStreaming:
            q = df.writeStream.format("console").outputMode(next(streams)).option("truncate", False).trigger(availableNow=True).start()
            q.awaitTermination()
        else:
            df.show(20, False)
    spark.stop()
