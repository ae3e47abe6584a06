/**
 * Differential cases for joins of two streams: the same two inputs, in the same micro-batches,
 * through the same query in Kindling and in real PySpark, compared batch by batch, with the join's
 * state size and late rows (`stateOperators[0].numRowsTotal`, `numRowsDroppedByWatermark`) of every batch, including the batches without data
 * that the watermark triggers.
 *
 * PySpark reads each side's steps as JSON files in its own folder (`maxFilesPerTrigger` 1): under
 * `availableNow` every micro-batch takes the next file of each folder, so step i of both sides lands
 * in batch i. Kindling reads two MemoryStreams that each take one step per batch.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataFrame, SparkSession } from "../../../src/index.js";
import { functions as F } from "../../../src/index.js";
import { MemoryStream } from "../../../src/connectors/memory/memory-stream.js";
import { streamingDataFrame } from "../../../src/streaming/data-stream-reader.js";
import { parseSchemaDDL } from "../../../src/types/ddl.js";
import { kindlingRows } from "../../differential/support/diff-case.js";
import type { PySparkOracle } from "../../support/pyspark-oracle.js";
import type { StepRow } from "./stream-case.js";

export interface JoinInput {
  readonly schema: string;
  readonly steps: readonly (readonly StepRow[])[];
}

export interface JoinStreamCase {
  readonly left: JoinInput;
  readonly right: JoinInput;
  readonly outputMode?: "append" | "update" | "complete";
  /** The query in Kindling, from the streaming DataFrames `left` and `right`. */
  readonly kindling: (left: DataFrame, right: DataFrame, f: typeof F) => DataFrame;
  /** The same query in PySpark: Python code that sets `out` from `left` and `right`. */
  readonly pyspark: string;
}

export interface JoinStreamResult {
  /** [batchId, ...columns] per output row. */
  readonly rows: unknown[][];
  readonly columns: string[];
  /** [batchId, numRowsTotal, numRowsDroppedByWatermark] of the join per micro-batch, in order. */
  readonly stateRows: Array<[number, number, number]>;
}

const PY_HARNESS = `
import json, os, tempfile
def _write(_steps):
    _d = tempfile.mkdtemp(prefix="kindling-join-")
    for _i, _rows in enumerate(_steps):
        _p = os.path.join(_d, "step-%05d.json" % _i)
        with open(_p, "w") as _f:
            for _r in _rows:
                _f.write(json.dumps(_r) + "\\n")
        os.utime(_p, (1600000000 + _i, 1600000000 + _i))
    return _d
left = spark.readStream.schema(params["left"]["schema"]).option("maxFilesPerTrigger", 1).json(_write(params["left"]["steps"]))
right = spark.readStream.schema(params["right"]["schema"]).option("maxFilesPerTrigger", 1).json(_write(params["right"]["steps"]))
__QUERY__
_rows = []
def _collect(_df, _bid):
    _rows.extend([(_bid, "row") + tuple(_r) + (None, None) for _r in _df.collect()])
_q = out.writeStream.outputMode(params["mode"]).foreachBatch(_collect).trigger(availableNow=True).start()
_q.awaitTermination()
_width = len(out.schema.fields)
for _p in _q.recentProgress:
    _p = _p if isinstance(_p, dict) else json.loads(_p.json)
    _ops = _p.get("stateOperators") or []
    _rows.append((_p["batchId"], "progress") + (None,) * _width + ((_ops[0]["numRowsTotal"], _ops[0]["numRowsDroppedByWatermark"]) if _ops else (None, None)))
_fields = [T.StructField(_f.name, _f.dataType, True) for _f in out.schema.fields]
df = spark.createDataFrame(_rows, schema=T.StructType([T.StructField("batch_id", T.LongType()), T.StructField("kind", T.StringType())] + _fields + [T.StructField("state_rows", T.LongType()), T.StructField("dropped_rows", T.LongType())]))
`;

/** Runs the case in PySpark through the oracle (rejects with PySparkQueryError when Spark refuses it). */
export async function runJoinInSpark(oracle: PySparkOracle, c: JoinStreamCase): Promise<JoinStreamResult> {
  const result = await oracle.run(PY_HARNESS.replace("__QUERY__", c.pyspark), {
    params: { left: c.left, right: c.right, mode: c.outputMode ?? "append" },
    conf: { "spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": "2" },
    timeoutMs: 300_000,
  });
  const names = result.schema.map((f) => f.name);
  const rows = result.rows.filter((r) => r[1] === "row").map((r) => [r[0], ...r.slice(2, -2)]);
  const stateRows = result.rows
    .filter((r) => r[1] === "progress")
    .map((r) => [Number(r[0]), Number(r[r.length - 2] ?? -1), Number(r[r.length - 1] ?? -1)] as [number, number, number])
    .sort((a, b) => a[0] - b[0]);
  return { rows, columns: ["batch_id", ...names.slice(2, -2)], stateRows };
}

function toKindlingRows(schemaDDL: string, rows: readonly StepRow[]): Record<string, unknown>[] {
  const schema = parseSchemaDDL(schemaDDL);
  return rows.map((r) => {
    const out: Record<string, unknown> = {};
    for (const f of schema.fields) {
      const v = r[f.name] ?? null;
      out[f.name] = v !== null && f.dataType.kind === "timestamp" ? new Date(String(v)) : v;
    }
    return out;
  });
}

export interface KindlingJoinRun {
  /** Steps of each side to run before a restart (default: all, one run). */
  readonly restartAfterStep?: number;
  /** The checkpoint directory (default: a fresh temporary one when restarting, none otherwise). */
  readonly checkpointLocation?: string;
}

/**
 * Runs the case in Kindling. With `restartAfterStep: k`, the first k steps of each side run to the
 * end (availableNow), the query stops, and a new query on the same checkpoint runs the rest.
 */
export async function runJoinInKindling(spark: SparkSession, c: JoinStreamCase, run: KindlingJoinRun = {}): Promise<JoinStreamResult> {
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  const leftIn = new MemoryStream(parseSchemaDDL(c.left.schema), { name: "join-left", stepsPerBatch: 1 });
  const rightIn = new MemoryStream(parseSchemaDDL(c.right.schema), { name: "join-right", stepsPerBatch: 1 });
  const out = c.kindling(streamingDataFrame(spark, leftIn), streamingDataFrame(spark, rightIn), F);
  const rows: unknown[][] = [];
  const stateRows: Array<[number, number, number]> = [];
  const restartAt = run.restartAfterStep ?? null;
  const checkpoint = run.checkpointLocation ?? (restartAt === null ? null : mkdtempSync(join(tmpdir(), "kindling-join-ckpt-")));
  const steps = Math.max(c.left.steps.length, c.right.steps.length);
  const parts = restartAt === null ? [[0, steps]] : [[0, restartAt], [restartAt, steps]];
  for (const [from, to] of parts) {
    for (let i = from!; i < to!; i++) {
      if (i < c.left.steps.length) leftIn.addData(toKindlingRows(c.left.schema, c.left.steps[i]!));
      if (i < c.right.steps.length) rightIn.addData(toKindlingRows(c.right.schema, c.right.steps[i]!));
    }
    let writer = out.writeStream
      .outputMode(c.outputMode ?? "append")
      .foreachBatch((df, batchId) => {
        for (const r of kindlingRows(df)) rows.push([BigInt(batchId), ...r]);
      })
      .trigger({ availableNow: true });
    if (checkpoint !== null) writer = writer.option("checkpointLocation", checkpoint);
    const q = writer.start();
    await q.awaitTermination();
    const failure = q.exception();
    if (failure !== null) throw failure;
    for (const p of q.recentProgress) stateRows.push([p.batchId, p.stateOperators[0]?.numRowsTotal ?? -1, p.stateOperators[0]?.numRowsDroppedByWatermark ?? -1]);
  }
  return { rows, columns: ["batch_id", ...out.schema.fields.map((f) => f.name)], stateRows };
}
