"""Benchmark peer: PySpark's micro-batch latency on a pass-through of the course's rides (Kafka → Kafka).

Run by `npm run bench -- --scenario latency` (bench/scenarios/latency.ts) in spark-submit --master local[2].
The query reads the input topic from the given offsets with the default trigger (processingTime 0:
the next batch starts as soon as the previous one ends), keeps the vendor id as the key and copies
each input record's Kafka timestamp into the output value (`CAST(timestamp AS STRING)`, UTC); the
harness reads the output topic back and takes each output record's timestamp (set by the Kafka
sink's producer when it wrote it) minus the input timestamp in its value.

The harness starts this job, waits for the `--ready` file (the query has started), produces, waits
for every output record, then creates the `--stop` file; the job then stops the query and writes
its batch count to `--out`. `--max-seconds` bounds the whole run.
"""
import argparse
import json
import os
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--input", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--starting-offsets", required=True)
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--stop", required=True)
    parser.add_argument("--max-seconds", type=float, required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    t_start = time.monotonic()

    spark = SparkSession.builder.appName("kindling-bench-latency").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    rides = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.input)
        .option("startingOffsets", args.starting_offsets)
        .load()
    )
    fields = F.split(F.col("value").cast("string"), ", ")
    out = rides.select(fields.getItem(0).alias("key"), F.col("timestamp").cast("string").alias("value"))
    query = (
        out.writeStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("topic", args.output)
        .option("checkpointLocation", args.checkpoint)
        .start()
    )
    with open(args.ready, "w", encoding="utf-8") as f:
        f.write("started\n")
    while not os.path.exists(args.stop) and time.monotonic() - t_start < args.max_seconds and query.isActive:
        time.sleep(0.1)
    query.stop()
    progress = query.recentProgress
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump({"batches": len(progress), "input_rows": sum(p["numInputRows"] for p in progress), "stopped_by": "stop-file" if os.path.exists(args.stop) else "timeout"}, f)
    spark.stop()


if __name__ == "__main__":
    main()
