"""PySpark twin of notebooks/01-producer-consumer.ipynb (Kindling job: examples/01-producer-consumer.ts):
the records of the rides topic as the notebook's consumer sees them, and the count per key.

    spark-submit --master spark://127.0.0.1:7077 --jars <Kafka connector jars> spark-jobs/nb01_producer_consumer.py
"""
import os

from pyspark.sql import functions as F

BOOTSTRAP = os.environ.get("KINDLING_BOOTSTRAP", "127.0.0.1:9092")
TOPIC = os.environ.get("KINDLING_TOPIC", "rides_csv")


def queries(spark):
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    consumed = (
        spark.read.format("kafka").option("kafka.bootstrap.servers", BOOTSTRAP).option("subscribe", TOPIC).load()
        .select("partition", "offset", F.col("key").cast("string").alias("key"), F.col("value").cast("string").alias("value"))
    )
    return [consumed.orderBy("partition", "offset"), consumed.groupBy("key").count().orderBy("key")]


if __name__ == "__main__":
    from twin_main import run

    run(queries, [], "01-producer-consumer")
