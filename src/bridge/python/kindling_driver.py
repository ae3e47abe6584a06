"""Kindling's long-lived PySpark driver: one SparkSession on a Spark master, serving the
TypeScript side of one Kindling SparkSession over a Unix socket (one JSON request per connection,
one JSON reply line), so that batch actions and streaming queries of a `spark://` session run on
real Spark without paying a driver start (~10 s) per action.

Usage (what src/bridge/remote/remote-driver.ts starts):
  python kindling_driver.py <state-dir> <master> <parent-pid>

<state-dir> receives: driver.sock (the socket) and ready.json ({"ok": true, "appId": ...} or
{"ok": false, "stage": "probe"|"session", "error": {...}}). A streaming query's status and progress
are read from Spark's StreamingQuery itself on each request.

Requests ({"op": ...}):
  ping
  batch   {"code", "mode": "collect"|"count"|"show", "out"?, "n"?, "truncate"?, "vertical"?}
          runs generated code that assigns `result`; collect writes it as one Parquet file to
          `out` (columns renamed c0..cN so duplicate names survive; names and types in the reply)
  stream  {"code"}: generated code that assigns `query` (a started StreamingQuery)
  collectStream {"code", "outputMode", "out", "checkpoint"}: code assigns streaming `result`;
          runs it with trigger availableNow, each micro-batch written to out/batch=<id>/
  query   {"queryId", "what": "state"|"await"|"stop"|"processAllAvailable", "timeout"?}
  shutdown
"""

import json
import os
import signal
import socket
import socketserver
import sys
import threading
import time

# The shared module sits beside this file; no __pycache__ in the package folder.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kindling_common import error_of as _error_of, write_json  # noqa: E402

STATE = sys.argv[1]
MASTER = sys.argv[2]
PARENT = int(sys.argv[3])
_queries = {}
_spark = None
_stopping = threading.Event()


def error_of(exc):
    return _error_of(exc, detail=True)


def probe_master(master):
    """Fails fast (instead of Spark's minute of retries) when the master does not answer."""
    hostport = master[len("spark://"):]
    host, _, port = hostport.rpartition(":")
    with socket.create_connection((host, int(port)), timeout=5):
        pass


def make_session():
    from pyspark.sql import SparkSession
    b = SparkSession.builder.master(MASTER).appName(os.environ.get("KINDLING_APP_NAME", "kindling"))
    for k, v in json.loads(os.environ.get("KINDLING_DRIVER_CONF", "{}")).items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel(os.environ.get("KINDLING_LOG_LEVEL", "WARN"))

    return spark


def run_code(code):
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    g = {"__name__": "__kindling__", "SparkSession": SparkSession, "F": F}
    exec(compile(code, "<generated job>", "exec"), g)
    return g


def schema_of(st):
    return [{"name": f.name, "type": f.dataType.simpleString(), "nullable": f.nullable} for f in st.fields]


def write_one_parquet(df, out):
    """The rows in order, as one Parquet file (coalesce keeps a sorted result's order)."""
    renamed = df.toDF(*[f"c{i}" for i in range(len(df.columns))])
    renamed.coalesce(1).write.mode("overwrite").parquet(out)


def op_batch(req):
    g = run_code(req["code"])
    df = g["result"]
    mode = req["mode"]
    reply = {"schema": schema_of(df.schema)}
    if mode == "collect":
        write_one_parquet(df, req["out"])
    elif mode == "count":
        reply["count"] = df.count()
    elif mode == "show":
        reply["show"] = df._jdf.showString(int(req["n"]), int(req["truncate"]), bool(req["vertical"]))
    else:
        raise ValueError(f"unknown batch mode {mode!r}")
    return reply


def progress_json(jprogress):
    """Spark's own JSON of a StreamingQueryProgress (StreamingQueryProgress.json on the JVM).

    Not PySpark's q.lastProgress: its SourceProgress.fromJson keeps each offset as str() of the
    parsed JSON (python/pyspark/sql/streaming/listener.py), a Python repr such as
    "{'rides': {'0': 1000}}" that is no longer JSON; Spark's JSON keeps {"rides": {"0": 1000}}.
    """
    return json.loads(jprogress.json())


def query_state(q):
    exc = q.exception()
    last = q._jsq.lastProgress()
    return {
        "id": str(q.id), "runId": str(q.runId), "name": q.name, "isActive": q.isActive,
        "status": q.status, "lastProgress": None if last is None else progress_json(last),
        "recentProgress": [progress_json(p) for p in q._jsq.recentProgress()],
        "exception": None if exc is None else str(exc),
    }


def op_stream(req):
    g = run_code(req["code"])
    q = g["query"]
    _queries[str(q.id)] = q
    return query_state(q)


def op_collect_stream(req):
    g = run_code(req["code"])
    df = g["result"]
    out = req["out"]

    def each(batch_df, batch_id):
        write_one_parquet(batch_df, os.path.join(out, f"batch={batch_id}"))

    q = (df.writeStream.outputMode(req["outputMode"]).foreachBatch(each)
         .option("checkpointLocation", req["checkpoint"]).trigger(availableNow=True).start())
    q.awaitTermination()
    return {"schema": schema_of(df.schema), "batches": sorted(int(n.split("=")[1]) for n in os.listdir(out)) if os.path.isdir(out) else []}


def op_query(req):
    q = _queries.get(req["queryId"])
    if q is None:
        raise KeyError(f"no streaming query {req['queryId']} on this driver")
    what = req["what"]
    if what == "await":
        t = req.get("timeout")
        try:
            ended = q.awaitTermination() if t is None else q.awaitTermination(float(t))
        except Exception:  # noqa: BLE001 - the failure is reported through the state
            ended = True
        return {"ended": True if ended is None else bool(ended), **query_state(q)}
    if what == "stop":
        q.stop()
    elif what == "processAllAvailable":
        q.processAllAvailable()
    return query_state(q)


OPS = {"ping": lambda r: {"pong": True}, "batch": op_batch, "stream": op_stream, "collectStream": op_collect_stream, "query": op_query}


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline()
        try:
            req = json.loads(line)
            op = req.get("op")
            if op == "shutdown":
                reply = {"ok": True}
                _stopping.set()
            elif op in OPS:
                reply = {"ok": True, **OPS[op](req)}
            else:
                raise ValueError(f"unknown op {op!r}")
        except Exception as exc:  # noqa: BLE001 - every failure goes back as Spark's error
            reply = {"ok": False, "error": error_of(exc)}
        self.wfile.write((json.dumps(reply, default=str) + "\n").encode("utf-8"))
        self.wfile.flush()


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def watch_parent():
    """The driver lives only as long as the Node process that started it."""
    while not _stopping.wait(1.0):
        try:
            os.kill(PARENT, 0)
        except OSError:
            _stopping.set()


def main():
    global _spark
    ready = os.path.join(STATE, "ready.json")
    try:
        probe_master(MASTER)
    except Exception as exc:  # noqa: BLE001
        write_json(ready, {"ok": False, "stage": "probe", "error": {"type": type(exc).__name__, "message": str(exc)}})
        return 2
    try:
        _spark = make_session()
        _spark.range(1).collect()  # "ready" means an executor has really run a task
    except Exception as exc:  # noqa: BLE001
        write_json(ready, {"ok": False, "stage": "session", "error": error_of(exc)})
        return 3
    sock = os.path.join(STATE, "driver.sock")
    if os.path.exists(sock):
        os.unlink(sock)
    server = Server(sock, Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watch_parent, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: _stopping.set())
    write_json(ready, {"ok": True, "appId": _spark.sparkContext.applicationId, "pid": os.getpid(), "sparkVersion": _spark.version})
    while not _stopping.wait(0.5):
        pass
    server.shutdown()
    for q in list(_queries.values()):
        try:
            q.stop()
        except Exception:  # noqa: BLE001
            pass
    _spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
