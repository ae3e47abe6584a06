/**
 * The group-by scenario's rows, made by a formula that PySpark evaluates identically from
 * `spark.range` (spark-jobs/bench_groupby.py), so both sides group the same data:
 *
 *     key   = (id * 7919 + 13) % 100
 *     ts_ms = START_MS + id * 10 + (id * 104729) % 5000
 *
 * Every product stays below 2^53 for up to 10^9 rows, so Float64 arithmetic is exact.
 */
export const START_MS = Date.UTC(2020, 6, 1); // 2020-07-01 00:00:00 UTC = 1593561600000

export interface GroupByRows {
  readonly key: Int32Array;
  readonly ts: Float64Array;
}

export function groupByRows(count: number): GroupByRows {
  if (!Number.isSafeInteger(count) || count < 0 || count > 1e9) throw new RangeError(`row count must be 0 … 1e9, got ${count}`);
  const key = new Int32Array(count);
  const ts = new Float64Array(count);
  for (let id = 0; id < count; id++) {
    key[id] = (id * 7919 + 13) % 100;
    ts[id] = START_MS + id * 10 + ((id * 104729) % 5000);
  }
  return { key, ts };
}
