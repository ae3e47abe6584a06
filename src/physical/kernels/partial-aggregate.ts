/**
 * Partial aggregation (Spark's partial/final split of an aggregate): one slice of rows becomes one
 * buffer per (group, aggregate call), and {@link mergeBuffer} folds buffers into running state.
 * Streaming aggregation computes a partial per input slice (a Kafka partition's rows, or a chunk
 * of them) and merges the partials in slice order, whether the slices ran on the main thread or in
 * worker threads: the same additions in the same order, so results do not depend on the thread
 * count. The buffers are plain data (they cross `postMessage` and go into checkpoints as JSON).
 *
 * ```ts
 * const p = partialAggregate([vendorVec], [[]], [countCall], n);
 * for (let g = 0; g < p.numGroups; g++) mergeBuffer(countCall, state[g], p.buffers[g][0], true);
 * ```
 */
import type { AggCall } from "../../logical/plan.js";
import type { DataType } from "../../types/data-types.js";
import { overflowError } from "../eval/ansi-errors.js";
import { getValue, type Vec } from "../vector.js";
import { compareValues, groupKeyOf } from "./compare-values.js";
import { hllSketches, rsdOf } from "./approx-distinct.js";
import { anyKeyNull, groupIds, type GroupAssignment } from "./group-ids.js";
import { HyperLogLogPlusPlus } from "./hyperloglog.js";
import { takeVector } from "./take.js";

/** The running value of one aggregate for one group. */
export type AggBuffer =
  | { kind: "count"; n: number }
  | { kind: "sum"; value: number | bigint | null }
  | { kind: "avg"; sum: number; n: number }
  | { kind: "minmax"; value: unknown }
  | { kind: "firstlast"; value: unknown; set: boolean }
  | { kind: "collect"; values: unknown[]; seen: Set<unknown> | null }
  /** approx_count_distinct's HLL++ registers (null until a value arrives), merged by maximum. */
  | { kind: "hll"; rsd: number; registers: number[] | null };

/** One slice's groups: their key values (one row per group, in first-appearance order) and buffers. */
export interface PartialGroups {
  readonly keys: readonly Vec[];
  readonly numGroups: number;
  /** `buffers[g][c]`: group g, aggregate call c; empty when {@link counts} holds them. */
  readonly buffers: readonly (readonly AggBuffer[])[];
  /**
   * Set when every call is a `count`: `counts[c][g]`, and `buffers` is empty. The streaming
   * windowed count's partials stay in this form from the kernel through the thread hand-off to
   * the state merge, with no object per group (read others through {@link partialBuffersOf}).
   */
  readonly counts?: readonly Float64Array[];
}

/** The buffers of a partial as `buffers[g][c]`, whichever form it holds them in. */
export function partialBuffersOf(p: PartialGroups): readonly (readonly AggBuffer[])[] {
  const counts = p.counts;
  if (counts === undefined) return p.buffers;
  return Array.from({ length: p.numGroups }, (_v, g) => counts.map((col): AggBuffer => ({ kind: "count", n: col[g]! })));
}

const LMIN = -(2n ** 63n);
const LMAX = 2n ** 63n - 1n;

export function emptyBuffer(call: AggCall): AggBuffer {
  switch (call.name) {
    case "count": return { kind: "count", n: 0 };
    case "sum": return { kind: "sum", value: null };
    case "avg": return { kind: "avg", sum: 0, n: 0 };
    case "min": case "max": return { kind: "minmax", value: null };
    case "first": case "last": return { kind: "firstlast", value: null, set: false };
    case "collect_list": return { kind: "collect", values: [], seen: null };
    case "collect_set": return { kind: "collect", values: [], seen: new Set() };
    case "approx_count_distinct": return { kind: "hll", rsd: rsdOfCall(call), registers: null };
  }
}

/** approx_count_distinct's relative standard deviation from its literal second argument (default 0.05). */
function rsdOfCall(call: AggCall): number {
  const a = call.args[1];
  if (a === undefined || a.kind !== "lit" || a.value === null) return 0.05;
  if (a.dataType.kind === "decimal") return Number(a.value as bigint) / 10 ** a.dataType.scale;
  return Number(a.value);
}

/** The aggregate's result from its buffer (physical value, null for none). */
export function finalValue(call: AggCall, b: AggBuffer): unknown {
  switch (b.kind) {
    case "count": return BigInt(b.n);
    case "sum": return b.value;
    case "avg": return b.n === 0 ? null : b.sum / b.n;
    case "minmax": return b.value;
    case "firstlast": return b.value;
    case "collect": return [...b.values];
    case "hll": return b.registers === null ? 0n : new HyperLogLogPlusPlus(b.rsd, b.registers).query();
  }
}

/** True when a sum accumulates exactly in bigint (long and decimal results, or bigint input). */
function sumsInBigint(call: AggCall, arg: Vec): boolean {
  return call.dataType.kind === "long" || call.dataType.kind === "decimal" || arg.values instanceof BigInt64Array || arg.type.kind === "decimal";
}

/**
 * Groups `n` rows by `keys` and computes each call's buffer per group. `args[c]` are call c's
 * argument columns. A slice without rows has no groups (even without keys: a streaming batch with
 * no rows touches nothing). Long sums stay exact here; overflow is judged when merged.
 */
export function partialAggregate(keys: readonly Vec[], args: readonly (readonly Vec[])[], calls: readonly AggCall[], n: number): PartialGroups {
  if (n === 0) return { keys: keys.map((k) => takeVector(k, new Int32Array(0))), numGroups: 0, buffers: [] };
  const g = groupIds(keys, n);
  return partialAggregateGrouped(g, keys.map((k) => takeVector(k, g.firstRow.subarray(0, g.numGroups))), args, calls, n);
}

/**
 * {@link partialAggregate} once the rows are grouped: `g` gives each of the `n` rows its group,
 * `groupKeys` hold one row per group (the groups' key values, in group order).
 */
export function partialAggregateGrouped(g: GroupAssignment, groupKeys: readonly Vec[], args: readonly (readonly Vec[])[], calls: readonly AggCall[], n: number): PartialGroups {
  const G = g.numGroups;
  const ids = g.ids;
  if (calls.length > 0 && calls.every((c) => c.name === "count")) return { keys: groupKeys, numGroups: G, buffers: [], counts: calls.map((_c, c) => countPerGroup(args[c]!, ids, G, n)) };
  const buffers: AggBuffer[][] = Array.from({ length: G }, () => new Array<AggBuffer>(calls.length));
  for (let c = 0; c < calls.length; c++) {
    const call = calls[c]!;
    const a = args[c]!;
    const put = (k: number, b: AggBuffer): void => { buffers[k]![c] = b; };
    switch (call.name) {
      case "count": {
        const counts = countPerGroup(a, ids, G, n);
        for (let k = 0; k < G; k++) put(k, { kind: "count", n: counts[k]! });
        break;
      }
      case "sum": {
        const x = a[0]!;
        if (sumsInBigint(call, x)) {
          const sums = new Array<bigint | null>(G).fill(null);
          for (let i = 0; i < n; i++) {
            const v = getValue(x, i);
            if (v === null) continue;
            const k = ids[i]!;
            sums[k] = (sums[k] ?? 0n) + (typeof v === "bigint" ? v : BigInt(v as number));
          }
          for (let k = 0; k < G; k++) put(k, { kind: "sum", value: sums[k]! });
        } else {
          // Plain version: sums[k] = (sums[k] ?? 0) + getValue(x, i), skipping nulls.
          const sums = new Float64Array(G);
          const seen = new Uint8Array(G);
          const vals = x.values as ArrayLike<number>;
          const valid = x.valid;
          for (let i = 0; i < n; i++) {
            if (valid !== null && valid[i] === 0) continue;
            const k = ids[i]!;
            sums[k] = seen[k] === 0 ? 0 + vals[i]! : sums[k]! + vals[i]!;
            seen[k] = 1;
          }
          for (let k = 0; k < G; k++) put(k, { kind: "sum", value: seen[k] === 0 ? null : sums[k]! });
        }
        break;
      }
      case "avg": {
        const x = a[0]!;
        const sums = new Float64Array(G);
        const cnt = new Float64Array(G);
        for (let i = 0; i < n; i++) {
          const v = getValue(x, i);
          if (v === null) continue;
          const k = ids[i]!;
          sums[k] = sums[k]! + Number(v);
          cnt[k]!++;
        }
        for (let k = 0; k < G; k++) put(k, { kind: "avg", sum: sums[k]!, n: cnt[k]! });
        break;
      }
      case "min": case "max": {
        const x = a[0]!;
        const best = new Array<unknown>(G).fill(null);
        const sign = call.name === "min" ? -1 : 1;
        for (let i = 0; i < n; i++) {
          const v = getValue(x, i);
          if (v === null) continue;
          const k = ids[i]!;
          const cur = best[k];
          if (cur === null || compareValues(x.type, v, cur) * sign > 0) best[k] = v;
        }
        for (let k = 0; k < G; k++) put(k, { kind: "minmax", value: best[k] });
        break;
      }
      case "first": case "last": {
        const x = a[0]!;
        const out = new Array<unknown>(G).fill(null);
        const set = new Uint8Array(G);
        for (let i = 0; i < n; i++) {
          const v = getValue(x, i);
          if (call.ignoreNulls && v === null) continue;
          const k = ids[i]!;
          if (call.name === "first" && set[k] === 1) continue;
          out[k] = v;
          set[k] = 1;
        }
        for (let k = 0; k < G; k++) put(k, { kind: "firstlast", value: out[k], set: set[k] === 1 });
        break;
      }
      case "collect_list": case "collect_set": {
        const x = a[0]!;
        for (let k = 0; k < G; k++) put(k, emptyBuffer(call));
        for (let i = 0; i < n; i++) {
          const v = getValue(x, i);
          if (v === null) continue;
          const b = buffers[ids[i]!]![c] as Extract<AggBuffer, { kind: "collect" }>;
          if (b.seen !== null) {
            const key = groupKeyOf(x.type, v);
            if (b.seen.has(key)) continue;
            b.seen.add(key);
          }
          b.values.push(v);
        }
        break;
      }
      case "approx_count_distinct": {
        const rsd = rsdOf(a[1]);
        const sketches = hllSketches(g, a[0]!, rsd);
        for (let k = 0; k < G; k++) put(k, { kind: "hll", rsd, registers: Array.from(sketches[k]!.registers) });
        break;
      }
    }
  }
  return { keys: groupKeys, numGroups: G, buffers };
}

/** `count(args…)` per group: rows where no argument is null (every row for `count(*)`, which has none). */
function countPerGroup(a: readonly Vec[], ids: Int32Array, G: number, n: number): Float64Array {
  const counts = new Float64Array(G);
  if (a.every((v) => v.valid === null)) for (let i = 0; i < n; i++) counts[ids[i]!]!++;
  else for (let i = 0; i < n; i++) if (!anyKeyNull(a, i)) counts[ids[i]!]!++;
  return counts;
}

/**
 * Folds buffer `from` (the later rows) into `into` (the earlier ones), in place. Under ANSI a long
 * sum that leaves the 64-bit range fails with Spark's ARITHMETIC_OVERFLOW; otherwise it wraps
 * (two's-complement addition is associative, so wrapping the total equals wrapping each step).
 */
export function mergeBuffer(call: AggCall, into: AggBuffer, from: AggBuffer, ansi: boolean): void {
  switch (into.kind) {
    case "count":
      into.n += (from as typeof into).n;
      return;
    case "sum": {
      const v = (from as typeof into).value;
      if (v === null) return;
      if (typeof v === "bigint") {
        let s = ((into.value as bigint | null) ?? 0n) + v;
        if (call.dataType.kind === "long" && (s > LMAX || s < LMIN)) {
          if (ansi) throw overflowError("long", "try_sum");
          s = BigInt.asIntN(64, s);
        }
        into.value = s;
      } else {
        into.value = ((into.value as number | null) ?? 0) + v;
      }
      return;
    }
    case "avg": {
      const f = from as typeof into;
      into.sum += f.sum;
      into.n += f.n;
      return;
    }
    case "minmax": {
      const v = (from as typeof into).value;
      if (v === null) return;
      if (into.value === null || (call.name === "min" ? compareValues(call.dataType, v, into.value) < 0 : compareValues(call.dataType, v, into.value) > 0)) into.value = v;
      return;
    }
    case "firstlast": {
      const f = from as typeof into;
      if (!f.set) return;
      if (call.name === "first" && into.set) return;
      into.value = f.value;
      into.set = true;
      return;
    }
    case "collect": {
      const f = from as typeof into;
      const elem: DataType = call.dataType.kind === "array" ? call.dataType.elementType : call.dataType;
      for (const v of f.values) {
        if (into.seen !== null) {
          const key = groupKeyOf(elem, v);
          if (into.seen.has(key)) continue;
          into.seen.add(key);
        }
        into.values.push(v);
      }
      return;
    }
    case "hll": {
      const f = from as typeof into;
      if (f.registers === null) return;
      if (into.registers === null) { into.registers = [...f.registers]; return; }
      const a = into.registers;
      for (let i = 0; i < a.length; i++) if (f.registers[i]! > a[i]!) a[i] = f.registers[i]!;
      return;
    }
  }
}
