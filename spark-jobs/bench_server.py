"""The shared PySpark driver of small benchmark runs: one spark-submit that runs many peer jobs.

`npm run bench` (--size small) would otherwise start a JVM per PySpark measure (about 10–40 s each
on a two-core machine, most of the small suite's time). bench/support/spark-driver.ts starts this
script once, in spark-submit --master local[2] with the same settings as a standalone job:

    spark-submit --master local[2] --jars <connector jars> spark-jobs/bench_server.py --ready <file>

It builds its SparkSession, listens on a TCP port of 127.0.0.1 (port 0: the system picks one), and
writes ``{"port": …, "session_start": …}`` to the ready file. The harness connects once and sends
one JSON line per job, ``{"id": 1, "job": "bench_groupby", "args": ["--rows", "1000000", "--out", "…"]}``;
the job module (spark-jobs/bench_<job>.py, see bench_common.py) runs in a fresh
``spark.newSession()`` (its own SQL settings, the same SparkContext), writes its result to its
``--out`` file as it does on its own, and the reply is ``{"id": 1, "ok": true, "seconds": …}`` or
``{"id": 1, "ok": false, "error": "<traceback>"}``. Jobs run one at a time. When the harness closes
the connection (or after ``--idle-seconds`` without one), the SparkSession stops and the process exits.
"""
import time

T_SCRIPT = time.perf_counter()

import argparse  # noqa: E402
import importlib  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import traceback  # noqa: E402

from pyspark.sql import SparkSession  # noqa: E402

from bench_common import job_parser, write_json  # noqa: E402

JOB_NAME = re.compile(r"^bench_[a-z_]+$")


def serve(spark, conn) -> None:
    reader = conn.makefile("r", encoding="utf-8")
    writer = conn.makefile("w", encoding="utf-8")
    for line in reader:
        if line.strip() == "":
            continue
        t0 = time.perf_counter()
        request = json.loads(line)
        reply = {"id": request.get("id")}
        try:
            job = request["job"]
            if not JOB_NAME.match(job) or job in ("bench_server", "bench_common"):
                raise ValueError(f"not a benchmark job: {job!r}")
            module = importlib.import_module(job)
            args = job_parser(module.__doc__, module.add_arguments).parse_args(request["args"])
            write_json(args.out, module.run(spark.newSession(), args, t0))
            reply.update(ok=True, seconds=time.perf_counter() - t0)
        except (Exception, SystemExit):  # argparse exits on bad arguments
            reply.update(ok=False, error=traceback.format_exc())
        writer.write(json.dumps(reply) + "\n")
        writer.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ready", required=True, help="a file to write the port to once the SparkSession is up")
    parser.add_argument("--idle-seconds", type=float, default=600, help="exit if the harness has not connected by then")
    args = parser.parse_args()

    spark = SparkSession.builder.appName("kindling-bench-shared-driver").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    t_session = time.perf_counter()
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(args.idle_seconds)
    write_json(args.ready, {"port": server.getsockname()[1], "session_start": t_session - T_SCRIPT})
    try:
        conn, _ = server.accept()
        conn.settimeout(None)
        with conn:
            serve(spark, conn)
    except socket.timeout:
        pass
    finally:
        server.close()
        spark.stop()


if __name__ == "__main__":
    main()
