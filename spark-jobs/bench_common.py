"""What the PySpark benchmark peers (spark-jobs/bench_*.py) share.

Each peer is a module with ``add_arguments(parser)`` and ``run(spark, args, t0) -> dict``, so that it
runs two ways with the same code:

- on its own, ``spark-submit spark-jobs/bench_<job>.py … --out result.json`` (full-size runs: a fresh
  JVM per repetition), through :func:`standalone`;
- as a request to the long-lived driver of small runs (spark-jobs/bench_server.py), which calls
  ``run`` in a fresh ``spark.newSession()`` of its one SparkSession.

``t0`` is the moment the job started, on ``time.perf_counter``: the first line of the script when it
runs on its own (the JVM that spark-submit started is up, the SparkSession is not), the arrival of
the request in the shared driver. ``run`` returns the JSON-able result that goes to ``--out``.
"""
import argparse
import json
from typing import Callable, Dict


def configure_session(spark, ansi: bool = True) -> None:
    """The settings the Node side runs with: UTC session clock, and ANSI off where the course job has it off."""
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    if not ansi:
        spark.conf.set("spark.sql.ansi.enabled", "false")


def write_json(path: str, value: Dict) -> None:
    with open(path, "w", encoding="utf-8") as out:
        json.dump(value, out)


def job_parser(description: str, add_arguments: Callable[[argparse.ArgumentParser], None]) -> argparse.ArgumentParser:
    """The job's argument parser, with the ``--out`` every job takes (where its JSON result goes)."""
    parser = argparse.ArgumentParser(description=description)
    add_arguments(parser)
    parser.add_argument("--out", required=True, help="a JSON file to write the result to")
    return parser


def standalone(t0: float, module) -> None:
    """Runs a peer module in this spark-submit process: its own SparkSession, then stops it."""
    from pyspark.sql import SparkSession

    args = job_parser(module.__doc__, module.add_arguments).parse_args()
    spark = SparkSession.builder.appName(module.APP_NAME).getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    # A failed run raises before anything is written: the caller reports the exit code and the log.
    write_json(args.out, module.run(spark, args, t0))
    spark.stop()
