"""Benchmark peer: start-up to first output. The twin of bench/jobs/startup-job.ts (run by `kindling run`).

Run by `npm run bench -- --scenario startup` (bench/scenarios/startup.ts) in a fresh spark-submit
--master local[2] per repetition, at every size (its point is spark-submit's start-up); the harness
times from spawning spark-submit to the first console batch (`Batch: 0`) on stdout, and to the
process's exit. `--out` receives the batch count.

The parse is course_streaming.py's `parse_rides`, of which the console shows three columns (Spark
prunes the other six casts, as Kindling does).
"""
import time

T_SCRIPT = time.perf_counter()

from pyspark.sql import functions as F  # noqa: E402

from bench_common import configure_session  # noqa: E402
from course_streaming import parse_rides  # noqa: E402

APP_NAME = "kindling-bench-startup"


def add_arguments(parser) -> None:
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--checkpoint", required=True)


def run(spark, args, t0: float) -> dict:
    configure_session(spark, ansi=False)
    rides = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.topic)
        .option("startingOffsets", "earliest")
        .load()
    )
    parsed = parse_rides(rides).select("vendor_id", F.col("tpep_pickup_datetime").alias("pickup"), "total_amount")
    query = (
        parsed.writeStream.format("console")
        .option("numRows", 5)
        .option("truncate", False)
        .option("checkpointLocation", args.checkpoint)
        .trigger(availableNow=True)
        .start()
    )
    query.awaitTermination()
    return {"batches": len(query.recentProgress)}


if __name__ == "__main__":
    import sys

    from bench_common import standalone

    standalone(T_SCRIPT, sys.modules[__name__])
