/**
 * Assigns a dense group id to every row by the values of key columns (the hash step shared by
 * hash aggregation, distinct and partitioned writes). Fixed-width keys go through typed-array
 * lanes (key-lanes.ts, lane-group-ids.ts); others use a Map on the value of a single key or a
 * composite string key. Groups are numbered in order
 * of first appearance, NaN groups with NaN and -0.0 with 0.0 (Spark normalises float keys).
 *
 * ```ts
 * groupIds([vectorFromValues(IntegerType(), [5, 7, 5])]); // ids [0, 1, 0], numGroups 2
 * ```
 */
import { groupKeyOf } from "./compare-values.js";
import { getValue, type Vec } from "../vector.js";
import { keyLanes } from "./key-lanes.js";
import { groupIdsByLanes } from "./lane-group-ids.js";

/** Each row's group: what aggregate kernels read. */
export interface GroupAssignment {
  /** Group id of each row. */
  readonly ids: Int32Array;
  readonly numGroups: number;
}

export interface Grouping extends GroupAssignment {
  /** The first row of each group (for reading key values). */
  readonly firstRow: Int32Array;
}

/** The hash-map key of row `i` over several key columns. */
export function rowKey(keys: readonly Vec[], i: number): string | number | bigint | boolean {
  if (keys.length === 1) return groupKeyOf(keys[0]!.type, getValue(keys[0]!, i));
  let s = "";
  for (const k of keys) s += `${String(groupKeyOf(k.type, getValue(k, i)))}\u0002`;
  return s;
}

/** True when any key of row `i` is null. */
export function anyKeyNull(keys: readonly Vec[], i: number): boolean {
  for (const k of keys) if (k.valid !== null && k.valid[i] === 0) return true;
  return false;
}

/** Groups `n` rows by `keys` (no keys: one group holding every row, even when n is 0). */
export function groupIds(keys: readonly Vec[], n: number): Grouping {
  const ids = new Int32Array(n);
  if (keys.length === 0) return { ids, numGroups: 1, firstRow: Int32Array.of(n > 0 ? 0 : -1) };
  // Fast path: fixed-width keys (ints, longs, timestamps, doubles, the window struct) hash as
  // Int32 lanes in typed arrays; the general path below builds a key per row.
  const lanes = keyLanes(keys, n);
  if (lanes !== null) return groupIdsByLanes(lanes, n);
  const map = new Map<unknown, number>();
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = rowKey(keys, i);
    let g = map.get(key);
    if (g === undefined) { g = first.length; map.set(key, g); first.push(i); }
    ids[i] = g;
  }
  return { ids, numGroups: first.length, firstRow: Int32Array.from(first) };
}
