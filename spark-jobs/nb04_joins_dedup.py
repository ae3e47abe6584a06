"""PySpark twin of notebooks/04-joins-dedup.ipynb (Kindling job: examples/04-joins-dedup.ts): the
rides stream (pickup zone id as the eighth field) left-joined to a small static zone table, and
the rides deduplicated within a 10-minute watermark, both append.

    spark-submit --master spark://127.0.0.1:7077 --jars <Kafka connector jars> spark-jobs/nb04_joins_dedup.py
"""
import os

from pyspark.sql import functions as F

BOOTSTRAP = os.environ.get("KINDLING_BOOTSTRAP", "127.0.0.1:9092")
TOPIC = os.environ.get("KINDLING_TOPIC", "rides_csv")

ZONES = [
    (1, "EWR", "Newark Airport"), (48, "Manhattan", "Clinton East"), (79, "Manhattan", "East Village"),
    (132, "Queens", "JFK Airport"), (138, "Queens", "LaGuardia Airport"), (142, "Manhattan", "Lincoln Square East"),
    (161, "Manhattan", "Midtown Center"), (162, "Manhattan", "Midtown East"), (170, "Manhattan", "Murray Hill"),
    (186, "Manhattan", "Penn Station/Madison Sq West"), (230, "Manhattan", "Times Sq/Theatre District"),
    (234, "Manhattan", "Union Sq"), (236, "Manhattan", "Upper East Side North"), (237, "Manhattan", "Upper East Side South"),
]


def queries(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    zones = spark.createDataFrame(ZONES, "pu_location_id INT, borough STRING, zone STRING")
    rides = (
        spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC)
        .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 1000).load()
    )
    fields = F.split(F.col("value").cast("string"), ", ")
    parsed = rides.select(
        fields.getItem(0).cast("int").alias("vendor_id"),
        fields.getItem(1).cast("timestamp").alias("tpep_pickup_datetime"),
        fields.getItem(2).cast("timestamp").alias("tpep_dropoff_datetime"),
        fields.getItem(6).cast("float").alias("total_amount"),
        fields.getItem(7).cast("int").alias("pu_location_id"),
    )
    with_zones = parsed.join(zones, "pu_location_id", "left")
    deduped = parsed.withWatermark("tpep_pickup_datetime", "10 minutes").dropDuplicates(
        ["vendor_id", "tpep_pickup_datetime", "tpep_dropoff_datetime", "pu_location_id", "total_amount"]
    )
    return [with_zones, deduped]


if __name__ == "__main__":
    from twin_main import run

    run(queries, ["append", "append"], "04-joins-dedup")
