/**
 * Differential streaming cases: the same input, in the same micro-batches, through the same query
 * in Kindling and in real PySpark, compared batch by batch.
 *
 * PySpark reads each step as one JSON file (`maxFilesPerTrigger` 1, modification times in step
 * order) with `trigger(availableNow=True)`; Kindling reads the same steps from a MemoryStream that
 * takes one step per batch. Both write through `foreachBatch`, so each output row carries its batch id.
 */
import type { DataFrame, SparkSession } from "../../../src/index.js";
import { functions as F, types as T } from "../../../src/index.js";
import { MemoryStream } from "../../../src/connectors/memory/memory-stream.js";
import { streamingDataFrame } from "../../../src/streaming/data-stream-reader.js";
import type { StreamingQueryProgress } from "../../../src/streaming/progress.js";
import { parseSchemaDDL } from "../../../src/types/ddl.js";
import { kindlingRows } from "../../differential/support/diff-case.js";
import type { PySparkOracle } from "../../support/pyspark-oracle.js";

/** JSON-able input values: ISO strings for timestamps (`1970-01-01T00:01:40Z`), numbers, strings, null. */
export type StepRow = Readonly<Record<string, string | number | boolean | null>>;

export interface StreamCase {
  readonly schema: string;
  readonly steps: readonly (readonly StepRow[])[];
  readonly outputMode: "append" | "update" | "complete";
  /** The query in Kindling, from the streaming DataFrame `src`. */
  readonly kindling: (src: DataFrame, f: typeof F) => DataFrame;
  /** The same query in PySpark: Python code that sets `out` from the streaming DataFrame `src`. */
  readonly pyspark: string;
  /** Static DataFrames the query joins with: built the same way on both sides. */
  readonly statics?: Readonly<Record<string, { readonly schema: string; readonly rows: readonly StepRow[] }>>;
}

export interface StreamResult {
  /** [batchId, ...columns] per output row. */
  readonly rows: unknown[][];
  readonly columns: string[];
  readonly progress?: readonly StreamingQueryProgress[];
}

const PY_HARNESS = `
import json, os, tempfile
_dir = tempfile.mkdtemp(prefix="kindling-stream-")
for _i, _rows in enumerate(params["steps"]):
    _p = os.path.join(_dir, "step-%05d.json" % _i)
    with open(_p, "w") as _f:
        for _r in _rows:
            _f.write(json.dumps(_r) + "\\n")
    os.utime(_p, (1600000000 + _i, 1600000000 + _i))
statics = {}
for _name, _s in params["statics"].items():
    _sd = tempfile.mkdtemp(prefix="kindling-static-")
    with open(os.path.join(_sd, "rows.json"), "w") as _f:
        for _r in _s["rows"]:
            _f.write(json.dumps(_r) + "\\n")
    statics[_name] = spark.read.schema(_s["schema"]).json(_sd)
src = spark.readStream.schema(params["schema"]).option("maxFilesPerTrigger", 1).json(_dir)
__QUERY__
_rows = []
def _collect(_df, _bid):
    _rows.extend([(_bid,) + tuple(_r) for _r in _df.collect()])
_q = out.writeStream.outputMode(params["mode"]).foreachBatch(_collect).trigger(availableNow=True).start()
_q.awaitTermination()
df = spark.createDataFrame(_rows, schema=T.StructType([T.StructField("batch_id", T.LongType())] + out.schema.fields))
`;

/** Runs the case in PySpark through the oracle. */
export async function runInSpark(oracle: PySparkOracle, c: StreamCase): Promise<StreamResult> {
  const code = PY_HARNESS.replace("__QUERY__", c.pyspark);
  const result = await oracle.run(code, {
    params: { steps: c.steps, schema: c.schema, mode: c.outputMode, statics: c.statics ?? {} },
    conf: { "spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": "2" },
    timeoutMs: 240_000,
  });
  return { rows: result.rows.map((r) => [...r]), columns: result.schema.map((f) => f.name) };
}

const PY_SHOW = `
_texts = []
def _show(_df, _bid):
    _texts.append((_bid, _df._jdf.showString(params["numRows"], params["truncate"], False)))
_q = out.writeStream.outputMode(params["mode"]).foreachBatch(_show).trigger(availableNow=True).start()
_q.awaitTermination()
df = spark.createDataFrame(_texts, schema="batch_id BIGINT, text STRING")
`;

/**
 * What Spark's console sink prints for each batch of the case: its header, then `showString`
 * (with `numRows` rows and cells cut at `truncate` characters, 0 for no cut), then println's newline.
 */
export async function consoleOutputOfSpark(oracle: PySparkOracle, c: StreamCase, numRows: number, truncate: number): Promise<string> {
  const code = PY_HARNESS.slice(0, PY_HARNESS.indexOf("_rows = []")).replace("__QUERY__", c.pyspark) + PY_SHOW;
  const result = await oracle.run(code, {
    params: { steps: c.steps, schema: c.schema, mode: c.outputMode, statics: c.statics ?? {}, numRows, truncate },
    conf: { "spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": "2" },
    timeoutMs: 240_000,
  });
  const line = "-------------------------------------------";
  return [...result.rows]
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([id, text]) => `${line}\nBatch: ${String(id)}\n${line}\n${String(text)}\n`)
    .join("");
}

/** JS values for Kindling's MemoryStream from JSON step rows: ISO strings become Dates for timestamp fields. */
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

/** Runs the case in Kindling. */
export async function runInKindling(spark: SparkSession, c: StreamCase): Promise<StreamResult> {
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  const input = new MemoryStream(parseSchemaDDL(c.schema), { stepsPerBatch: 1 });
  for (const step of c.steps) input.addData(toKindlingRows(c.schema, step));
  const src = streamingDataFrame(spark, input);
  for (const [name, s] of Object.entries(c.statics ?? {})) {
    spark.createDataFrame(toKindlingRows(s.schema, s.rows), s.schema).createOrReplaceTempView(name);
  }
  const out = c.kindling(src, F);
  const rows: unknown[][] = [];
  const q = out.writeStream
    .outputMode(c.outputMode)
    .foreachBatch((df, batchId) => {
      for (const r of kindlingRows(df)) rows.push([BigInt(batchId), ...r]);
    })
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  return { rows, columns: ["batch_id", ...out.schema.fields.map((f) => f.name)], progress: q.recentProgress };
}

export { T };

const PY_BATCHES = `
_batches = []
def _count(_df, _bid):
    _batches.append((_bid, _df.count()))
_q = out.writeStream.outputMode(params["mode"]).foreachBatch(_count).trigger(availableNow=True).start()
_q.awaitTermination()
df = spark.createDataFrame(_batches, schema="batch_id BIGINT, num_rows BIGINT")
`;

/**
 * Every batch Spark runs for the case, no-data batches included, as [batchId, output rows]: for
 * checking that Kindling runs the same batches (its `progress`), not only the same rows.
 */
export async function batchesOfSpark(oracle: PySparkOracle, c: StreamCase): Promise<Array<[number, number]>> {
  const code = PY_HARNESS.slice(0, PY_HARNESS.indexOf("_rows = []")).replace("__QUERY__", c.pyspark) + PY_BATCHES;
  const result = await oracle.run(code, {
    params: { steps: c.steps, schema: c.schema, mode: c.outputMode, statics: c.statics ?? {} },
    conf: { "spark.sql.session.timeZone": "UTC", "spark.sql.shuffle.partitions": "2" },
    timeoutMs: 240_000,
  });
  return result.rows.map((r) => [Number(r[0]), Number(r[1])] as [number, number]).sort((a, b) => a[0] - b[0]);
}
