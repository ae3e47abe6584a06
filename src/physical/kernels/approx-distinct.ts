/**
 * approx_count_distinct per group (Spark's HyperLogLogPlusPlus aggregate): every non-null value is
 * hashed as Spark hashes it (xxHash64, seed 42, by type) into its group's HLL++ sketch; the result
 * is Spark's estimate to the unit, a non-null long (0 for a group of nulls). Integral, date,
 * timestamp, float, double and string columns are hashed straight from their typed arrays on
 * 32-bit halves (xxhash64-fast.ts); other types through the BigInt reference.
 *
 * ```ts
 * approxCountDistinct(grouping, values, 0.05); // one long per group
 * ```
 */
import type { Expr } from "../../expr/expression.js";
import { getValue, type Vec } from "../vector.js";
import type { GroupAssignment } from "./group-ids.js";
import { HyperLogLogPlusPlus } from "./hyperloglog.js";
import { H, L, hashBytesFast, hashIntFast, hashLongFast } from "./xxhash64-fast.js";
import { xxHash64Value } from "./xxhash64.js";

/** The seed Spark's HyperLogLogPlusPlusHelper.update passes to XxHash64Function.hash. */
export const HLL_SEED = 42n;

/**
 * The relative standard deviation from the call's second argument, a literal (Spark requires it
 * foldable), given as the expression or as its evaluated column: a double, or a decimal as SQL's
 * `0.1` is. Default 0.05, also for an empty column (whose sketch is empty, so 0 at any precision).
 */
export function rsdOf(arg: Expr | Vec | undefined): number {
  if (arg === undefined) return 0.05;
  const isExpr = "kind" in arg;
  if (isExpr && arg.kind !== "lit") return 0.05;
  const type = isExpr ? (arg as Extract<Expr, { kind: "lit" }>).dataType : (arg as Vec).type;
  const v = isExpr ? (arg as Extract<Expr, { kind: "lit" }>).value : (arg as Vec).length === 0 ? null : getValue(arg as Vec, 0);
  if (v === null || v === undefined) return 0.05;
  if (type.kind === "decimal") return Number(v as bigint) / 10 ** type.scale;
  return Number(v);
}

const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/**
 * A function that adds Spark's hash (seed 42) of row i of `v` (not null) to a sketch. Typed-array
 * views are made once per column; -0.0 and NaN are normalised first, as Spark's
 * NormalizeFloatingNumbers does before hashing.
 */
function rowHasher(v: Vec): (i: number, into: HyperLogLogPlusPlus) => void {
  const vals = v.values;
  switch (v.type.kind) {
    case "byte": case "short": case "integer": case "date": case "boolean": {
      const a = vals as Int32Array;
      return (i, into) => { hashIntFast(a[i]!, 0, 42); into.addHalves(H, L); };
    }
    case "long": case "timestamp": {
      const a = vals as BigInt64Array;
      const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
      return (i, into) => { hashLongFast(u[2 * i + 1]!, u[2 * i]!, 0, 42); into.addHalves(H, L); };
    }
    case "double": {
      const a = vals as Float64Array;
      const u = new Uint32Array(a.buffer, a.byteOffset, a.length * 2);
      return (i, into) => {
        const d = a[i]!;
        if (Number.isNaN(d)) hashLongFast(0x7ff80000, 0, 0, 42);
        else if (d === 0) hashLongFast(0, 0, 0, 42);
        else hashLongFast(u[2 * i + 1]!, u[2 * i]!, 0, 42);
        into.addHalves(H, L);
      };
    }
    case "float": {
      const a = vals as Float32Array;
      const bits = new Int32Array(a.buffer, a.byteOffset, a.length);
      return (i, into) => {
        const f = a[i]!;
        hashIntFast(Number.isNaN(f) ? 0x7fc00000 : f === 0 ? 0 : bits[i]!, 0, 42);
        into.addHalves(H, L);
      };
    }
    case "string": {
      const a = vals as unknown[];
      return (i, into) => {
        const s = a[i] as string;
        if (s.length * 3 > scratch.length) scratch = new Uint8Array(s.length * 3);
        const { written } = encoder.encodeInto(s, scratch);
        hashBytesFast(scratch, written, 0, 42);
        into.addHalves(H, L);
      };
    }
    default:
      // Decimals, binary, arrays, structs, maps: the BigInt reference, split into halves.
      return (i, into) => into.add(xxHash64Value(getValue(v, i), v.type, HLL_SEED));
  }
}

/** One HLL++ sketch per group over the non-null values of `values`. */
export function hllSketches(g: GroupAssignment, values: Vec, relativeSD: number): HyperLogLogPlusPlus[] {
  const sketches = Array.from({ length: g.numGroups }, () => new HyperLogLogPlusPlus(relativeSD));
  const n = g.ids.length;
  const valid = values.valid;
  const hash = rowHasher(values);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    hash(i, sketches[g.ids[i]!]!);
  }
  return sketches;
}

/** Spark's approx_count_distinct estimate for every group, as a long column's values. */
export function approxCountDistinct(g: GroupAssignment, values: Vec, relativeSD: number): BigInt64Array {
  const sketches = hllSketches(g, values, relativeSD);
  return BigInt64Array.from(sketches, (s) => s.query());
}
