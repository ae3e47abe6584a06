"""What the bridge's Python programs share (kindling_driver.py, kindling_submit.py): writing a
JSON file atomically, and Spark's error as data. Imported from the folder of the script that
runs (both put it on sys.path first, whatever Python or spark-submit put there).
"""
import json
import os
import traceback


def write_json(path, obj):
    """Writes `obj` to `path` through a temporary file, so a reader never sees half a file."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f)
    os.replace(tmp, path)


def error_of(exc, detail=False):
    """Spark's own error: the exception class, message, error class and SQL state. With `detail`,
    the Java exception's text when Spark gave no error class, and the Python traceback."""
    out = {"type": type(exc).__name__, "message": str(exc)}
    try:
        from pyspark.errors import PySparkException

        if isinstance(exc, PySparkException):
            get = getattr(exc, "getCondition", None) or exc.getErrorClass
            out["errorClass"] = get()
            out["sqlState"] = exc.getSqlState()
    except Exception:  # noqa: BLE001
        pass
    if detail:
        java = getattr(exc, "java_exception", None)
        if java is not None and "errorClass" not in out:
            out["message"] = str(java.toString())
        out["traceback"] = traceback.format_exc(limit=6)
    return out
