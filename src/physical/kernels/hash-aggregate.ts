/**
 * Aggregate kernel: given the group id of each row and the argument columns, computes one result
 * column per aggregate call (count, sum, avg, min, max, first, last, collect_list, collect_set,
 * and DISTINCT variants). Counts and double sums accumulate in typed arrays; long and decimal sums
 * in bigint, with Spark's overflow behaviour (ANSI: error, otherwise wrap for long / null for decimal).
 *
 * ```ts
 * aggregateGroups(grouping, [{ call: countCall, args: [] }], ctx);
 * ```
 */
import type { Expr } from "../../expr/expression.js";
import type { AggCall } from "../../logical/plan.js";
import type { ExecContext } from "../exec-context.js";
import { compareValues } from "./compare-values.js";
import { anyKeyNull, rowKey, type Grouping } from "./group-ids.js";
import { getValue, longsFromDoubles, vectorFromValues, type Vec } from "../vector.js";
import { decimalOutOfRange, overflowError } from "../eval/ansi-errors.js";
import { divHalfUp, pow10 } from "../eval/arithmetic.js";
import { decimalToPlainString } from "../../types/java-format.js";
import { approxCountDistinct, rsdOf } from "./approx-distinct.js";

export interface AggInput { readonly call: AggCall; readonly args: readonly Vec[] }

const LMIN = -(2n ** 63n);
const LMAX = 2n ** 63n - 1n;

/** One result vector per aggregate call, with one row per group. */
export function aggregateGroups(g: Grouping, inputs: readonly AggInput[], ctx: ExecContext): Vec[] {
  return inputs.map((inp) => aggregateOne(g, inp, ctx));
}

function distinctFilter(g: Grouping, args: readonly Vec[]): (i: number) => boolean {
  const seen = new Array<Set<unknown>>(g.numGroups);
  return (i) => {
    const gid = g.ids[i]!;
    const s = (seen[gid] ??= new Set());
    const k = rowKey(args, i);
    if (s.has(k)) return false;
    s.add(k);
    return true;
  };
}

function aggregateOne(g: Grouping, { call, args }: AggInput, ctx: ExecContext): Vec {
  const n = g.ids.length;
  const G = g.numGroups;
  const ids = g.ids;
  const arg = args[0];
  const keep = call.distinct ? distinctFilter(g, args) : null;
  switch (call.name) {
    case "count": {
      const counts = new Float64Array(G);
      if (keep === null && args.every((a) => a.valid === null)) {
        // count(*) (= count(1)) or count of non-null columns: every row counts.
        for (let i = 0; i < n; i++) counts[ids[i]!]!++;
        return { type: call.dataType, length: G, values: longsFromDoubles(counts), valid: null };
      }
      for (let i = 0; i < n; i++) {
        if (anyKeyNull(args, i)) continue;
        if (keep !== null && !keep(i)) continue;
        counts[ids[i]!]!++;
      }
      return { type: call.dataType, length: G, values: longsFromDoubles(counts), valid: null };
    }
    case "sum": case "avg": {
      const a = arg!;
      const seen = new Float64Array(G);
      const t = a.type;
      if (t.kind === "double" || t.kind === "float") {
        const sums = new Float64Array(G);
        const vals = a.values as Float64Array;
        for (let i = 0; i < n; i++) {
          if (a.valid !== null && a.valid[i] === 0) continue;
          if (keep !== null && !keep(i)) continue;
          sums[ids[i]!]! += vals[i]!; seen[ids[i]!]!++;
        }
        const out = new Array<unknown>(G);
        for (let k = 0; k < G; k++) out[k] = seen[k] === 0 ? null : call.name === "sum" ? sums[k] : sums[k]! / seen[k]!;
        return vectorFromValues(call.dataType, out);
      }
      // long and decimal: exact bigint sums.
      const sums = new Array<bigint>(G).fill(0n);
      const overflowed = new Uint8Array(G);
      for (let i = 0; i < n; i++) {
        const x = getValue(a, i);
        if (x === null) continue;
        if (keep !== null && !keep(i)) continue;
        const k = ids[i]!;
        let s = sums[k]! + (x as bigint);
        if (t.kind === "long" && (s > LMAX || s < LMIN)) {
          if (ctx.ansi) throw overflowError("long", "try_sum");
          s = BigInt.asIntN(64, s);
        }
        sums[k] = s; seen[k]!++;
      }
      const out = new Array<unknown>(G);
      const rt = call.dataType;
      for (let k = 0; k < G; k++) {
        if (seen[k] === 0) { out[k] = null; continue; }
        if (call.name === "sum") {
          if (rt.kind === "decimal" && (sums[k]! >= pow10(rt.precision) || sums[k]! <= -pow10(rt.precision)) || overflowed[k] === 1) {
            if (ctx.ansi) throw decimalOutOfRange(decimalToPlainString(sums[k]!, rt.kind === "decimal" ? rt.scale : 0), (rt as { precision: number }).precision, (rt as { scale: number }).scale);
            out[k] = null; continue;
          }
          out[k] = sums[k];
        } else if (rt.kind === "decimal" && t.kind === "decimal") {
          out[k] = divHalfUp(sums[k]! * pow10(rt.scale - t.scale), BigInt(seen[k]!));
        } else {
          out[k] = Number(sums[k]!) / seen[k]!;
        }
      }
      return vectorFromValues(rt, out);
    }
    case "min": case "max": {
      const a = arg!;
      const best = new Array<unknown>(G).fill(null);
      const sign = call.name === "min" ? -1 : 1;
      for (let i = 0; i < n; i++) {
        const x = getValue(a, i);
        if (x === null) continue;
        const k = ids[i]!;
        const cur = best[k];
        if (cur === null || compareValues(a.type, x, cur) * sign > 0) best[k] = x;
      }
      return vectorFromValues(call.dataType, best);
    }
    case "first": case "last": {
      const a = arg!;
      const out = new Array<unknown>(G).fill(null);
      const set = new Uint8Array(G);
      for (let i = 0; i < n; i++) {
        const x = getValue(a, i);
        if (call.ignoreNulls && x === null) continue;
        const k = ids[i]!;
        if (call.name === "first" && set[k] === 1) continue;
        out[k] = x; set[k] = 1;
      }
      return vectorFromValues(call.dataType, out);
    }
    case "approx_count_distinct": {
      // args[1] is the relative standard deviation, a literal (see F.approx_count_distinct).
      return { type: call.dataType, length: G, values: approxCountDistinct(g, arg!, rsdOf(call.args[1])), valid: null };
    }
    case "collect_list": case "collect_set": {
      const a = arg!;
      const lists = Array.from({ length: G }, () => [] as unknown[]);
      const setKeep = call.name === "collect_set" ? distinctFilter(g, args) : null;
      for (let i = 0; i < n; i++) {
        const x = getValue(a, i);
        if (x === null) continue;
        if (setKeep !== null && !setKeep(i)) continue;
        lists[ids[i]!]!.push(x);
      }
      return vectorFromValues(call.dataType, lists);
    }
  }
}

/**
 * The arguments an aggregate kernel needs evaluated: `count(1)` (what `count("*")` becomes)
 * counts every row, so its literal is not turned into a column of ones.
 */
export function argsToEvaluate(call: AggCall): readonly Expr[] {
  return call.name === "count" && !call.distinct && call.args.every((a) => a.kind === "lit" && a.value !== null) ? [] : call.args;
}
