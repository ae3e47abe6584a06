"""The PySpark side of Kindling's differential tests: one long-lived SparkSession behind a
JSON-lines protocol on stdin/stdout, driven by test/support/pyspark-oracle.ts.

Protocol (one JSON object per line):
  -> {"event": "ready", "sparkVersion": ..., "python": ...}      once, after the session works
  <- {"id": 1, "op": "run", "code": "df = spark.range(3)", "inputs": {...}, "params": {...},
      "conf": {...}, "collect": true, "show": {"n": 20, "truncate": 20, "vertical": false}}
  -> {"id": 1, "ok": true, "schema": [...], "rows": [[...]], "show": "..."}
  -> {"id": 1, "ok": false, "error": {"type", "errorClass", "sqlState", "message", ...}}
  <- {"op": "cancel"}   (handled at once, on the reader thread: cancels the running Spark jobs)
  <- {"id": 2, "op": "stop"}

Values are encoded so that nothing is lost in JSON: longs, timestamps (microseconds since the
epoch, UTC) and day-time intervals (microseconds) as strings, doubles as numbers except NaN and
+-Infinity (as those strings), decimals as plain strings, binary as hex, dates as days since the
epoch, structs as lists in field order, maps as lists of [key, value] pairs.
"""

import datetime
import json
import logging
import math
import os
import queue
import sys
import textwrap
import threading
import time
import traceback
from decimal import Decimal

# Protocol on a private copy of stdout; fd 1 itself then points at stderr, so a print() in a
# snippet, or anything the JVM (our child) writes to its stdout, cannot corrupt the protocol.
PROTOCOL = os.fdopen(os.dup(1), "w", encoding="utf-8")
os.dup2(2, 1)
sys.stdout = sys.stderr

# PySpark turns TimestampType values into naive datetimes in the *process's* local time zone
# (TimestampType.fromInternal uses datetime.fromtimestamp), so UTC here makes them exact.
os.environ["TZ"] = "UTC"
time.tzset()

EPOCH = datetime.datetime(1970, 1, 1)
EPOCH_DATE = datetime.date(1970, 1, 1)
ONE_MICRO = datetime.timedelta(microseconds=1)


def send(obj):
    PROTOCOL.write(json.dumps(obj, separators=(",", ":"), allow_nan=False, ensure_ascii=True) + "\n")
    PROTOCOL.flush()


# ---- value encoding, driven by the schema (Python values alone cannot tell int from long) ----


def nullable(fn):
    return lambda v: None if v is None else fn(v)


def encode_double(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def encode_timestamp(v):
    if v.tzinfo is not None:
        v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return str((v - EPOCH) // ONE_MICRO)


def encode_other(v):
    if v is None or isinstance(v, (bool, int, float, str)):
        return encode_double(v) if isinstance(v, float) else v
    return str(v)


def encoder(dt):
    from pyspark.sql import types as T

    if isinstance(dt, T.LongType):
        return nullable(str)
    if isinstance(dt, (T.IntegerType, T.ShortType, T.ByteType, T.BooleanType, T.StringType, T.NullType)):
        return lambda v: v
    if isinstance(dt, (T.DoubleType, T.FloatType)):
        return nullable(encode_double)
    if isinstance(dt, T.DecimalType):
        return nullable(lambda v: format(v, "f"))
    if isinstance(dt, T.DateType):
        return nullable(lambda v: (v - EPOCH_DATE).days)
    if isinstance(dt, (T.TimestampType, T.TimestampNTZType)):
        return nullable(encode_timestamp)
    if isinstance(dt, T.DayTimeIntervalType):
        return nullable(lambda v: str(v // ONE_MICRO))
    if isinstance(dt, T.BinaryType):
        return nullable(lambda v: bytes(v).hex())
    if isinstance(dt, T.ArrayType):
        element = encoder(dt.elementType)
        return nullable(lambda v: [element(x) for x in v])
    if isinstance(dt, T.MapType):
        key, value = encoder(dt.keyType), encoder(dt.valueType)
        return nullable(lambda v: [[key(k), value(x)] for k, x in v.items()])
    if isinstance(dt, T.StructType):
        return nullable(struct_encoder(dt))
    return encode_other


def struct_encoder(st):
    fields = [encoder(f.dataType) for f in st.fields]
    return lambda row: [enc(row[i]) for i, enc in enumerate(fields)]


def schema_of(st):
    return [
        {"name": f.name, "type": f.dataType.simpleString(), "nullable": f.nullable, "dataType": f.dataType.jsonValue()}
        for f in st.fields
    ]


# ---- errors ----


def error_of(exc):
    from pyspark.errors import PySparkException

    out = {"type": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, PySparkException):
        get = getattr(exc, "getCondition", None) or exc.getErrorClass
        out["errorClass"] = get()
        out["sqlState"] = exc.getSqlState()
        params = exc.getMessageParameters()
        if params:
            out["messageParameters"] = {str(k): str(v) for k, v in dict(params).items()}
    else:
        java = getattr(exc, "java_exception", None)  # a Py4JJavaError PySpark did not convert
        if java is not None:
            out["message"] = str(java.toString())
            # Errors raised inside tasks (e.g. MALFORMED_RECORD_IN_PARSING) reach Python unconverted;
            # their condition is still the bracketed prefix of the Spark exception's message.
            import re
            m = re.search(r"Exception: \[([A-Z0-9_]+(?:\.[A-Z0-9_]+)?)\]", out["message"])
            if m is not None:
                out["errorClass"] = m.group(1)
        out["traceback"] = traceback.format_exc(limit=8)
    return out


class SnippetError(Exception):
    pass


# ---- requests ----


class Server:
    def __init__(self):
        from pyspark.sql import SparkSession

        builder = SparkSession.builder
        # Extra jars (Spark's Kafka connector, from the stack's cache) for tests that read Kafka.
        if os.environ.get("KINDLING_ORACLE_JARS"):
            builder = builder.config("spark.jars", os.environ["KINDLING_ORACLE_JARS"])
        self.spark = (
            builder.master("local[2]")
            .appName("kindling-pyspark-oracle")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.default.parallelism", "2")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
            .config("spark.executor.extraJavaOptions", "-Duser.timezone=UTC")
            .getOrCreate()
        )
        self.spark.sparkContext.setLogLevel("ERROR")
        # PySpark 4 also logs every failed query's context as JSON; the error reply carries it.
        logging.getLogger("DataFrameQueryContextLogger").setLevel(logging.CRITICAL)
        # Jobs of this (the main) thread get their task threads interrupted on cancel, so a timed-out
        # request frees its executor slots at once instead of running on in the background.
        self.spark.sparkContext.setLocalProperty("spark.job.interruptOnCancel", "true")
        self.spark.range(1).collect()  # warm up, so "ready" means a query has really run

    def globals_for(self, req):
        from pyspark.sql import Row, Window
        from pyspark.sql import functions as F
        from pyspark.sql import types as T

        params = req.get("params") or {}
        g = {
            "spark": self.spark, "F": F, "T": T, "Window": Window, "Row": Row,
            "datetime": datetime, "Decimal": Decimal, "math": math,
            "inputs": req.get("inputs") or {}, "params": params,
        }
        g.update({k: v for k, v in params.items() if k.isidentifier() and k not in g})
        return g

    def run(self, req):
        from pyspark.sql import DataFrame

        conf = req.get("conf") or {}
        saved = {k: self.spark.conf.get(k, None) for k in conf}
        try:
            for k, v in conf.items():
                self.spark.conf.set(k, v)
            g = self.globals_for(req)
            exec(compile(textwrap.dedent(req["code"]), "<snippet>", "exec"), g)
            df = g.get("df")
            if not isinstance(df, DataFrame):
                raise SnippetError(
                    "the snippet must assign a DataFrame to `df`; it left `df` as "
                    + (type(df).__name__ if "df" in g else "undefined")
                )
            out = {"schema": schema_of(df.schema)}
            if req.get("collect", True):
                encode = struct_encoder(df.schema)
                out["rows"] = [encode(row) for row in df.collect()]
            show = req.get("show")
            if show:
                out["show"] = df._jdf.showString(int(show["n"]), int(show["truncate"]), bool(show["vertical"]))
            return out
        finally:
            for k, v in saved.items():
                if v is None:
                    self.spark.conf.unset(k)
                else:
                    self.spark.conf.set(k, v)

    def handle(self, req):
        op = req.get("op")
        if op == "ping":
            return {"pong": True}
        if op == "run":
            return self.run(req)
        raise SnippetError(f"unknown op {op!r}; expected run, ping, cancel or stop")


def read_requests(server, requests):
    """Reads stdin on its own thread so that a cancel arrives while a query runs."""
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            req = json.loads(line)
        except ValueError as exc:
            send({"event": "protocol-error", "message": f"bad JSON line: {exc}"})
            continue
        if req.get("op") == "cancel":
            try:
                server.spark.sparkContext.cancelAllJobs()
            except Exception:  # noqa: BLE001 - a failed cancel must not kill the reader
                traceback.print_exc()
            continue
        requests.put(req)
    requests.put(None)  # stdin closed: the test process is gone


def main():
    try:
        server = Server()
    except BaseException as exc:  # noqa: BLE001 - report any startup failure, then exit
        send({"event": "fatal", "error": error_of(exc)})
        return 1
    import pyspark

    send({"event": "ready", "sparkVersion": server.spark.version, "pyspark": pyspark.__version__,
          "python": sys.version.split()[0], "pid": os.getpid()})
    requests = queue.Queue()
    threading.Thread(target=read_requests, args=(server, requests), daemon=True).start()
    while True:
        req = requests.get()
        if req is None or req.get("op") == "stop":
            if req is not None:
                send({"id": req.get("id"), "ok": True})
            break
        try:
            send({"id": req.get("id"), "ok": True, **server.handle(req)})
        except Exception as exc:  # noqa: BLE001 - every failure goes back as an error reply
            send({"id": req.get("id"), "ok": False, "error": error_of(exc)})
    server.spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
