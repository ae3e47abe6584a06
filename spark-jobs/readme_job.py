"""PySpark twin of the streaming job in README.md (Kindling job: examples/readme-job.ts): the rides
topic parsed (vendor, pickup time), a 10-minute window sliding every 5 minutes per vendor with a
10-minute watermark, update mode. (The demo's fuller job has its twin in course_streaming.py.)

    spark-submit --master spark://127.0.0.1:7077 --jars <Kafka connector jars> spark-jobs/readme_job.py
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
        .option("startingOffsets", "earliest").load()
    )
    fields = F.split(F.col("value").cast("string"), ", ")
    parsed = rides.select(fields.getItem(0).cast("int").alias("vendor_id"), fields.getItem(1).cast("timestamp").alias("pickup"))
    windowed = (
        parsed.withWatermark("pickup", "10 minutes")
        .groupBy(F.window("pickup", "10 minutes", "5 minutes"), "vendor_id")
        .count()
    )
    return [windowed]


if __name__ == "__main__":
    from twin_main import run

    run(queries, ["update"], "rides")
