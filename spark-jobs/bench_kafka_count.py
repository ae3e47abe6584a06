"""Benchmark peer: PySpark counting every record of a Kafka topic (batch read, spark-sql-kafka-0-10).

Run by `npm run bench -- --scenario kafka-read` (bench/scenarios/kafka-read.ts): at full size once
per measured repetition in a fresh spark-submit with `--master local[2]`,

    spark-submit --master local[2] --jars <connector jars> spark-jobs/bench_kafka_count.py \
        --bootstrap 127.0.0.1:9092 --topic bench-rides-200000-s1-p4 --out timings.json

at small size as a request to the shared driver (spark-jobs/bench_server.py).

Writes the count and three clocks (seconds, `time.perf_counter`), all measured inside the job:
  - ``script_to_count``: from the job's start (standalone: the first line of this script, the JVM
    up and the SparkSession not; shared driver: the request's arrival) to the end of the count;
  - ``session_to_count``: from the SparkSession being ready to the end of the count;
  - ``session_start``: building the SparkSession.
The wall clock including JVM start is taken by the caller around the spark-submit process.
"""
import time

T_SCRIPT = time.perf_counter()

APP_NAME = "kindling-bench-kafka-count"


def add_arguments(parser) -> None:
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)


def run(spark, args, t0: float) -> dict:
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
    return {
        "count": count,
        "script_to_count": t_end - t0,
        "session_to_count": t_end - t_session,
        "session_start": t_session - t0,
        "spark_version": spark.version,
        "master": spark.sparkContext.master,
    }


if __name__ == "__main__":
    import sys

    from bench_common import standalone

    standalone(T_SCRIPT, sys.modules[__name__])
