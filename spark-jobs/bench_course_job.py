"""Benchmark peer: the course's windowed streaming job (spark-jobs/course_streaming.py) with trigger availableNow, timed.

Run by `npm run bench -- --scenario course-job` (bench/scenarios/course-job.ts): at full size once
per measured repetition in a fresh spark-submit with `--master local[2]`, at small size as a request
to the shared driver (spark-jobs/bench_server.py). The same parse (course_streaming.py's
`parse_rides`), watermark, 10-minute window sliding every 5 minutes per vendor, update mode to a
Kafka topic, as course_streaming.py, over a whole topic, then stops.

Writes to `--out`: the input and output rows (from the query's progress) and clocks in seconds
(`time.perf_counter`): ``query`` from `start()` to the end of `awaitTermination()`, ``script`` from
the job's start (standalone: the first line of this script, the JVM up and the SparkSession not;
shared driver: the request's arrival) to the same end.
"""
import time

T_SCRIPT = time.perf_counter()

from pyspark.sql import functions as F  # noqa: E402

from bench_common import configure_session  # noqa: E402
from course_streaming import parse_rides  # noqa: E402

APP_NAME = "kindling-bench-course-job"


def add_arguments(parser) -> None:
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--max-offsets-per-trigger", type=int, required=True)
    parser.add_argument("--checkpoint", required=True)


def run(spark, args, t0: float) -> dict:
    # As course_streaming.py: UTC, 2 state partitions, ANSI off.
    configure_session(spark, ansi=False)
    spark.conf.set("spark.sql.shuffle.partitions", "2")
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
    return {
        "input_rows": sum(p["numInputRows"] for p in progress),
        "output_rows": sum(p["sink"].get("numOutputRows", 0) for p in progress),
        "batches": len(progress),
        "durations": [p["durationMs"] for p in progress],
        "query": t_end - t_start,
        "script": t_end - t0,
        "session_start": t_session - t0,
    }


if __name__ == "__main__":
    import sys

    from bench_common import standalone

    standalone(T_SCRIPT, sys.modules[__name__])
