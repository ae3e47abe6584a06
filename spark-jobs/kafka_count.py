"""Counts the records of a Kafka topic with Spark's Kafka connector (spark-sql-kafka-0-10).

The smallest honest proof that the local stack's Spark reaches its Kafka:

    spark-submit --master spark://127.0.0.1:7077 --jars <connector jars> \
        spark-jobs/kafka_count.py --bootstrap 127.0.0.1:9092 --topic rides_csv --out count.json
"""
import argparse
import json

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--out", required=True, help="a JSON file to write the counts to")
    args = parser.parse_args()

    spark = SparkSession.builder.appName("kindling-kafka-count").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    records = (
        spark.read.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.topic)
        .option("startingOffsets", "earliest")
        .option("endingOffsets", "latest")
        .load()
    )
    per_partition = {
        row["partition"]: row["n"]
        for row in records.groupBy("partition").agg(F.count("*").alias("n")).collect()
    }
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"count": sum(per_partition.values()), "partitions": per_partition}, out)
    spark.stop()


if __name__ == "__main__":
    main()
