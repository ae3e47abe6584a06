"""PySpark twin of test/cli/fixtures/rate-console.ts, the `kindling run` example (Kindling job:
examples/rate-console.ts): rate-micro-batch, 5 rows a batch, the value and ten times it, append.

    spark-submit --master spark://127.0.0.1:7077 spark-jobs/rate_console.py
"""
from pyspark.sql import functions as F


def queries(spark):
    rates = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 5).load()
    return [rates.select("value", (F.col("value") * 10).alias("tenfold"))]


if __name__ == "__main__":
    from twin_main import run

    run(queries, ["append"], "rate-console")
