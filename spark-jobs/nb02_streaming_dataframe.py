"""PySpark twin of notebooks/02-streaming-dataframe.ipynb (Kindling job: examples/02-streaming-dataframe.ts):
the rides topic as a streaming DataFrame parsed as the course does (append), and the notebook's
summaries per vendor and per payment type (batch, over the same topic).

    spark-submit --master spark://127.0.0.1:7077 --jars <Kafka connector jars> spark-jobs/nb02_streaming_dataframe.py
"""
import os
import sys

from pyspark.sql import functions as F

# The course's parse is course_streaming.py's (this folder is not on sys.path when
# `kindling compare` runs this file with runpy).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from course_streaming import parse_rides as parse  # noqa: E402

BOOTSTRAP = os.environ.get("KINDLING_BOOTSTRAP", "127.0.0.1:9092")
TOPIC = os.environ.get("KINDLING_TOPIC", "rides_csv")


def queries(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.ansi.enabled", "false")  # the course's Spark 3: empty fields parse to nulls
    parsed = parse(
        spark.readStream.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC)
        .option("startingOffsets", "earliest").load()
    )
    table = parse(spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC).load())
    by_vendor = (
        table.groupBy("vendor_id")
        .agg(F.count("*").alias("rides"), F.round(F.avg("total_amount"), 2).alias("avg_total"), F.max("trip_distance").alias("longest"))
        .orderBy("vendor_id")
    )
    by_payment = table.groupBy("payment_type").agg(F.count("*").alias("rides")).orderBy("payment_type")
    return [parsed, by_vendor, by_payment]


if __name__ == "__main__":
    from twin_main import run

    run(queries, ["append"], "02-streaming-dataframe")
