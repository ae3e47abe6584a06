"""Benchmark peer: start-up to first output. The twin of bench/jobs/startup-job.ts (run by `kindling run`).

Run by `npm run bench -- --scenario startup` (bench/scenarios/startup.ts) in a fresh spark-submit
--master local[2] per repetition; the harness times from spawning spark-submit to the first
console batch (`Batch: 0`) on stdout, and to the process's exit. `--out` receives nothing useful
but a marker (the harness passes it to every job).
"""
import argparse
import json

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    spark = SparkSession.builder.appName("kindling-bench-startup").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    spark.conf.set("spark.sql.ansi.enabled", "false")
    rides = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.topic)
        .option("startingOffsets", "earliest")
        .load()
    )
    fields = F.split(F.col("value").cast("string"), ", ")
    parsed = rides.select(
        fields.getItem(0).cast("int").alias("vendor_id"),
        fields.getItem(1).cast("timestamp").alias("pickup"),
        fields.getItem(6).cast("float").alias("total_amount"),
    )
    query = (
        parsed.writeStream.format("console")
        .option("numRows", 5)
        .option("truncate", False)
        .option("checkpointLocation", args.checkpoint)
        .trigger(availableNow=True)
        .start()
    )
    query.awaitTermination()
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"batches": len(query.recentProgress)}, out)
    spark.stop()


if __name__ == "__main__":
    main()
