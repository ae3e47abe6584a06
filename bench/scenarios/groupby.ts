/**
 * `groupby-ceiling` with Kindling as its subject: the same rows as an in-memory DataFrame, grouped
 * by `groupBy(window("ts", "1 minute"), "key").count()` through the engine, against the typed-array
 * ceiling and PySpark in the same run.
 */
import { SparkSession, functions as F, type DataFrame } from "../../src/index.js";
import type { Batch } from "../../src/physical/vector.js";
import { IntegerType, StructType, TimestampType } from "../../src/types/data-types.js";
import { withSubject } from "../scenario.js";
import { groupbyCeiling } from "./groupby-ceiling.js";

const frames = new WeakMap<object, DataFrame>();

/** The scenario's rows as a DataFrame (built once per data set, outside the timed part). */
function frameOf(data: { key: Int32Array; ts: Float64Array }): DataFrame {
  let df = frames.get(data);
  if (df === undefined) {
    const n = data.key.length;
    const micros = new BigInt64Array(n);
    for (let i = 0; i < n; i++) micros[i] = BigInt(data.ts[i]!) * 1000n;
    const schema = StructType([
      { name: "key", dataType: IntegerType(), nullable: false },
      { name: "ts", dataType: TimestampType(), nullable: false },
    ]);
    const batch: Batch = { schema, numRows: n, columns: [{ type: IntegerType(), length: n, values: data.key, valid: null }, { type: TimestampType(), length: n, values: micros, valid: null }] };
    df = SparkSession.builder.getOrCreate().fromBatches(schema, [batch]);
    frames.set(data, df);
  }
  return df;
}

export const groupby = withSubject(groupbyCeiling, {
  id: "kindling",
  role: "subject",
  description: 'Kindling DataFrame engine, one thread: df.groupBy(F.window("ts", "1 minute"), "key").count().collectBatches()',
  series: [{ id: "kindling", label: "Kindling engine, 1 thread", unit: "rows/s", group: "group-by" }],
  async run(state) {
    const df = frameOf(state.data);
    const t0 = performance.now();
    const out = df.groupBy(F.window(F.col("ts"), "1 minute"), F.col("key")).count().collectBatches();
    const seconds = (performance.now() - t0) / 1000;
    let groups = 0;
    let total = 0;
    let sumSquares = 0;
    for (const b of out) {
      const counts = b.columns[2]!.values as BigInt64Array;
      for (let i = 0; i < b.numRows; i++) {
        const c = Number(counts[i]!);
        groups++;
        total += c;
        sumSquares += c * c;
      }
    }
    if (total !== state.rows) throw new Error(`Kindling counted ${total} rows, expected ${state.rows}`);
    if (state.reference !== undefined && (groups !== state.reference.groups || sumSquares !== state.reference.sumSquares)) {
      throw new Error(`Kindling: ${groups} groups / Σc² ${sumSquares} differ from the ceiling's ${JSON.stringify(state.reference)}`);
    }
    return { kindling: state.rows / seconds };
  },
});
