"""Benchmark peer: PySpark's per-batch overhead on a trivial query, MemoryStream → memory sink.

Run by `npm run bench -- --scenario batch-overhead` (bench/scenarios/batch-overhead.ts): at full
size in a fresh spark-submit --master local[2] per repetition, at small size as a request to the
shared driver (spark-jobs/bench_server.py). The twin of the scenario's Kindling measure:

    MemoryStream[(Int, String)] as (id, s)  →  select(id, id * 2 AS x, s).where(id >= 0)
        →  writeStream.format("memory"), default trigger (processingTime 0)

Spark's MemoryStream is not in PySpark's API; it is the JVM class
(org.apache.spark.sql.execution.streaming.runtime.MemoryStream) through py4j, as Spark's own tests
use it. Each batch: wait until the query is idle (its status is "Waiting for data to arrive"), push
the same `--rows-per-batch` rows (one `addData`), and wait in the JVM until the query has committed
that offset (StreamExecution.awaitOffset: the rows are in the sink). ``visible_ms`` is push → committed
per batch (perf_counter; one py4j call each for the push and the wait), ``trigger_ms`` the query's
own durationMs.triggerExecution of each measured batch. `--warmup-batches` run first, untimed.
"""
import os
import statistics
import time

T_SCRIPT = time.perf_counter()

from pyspark.sql import functions as F  # noqa: E402

from bench_common import configure_session  # noqa: E402

APP_NAME = "kindling-bench-batch-overhead"
IDLE = "Waiting for data to arrive"


def add_arguments(parser) -> None:
    parser.add_argument("--batches", type=int, required=True)
    parser.add_argument("--warmup-batches", type=int, required=True)
    parser.add_argument("--rows-per-batch", type=int, required=True)
    parser.add_argument("--checkpoint", required=True)


def memory_stream(spark):
    """A JVM MemoryStream of (Int, String) and its DataFrame with columns (id, s)."""
    from pyspark.sql.classic.dataframe import DataFrame

    jvm = spark._jvm
    encoders = jvm.org.apache.spark.sql.Encoders
    stream = jvm.org.apache.spark.sql.execution.streaming.runtime.MemoryStream.apply(
        encoders.tuple(encoders.INT(), encoders.STRING()), spark._jsparkSession
    )
    return stream, DataFrame(stream.toDF(), spark).toDF("id", "s")


def wait_idle(query, timeout_s: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout_s
    while query.status["message"] != IDLE:
        if not query.isActive or time.perf_counter() > deadline:
            raise RuntimeError(f"the query did not become idle within {timeout_s} s: {query.status}, {query.exception()}")
        time.sleep(0.001)


def run(spark, args, t0: float) -> dict:
    configure_session(spark)
    total = args.warmup_batches + args.batches
    spark.conf.set("spark.sql.streaming.numRecentProgressUpdates", str(total + 10))
    jvm = spark._jvm
    stream, df = memory_stream(spark)
    rows = jvm.java.util.ArrayList()
    for i in range(args.rows_per_batch):
        rows.add(jvm.scala.Tuple2(i, f"ride-{i}"))
    data = jvm.scala.jdk.javaapi.CollectionConverters.asScala(rows).toSeq()
    name = f"bench_overhead_{os.getpid()}_{int(time.time() * 1000)}"
    query = (
        df.select("id", (F.col("id") * 2).alias("x"), "s")
        .where(F.col("id") >= 0)
        .writeStream.format("memory")
        .queryName(name)
        .option("checkpointLocation", args.checkpoint)
        .start()
    )
    execution = query._jsq.streamingQuery()
    visible = []
    try:
        for b in range(total):
            wait_idle(query)
            t_push = time.perf_counter()
            offset = stream.addData(data)
            execution.awaitOffset(0, offset, 60000)
            if b >= args.warmup_batches:
                visible.append((time.perf_counter() - t_push) * 1000)
        progress = [p for p in query.recentProgress if p["numInputRows"] > 0]
    finally:
        query.stop()
    rows_in_sink = spark.sql(f"SELECT count(*) AS n FROM {name}").collect()[0]["n"]
    measured = progress[-args.batches:]
    phases = sorted({k for p in measured for k in p["durationMs"]})
    return {
        "batches": len(progress),
        "rows_in_sink": rows_in_sink,
        "visible_ms": visible,
        "trigger_ms": [p["durationMs"]["triggerExecution"] for p in measured],
        "phase_median_ms": {k: statistics.median(p["durationMs"].get(k, 0) for p in measured) for k in phases},
        "input_rows": [p["numInputRows"] for p in measured],
    }


if __name__ == "__main__":
    import sys

    from bench_common import standalone

    standalone(T_SCRIPT, sys.modules[__name__])
