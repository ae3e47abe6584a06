"""Benchmark peer: PySpark's micro-batch latency on a pass-through of the course's rides (Kafka → Kafka).

Run by `npm run bench -- --scenario latency` (bench/scenarios/latency.ts): at full size in its own
spark-submit --master local[2], at small size as a request to the shared driver
(spark-jobs/bench_server.py). The query reads the input topic from the given offsets with the
default trigger (processingTime 0: the next batch starts as soon as the previous one ends), keeps
the vendor id as the key and copies each input record's Kafka timestamp into the output value
(`CAST(timestamp AS STRING)`, UTC); the harness reads the output topic back and takes each output
record's timestamp (set by the Kafka sink's producer when it wrote it) minus the input timestamp in
its value.

The harness starts this job, waits for the `--ready` file (the query has started), produces, waits
for every output record, then creates the `--stop` file; the job then stops the query and writes
its batch count to `--out`. `--max-seconds` bounds the whole run.
"""
import os
import time

T_SCRIPT = time.perf_counter()

from pyspark.sql import functions as F  # noqa: E402

from bench_common import configure_session  # noqa: E402

APP_NAME = "kindling-bench-latency"


def add_arguments(parser) -> None:
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--starting-offsets", required=True)
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--max-seconds", type=float, required=True)


def run(spark, args, t0: float) -> dict:
    configure_session(spark, ansi=False)
    rides = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.input)
        .option("startingOffsets", args.starting_offsets)
        .load()
    )
    # The raw first field as the key, as bench/scenarios/latency.ts's Kindling twin writes it (not
    # course_streaming.parse_rides, which casts it to int and drops the Kafka timestamp).
    key = F.split(F.col("value").cast("string"), ", ").getItem(0)
    out = rides.select(key.alias("key"), F.col("timestamp").cast("string").alias("value"))
    query = (
        out.writeStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("topic", args.output)
        .option("checkpointLocation", args.checkpoint)
        .start()
    )
    with open(args.ready, "w", encoding="utf-8") as f:
        f.write("started\n")
    while not os.path.exists(args.stop) and time.perf_counter() - t0 < args.max_seconds and query.isActive:
        time.sleep(0.1)
    query.stop()
    progress = query.recentProgress
    return {"batches": len(progress), "input_rows": sum(p["numInputRows"] for p in progress), "stopped_by": "stop-file" if os.path.exists(args.stop) else "timeout"}


if __name__ == "__main__":
    import sys

    from bench_common import standalone

    standalone(T_SCRIPT, sys.modules[__name__])
