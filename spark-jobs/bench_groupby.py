"""Benchmark peer: PySpark's group-by count by (1-minute tumbling window, int key) on generated rows.

Run by `npm run bench -- --scenario groupby-ceiling` (bench/scenarios/groupby-ceiling.ts): at full
size once per measured repetition in a fresh spark-submit with `--master local[2]`, at small size
as a request to the shared driver (spark-jobs/bench_server.py). The rows are made by `spark.range`
with the same integer formula as bench/kernels/groupby-data.ts, so both sides group identical data:

    key   = (id * 7919 + 13) % 100
    ts_ms = 1593561600000 + id * 10 + (id * 104729) % 5000     (2020-07-01 00:00:00 UTC + ...)

The action is `groupBy(window(ts, "1 minute"), key).count()` reduced to three check numbers (groups,
sum of counts, sum of squared counts) so that almost nothing is collected to Python. It runs twice
in the same JVM: ``action_cold`` (the first action of a fresh JVM: code generation, JIT, class
loading; in the shared driver the JVM has run other jobs before) and ``action_warm`` (the same
action again). Only the actions are timed; the caller also takes the wall clock around the whole
spark-submit process.
"""
import time

T_SCRIPT = time.perf_counter()

from pyspark.sql import functions as F  # noqa: E402

from bench_common import configure_session  # noqa: E402

APP_NAME = "kindling-bench-groupby"
START_MS = 1593561600000  # 2020-07-01 00:00:00 UTC


def add_arguments(parser) -> None:
    parser.add_argument("--rows", type=int, required=True)


def run(spark, args, t0: float) -> dict:
    configure_session(spark)
    t_session = time.perf_counter()

    def checks():
        # A fresh DataFrame each time: collecting the same one again would reuse its executed plan
        # and skip the shuffle stage whose output already exists (warm time of a few ms, not work).
        rows = spark.range(args.rows).select(
            ((F.col("id") * 7919 + 13) % 100).cast("int").alias("key"),
            F.timestamp_millis(F.lit(START_MS) + F.col("id") * 10 + (F.col("id") * 104729) % 5000).alias("ts"),
        )
        counts = rows.groupBy(F.window("ts", "1 minute"), "key").count()
        return counts.agg(
            F.count("*").alias("groups"),
            F.sum("count").alias("rows"),
            F.sum(F.col("count") * F.col("count")).alias("sum_sq"),
        )

    timings = []
    result = None
    for _ in range(2):
        t_action = time.perf_counter()
        result = checks().collect()[0]
        timings.append(time.perf_counter() - t_action)

    return {
        "groups": result["groups"],
        "rows": result["rows"],
        "sum_sq": result["sum_sq"],
        "action_cold": timings[0],
        "action_warm": timings[1],
        "session_start": t_session - t0,
        "shuffle_partitions": spark.conf.get("spark.sql.shuffle.partitions"),
        "aqe": spark.conf.get("spark.sql.adaptive.enabled"),
        "spark_version": spark.version,
        "master": spark.sparkContext.master,
    }


if __name__ == "__main__":
    import sys

    from bench_common import standalone

    standalone(T_SCRIPT, sys.modules[__name__])
