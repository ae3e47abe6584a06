"""The course's streaming job in PySpark: the twin of Kindling's `kindling demo` job (src/cli/course-job.ts).

Reads `", "`-joined rides from Kafka, parses them, and writes a 10-minute window sliding every
5 minutes per vendor to a Kafka topic (key = vendor_id, value = the count), with trigger
availableNow, so it processes the rides that are there and stops:

    spark-submit --master spark://127.0.0.1:7077 --jars <connector jars> spark-jobs/course_streaming.py \
        --bootstrap 127.0.0.1:9092 --input rides_csv --output vendor_counts_windowed \
        --starting-offsets earliest --checkpoint /tmp/ckpt
"""
import argparse

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def parse_rides(rides):
    fields = F.split(F.col("value").cast("string"), ", ")
    return rides.select(
        fields.getItem(0).cast("int").alias("vendor_id"),
        fields.getItem(1).cast("timestamp").alias("tpep_pickup_datetime"),
        fields.getItem(2).cast("timestamp").alias("tpep_dropoff_datetime"),
        fields.getItem(3).cast("int").alias("passenger_count"),
        fields.getItem(4).cast("float").alias("trip_distance"),
        fields.getItem(5).cast("int").alias("payment_type"),
        fields.getItem(6).cast("float").alias("total_amount"),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--input", default="rides_csv")
    parser.add_argument("--output", default="vendor_counts_windowed")
    parser.add_argument("--starting-offsets", default="earliest")
    parser.add_argument("--max-offsets-per-trigger", type=int, default=5000)
    parser.add_argument("--checkpoint", required=True)
    args = parser.parse_args()

    spark = SparkSession.builder.appName("course-streaming").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    # A laptop-sized stream: Spark's default of 200 state partitions makes every batch 200 tasks.
    spark.conf.set("spark.sql.shuffle.partitions", "2")
    # The course ran on Spark 3 with ANSI off: an empty field becomes null instead of failing.
    spark.conf.set("spark.sql.ansi.enabled", "false")

    rides = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.input)
        .option("startingOffsets", args.starting_offsets)
        .option("maxOffsetsPerTrigger", args.max_offsets_per_trigger)
        .load()
    )
    windowed = (
        parse_rides(rides)
        .withWatermark("tpep_pickup_datetime", "10 minutes")
        .groupBy(F.window("tpep_pickup_datetime", "10 minutes", "5 minutes"), "vendor_id")
        .count()
        .select(F.col("vendor_id").cast("string").alias("key"), F.col("count").cast("string").alias("value"))
    )
    query = (
        windowed.writeStream.outputMode("update")
        .format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("topic", args.output)
        .option("checkpointLocation", args.checkpoint)
        .trigger(availableNow=True)
        .start()
    )
    query.awaitTermination()
    spark.stop()


if __name__ == "__main__":
    main()
