/**
 * `groupby-ceiling`: a plain group-by count by (1-minute tumbling window, int key) over typed
 * arrays, against PySpark local[2] grouping the same rows (made from `spark.range` by the same
 * formula, bench/kernels/groupby-data.ts).
 */
import { denseGroupCount, hashGroupCount, type GroupDigest } from "../kernels/group-count.js";
import { groupByRows, type GroupByRows } from "../kernels/groupby-data.js";
import { defineScenario } from "../scenario.js";
import { SHARED_DRIVER_NOTE } from "../support/spark-driver.js";
import { runSparkJob } from "../support/spark-job.js";

const WINDOW_MS = 60_000;

export interface Params {
  readonly rows: number;
}

export interface State {
  readonly rows: number;
  readonly data: GroupByRows;
}

interface SparkOutput {
  readonly groups: number;
  readonly rows: number;
  readonly sum_sq: number;
  readonly action_cold: number;
  readonly action_warm: number;
  readonly session_start: number;
}

function check(who: string, got: GroupDigest, rows: number, reference?: GroupDigest): void {
  if (got.total !== rows) throw new Error(`${who}: counted ${got.total} rows, expected ${rows}`);
  if (reference !== undefined && (got.groups !== reference.groups || got.sumSquares !== reference.sumSquares)) {
    throw new Error(`${who}: ${JSON.stringify(got)} differs from ${JSON.stringify(reference)}`);
  }
}

export const groupbyCeiling = defineScenario<Params, State & { reference?: GroupDigest }>({
  name: "groupby-ceiling",
  workload:
    "Rows (key int, ts timestamp) with key = (id*7919+13) % 100 and ts = 2020-07-01 00:00:00 UTC + id*10 ms + (id*104729 % 5000) ms, " +
    'id = 0 … n−1, grouped as `groupBy(window("ts", "1 minute"), "key").count()` (about 16.7 k groups per million rows). ' +
    "Node: the columns are built in setup (untimed), the group-by is timed. PySpark: `spark.range(n)` with the same formula, only the action timed.",
  sizes: { small: { rows: 1_000_000 }, full: { rows: 10_000_000 } },
  repetitions: { small: { warmup: 1, measured: 1 }, full: { warmup: 1, measured: 5 } },
  requires: ["spark"],
  notes: [
    "Node hash: open addressing on (window number, key) in typed arrays, no knowledge of the ranges. Node dense: a min/max pass, then a dense array (timed, both passes).",
    "PySpark runs in a fresh `spark-submit --master local[2]` per repetition. Its action computes the groups, then (groups, Σcount, Σcount²) so that only one row reaches Python; " +
      "both sides must agree on those three numbers. `action, cold JVM` is the first action of that JVM; `action, warm` rebuilds the same query and runs it again in the same JVM. " +
      "`wall` is the whole spark-submit process (JVM start, SparkSession, both actions, shutdown): what a user waits for, not a throughput of the engine.",
    "Spark settings are the defaults (spark.sql.shuffle.partitions=200 with adaptive execution on, which coalesces them).",
    SHARED_DRIVER_NOTE,
  ],
  async setup(params, ctx) {
    ctx.log(`groupby-ceiling: generating ${params.rows} rows`);
    return { rows: params.rows, data: groupByRows(params.rows) };
  },
  measures: [
    {
      id: "node-typed-arrays",
      role: "ceiling",
      description: "hash and dense group-by count over Int32Array keys and Float64Array epoch-ms times, one thread",
      series: [
        { id: "node-hash", label: "Node hash group-by, 1 thread", unit: "rows/s", group: "group-by" },
        { id: "node-dense", label: "Node dense group-by, 1 thread", unit: "rows/s", group: "group-by" },
      ],
      async run(state) {
        const { ts, key } = state.data;
        const t0 = performance.now();
        const hash = hashGroupCount(ts, key, WINDOW_MS);
        const t1 = performance.now();
        const dense = denseGroupCount(ts, key, WINDOW_MS);
        const t2 = performance.now();
        check("hash group-by", hash, state.rows, state.reference);
        check("dense group-by", dense, state.rows, hash);
        state.reference ??= hash;
        return { "node-hash": state.rows / ((t1 - t0) / 1000), "node-dense": state.rows / ((t2 - t1) / 1000) };
      },
    },
    {
      id: "pyspark-local2",
      role: "peer",
      // Each run is a fresh spark-submit: a warm-up would only warm the OS file cache.
      warmup: { small: 0 },
      description: "spark-jobs/bench_groupby.py in spark-submit --master local[2] (PySpark 4.1.1), DataFrame API, rows from spark.range",
      timeoutMs: 5 * 60_000,
      series: [
        { id: "pyspark-cold", label: "PySpark local[2], action, cold JVM", unit: "rows/s", group: "group-by" },
        { id: "pyspark-warm", label: "PySpark local[2], action, warm (2nd in same JVM)", unit: "rows/s", group: "group-by" },
        { id: "pyspark-wall", label: "PySpark local[2], wall clock of spark-submit (incl. JVM start)", unit: "rows/s", group: "group-by" },
      ],
      async run(state, ctx) {
        const { output, wallSeconds } = await runSparkJob<SparkOutput>("bench_groupby.py", ["--rows", String(state.rows)], ctx, 4 * 60_000);
        check("PySpark", { groups: output.groups, total: output.rows, sumSquares: output.sum_sq }, state.rows, state.reference);
        return {
          "pyspark-cold": state.rows / output.action_cold,
          "pyspark-warm": state.rows / output.action_warm,
          "pyspark-wall": state.rows / wallSeconds,
        };
      },
    },
  ],
});
