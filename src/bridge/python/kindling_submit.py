"""What `kindling submit` hands to spark-submit: runs a generated PySpark job and leaves a trail
that `kindling jobs` reads, in <dir>:
  app.json        {"appId", "master", "startedAt"} once the session is up
  progress.jsonl  every StreamingQueryListener event, one JSON a line
  result.json     {"ok": true} or {"ok": false, "error": {"type", "message", "errorClass", "sqlState"}}
A failure prints Spark's own error (the Python exception and Spark's message) to stderr.

Usage: spark-submit ... kindling_submit.py <job.py> <dir>
"""
import json
import os
import sys
import time
import traceback

# The shared module sits beside this file; no __pycache__ in the package folder.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import kindling_common as common  # noqa: E402
from kindling_common import error_of  # noqa: E402

JOB, DIR = sys.argv[1], sys.argv[2]


def write_json(name, obj):
    common.write_json(os.path.join(DIR, name), obj)


def main():
    from pyspark.sql import SparkSession
    from pyspark.sql.streaming import StreamingQueryListener

    try:
        # The job's own builder().getOrCreate() returns this session (its SQL settings apply).
        spark = SparkSession.builder.getOrCreate()
    except Exception as exc:  # noqa: BLE001
        write_json("result.json", {"ok": False, "stage": "session", "error": error_of(exc)})
        print(f"kindling: Spark could not start the session: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return 1
    sc = spark.sparkContext
    write_json("app.json", {"appId": sc.applicationId, "master": sc.master, "startedAt": time.time()})
    print(f"kindling: application {sc.applicationId} on {sc.master}", flush=True)
    events = open(os.path.join(DIR, "progress.jsonl"), "a", encoding="utf-8")

    def event(obj):
        events.write(json.dumps(obj) + "\n")
        events.flush()

    class Listener(StreamingQueryListener):
        def onQueryStarted(self, e):
            event({"event": "started", "id": str(e.id), "runId": str(e.runId), "name": e.name, "at": time.time()})

        def onQueryProgress(self, e):
            p = json.loads(e.progress.json)
            event({"event": "progress", "at": time.time(), "progress": p})
            print(f"kindling: query {p.get('name') or p.get('id')} batch {p.get('batchId')}: {p.get('numInputRows')} input rows", flush=True)

        def onQueryIdle(self, e):
            pass

        def onQueryTerminated(self, e):
            event({"event": "terminated", "id": str(e.id), "runId": str(e.runId), "exception": e.exception, "at": time.time()})

    spark.streams.addListener(Listener())
    try:
        with open(JOB, encoding="utf-8") as f:
            code = f.read()
        exec(compile(code, JOB, "exec"), {"__name__": "__main__", "__file__": JOB})
    except Exception as exc:  # noqa: BLE001 - Spark's error is the job's result
        info = error_of(exc)
        write_json("result.json", {"ok": False, "error": info})
        traceback.print_exc(limit=4)
        print(f"kindling: the job failed on Spark: {info['type']}: {info['message']}", file=sys.stderr, flush=True)
        spark.stop()
        return 1
    write_json("result.json", {"ok": True})
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
