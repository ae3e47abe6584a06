"""PySpark twin of notebooks/03-windowed-counts.ipynb (Kindling job: examples/03-windowed-counts.ts):
rides per 10-minute window sliding every 5 minutes per vendor, 10-minute watermark, 500 offsets
per micro-batch, complete mode.

    spark-submit --master spark://127.0.0.1:7077 --jars <Kafka connector jars> spark-jobs/nb03_windowed_counts.py
"""
import os

from pyspark.sql import functions as F

BOOTSTRAP = os.environ.get("KINDLING_BOOTSTRAP", "127.0.0.1:9092")
TOPIC = os.environ.get("KINDLING_TOPIC", "rides_csv")


def queries(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    rides = (
        spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC)
        .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 500).load()
    )
    fields = F.split(F.col("value").cast("string"), ", ")
    parsed = rides.select(
        fields.getItem(0).cast("int").alias("vendor_id"),
        fields.getItem(1).cast("timestamp").alias("tpep_pickup_datetime"),
        fields.getItem(6).cast("float").alias("total_amount"),
    )
    windowed = (
        parsed.withWatermark("tpep_pickup_datetime", "10 minutes")
        .groupBy(F.window("tpep_pickup_datetime", "10 minutes", "5 minutes"), "vendor_id")
        .count()
    )
    return [windowed]


if __name__ == "__main__":
    from twin_main import run

    run(queries, ["complete"], "03-windowed-counts")
