"""PySpark twin of notebooks/05-spark-and-compare.ipynb (Kindling job: examples/05-spark-and-compare.ts):
the batch windowed count per vendor over the rides topic, in window order.

    spark-submit --master spark://127.0.0.1:7077 --jars <Kafka connector jars> spark-jobs/nb05_spark_and_compare.py
"""
import os

from pyspark.sql import functions as F

BOOTSTRAP = os.environ.get("KINDLING_BOOTSTRAP", "127.0.0.1:9092")
TOPIC = os.environ.get("KINDLING_TOPIC", "rides_csv")


def queries(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    spark.conf.set("spark.sql.shuffle.partitions", "4")
    fields = F.split(F.col("value").cast("string"), ", ")
    windowed = (
        spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC).load()
        .select(fields.getItem(0).cast("int").alias("vendor_id"), fields.getItem(1).cast("timestamp").alias("pickup"))
        .groupBy(F.window("pickup", "10 minutes", "5 minutes"), "vendor_id").count()
        .select(F.col("window.start").alias("start"), F.col("window.end").alias("end"), "vendor_id", "count")
        .orderBy("start", "vendor_id")
    )
    return [windowed]


if __name__ == "__main__":
    from twin_main import run

    run(queries, [], "05-spark-and-compare")
