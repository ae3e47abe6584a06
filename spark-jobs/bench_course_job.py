"""Benchmark peer: the course's windowed streaming job (spark-jobs/course_streaming.py) with trigger availableNow, timed.

Run by `npm run bench -- --scenario course-job` (bench/scenarios/course-job.ts), once per measured
repetition, in a fresh spark-submit with `--master local[2]`: the same parse, watermark, 10-minute
window sliding every 5 minutes per vendor, update mode to a Kafka topic, as course_streaming.py
(whose `parse_rides` it imports), over a whole topic, then stops.

Writes to `--out`: the input and output rows (from the query's progress) and clocks in seconds
(`time.perf_counter`): ``query`` from `start()` to the end of `awaitTermination()`, ``script`` from
the first line of this script (the JVM is up, the SparkSession is not) to the same end.
"""
import time

T_SCRIPT = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from course_streaming import parse_rides  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--max-offsets-per-trigger", type=int, required=True)
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    spark = SparkSession.builder.appName("kindling-bench-course-job").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    # As course_streaming.py: UTC, 2 state partitions, ANSI off.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.shuffle.partitions", "2")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    t_session = time.perf_counter()
    rides = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.input)
        .option("startingOffsets", "earliest")
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
    t_start = time.perf_counter()
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
    t_end = time.perf_counter()
    progress = query.recentProgress
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(
            {
                "input_rows": sum(p["numInputRows"] for p in progress),
                "output_rows": sum(p["sink"].get("numOutputRows", 0) for p in progress),
                "batches": len(progress),
                "durations": [p["durationMs"] for p in progress],
                "query": t_end - t_start,
                "script": t_end - T_SCRIPT,
                "session_start": t_session - T_SCRIPT,
            },
            out,
        )
    spark.stop()


if __name__ == "__main__":
    main()
