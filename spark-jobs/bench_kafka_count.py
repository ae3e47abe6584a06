"""Benchmark peer: PySpark counting every record of a Kafka topic (batch read, spark-sql-kafka-0-10).

Run by `npm run bench -- --scenario kafka-read` (bench/scenarios/kafka-read.ts), once per measured
repetition, in a fresh spark-submit with `--master local[2]`:

    spark-submit --master local[2] --jars <connector jars> spark-jobs/bench_kafka_count.py \
        --bootstrap 127.0.0.1:9092 --topic bench-rides-200000-s1-p4 --out timings.json

Writes the count and three clocks (seconds, `time.perf_counter`), all measured inside the job:
  - ``script_to_count``: from the first line of this script (the JVM that spark-submit started is
    already running, the SparkSession is not) to the end of the count;
  - ``session_to_count``: from the SparkSession being ready to the end of the count;
  - ``session_start``: building the SparkSession.
The wall clock including JVM start is taken by the caller around the spark-submit process.
"""
import time

T_SCRIPT = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402

from pyspark.sql import SparkSession  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    parser.add_argument("--out", required=True, help="a JSON file to write the count and timings to")
    args = parser.parse_args()

    spark = SparkSession.builder.appName("kindling-bench-kafka-count").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    t_session = time.perf_counter()
    count = (
        spark.read.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.topic)
        .option("startingOffsets", "earliest")
        .option("endingOffsets", "latest")
        .load()
        .count()
    )
    t_end = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(
            {
                "count": count,
                "script_to_count": t_end - T_SCRIPT,
                "session_to_count": t_end - t_session,
                "session_start": t_session - T_SCRIPT,
                "spark_version": spark.version,
                "master": spark.sparkContext.master,
            },
            out,
        )
    spark.stop()


if __name__ == "__main__":
    main()
