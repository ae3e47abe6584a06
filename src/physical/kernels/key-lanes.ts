/**
 * Grouping keys as Int32 "lanes": every fixed-width key column becomes one or more Int32Arrays
 * such that two rows have equal keys exactly when all their lanes are equal. Hashing and
 * comparing Int32s is what a hash aggregate needs, and it never builds a per-row string or
 * BigInt (the composite-string key of {@link rowKey} costs ~100 ns a row; see bench `groupby`).
 *
 * Equality is Spark's grouping equality: null groups with null, NaN with NaN and -0.0 with 0.0
 * (Spark normalises float keys before hashing: NormalizeFloatingNumbers.scala). A nullable column
 * gets an extra lane holding its validity, and its value lanes hold 0 at null rows.
 *
 * Types without a fixed-width physical form here (string, binary, decimal, arrays, maps, structs
 * with such fields) give `null`: the caller falls back to the general path.
 *
 * ```ts
 * keyLanes([vectorFromValues(LongType(), [1n, null])], 2); // [lo, hi, valid] lanes
 * ```
 */
import type { DataType } from "../../types/data-types.js";
import type { Vec } from "../vector.js";

const TWO32 = 4294967296;

/** Lanes for `keys` over rows [0, n), or null when some key has no fixed-width lane form. */
export function keyLanes(keys: readonly Vec[], n: number): Int32Array[] | null {
  const lanes: Int32Array[] = [];
  for (const k of keys) {
    const own = columnLanes(k, n);
    if (own === null) return null;
    lanes.push(...own);
  }
  return lanes;
}

function columnLanes(v: Vec, n: number): Int32Array[] | null {
  switch (v.type.kind) {
    case "integer": case "date": case "byte": case "short": case "boolean":
      return withValidity(intLane(v.values as ArrayLike<number>, v.valid, n), v.valid, n);
    case "long": case "timestamp":
      return withValidity(splitLongs(v.values as BigInt64Array, v.valid, n), v.valid, n);
    case "double": case "float":
      return withValidity(splitDoubles(v.values as ArrayLike<number>, v.valid, n), v.valid, n);
    case "struct":
      return structLanes(v, n);
    default:
      return null;
  }
}

function withValidity(values: Int32Array[], valid: Uint8Array | null, n: number): Int32Array[] {
  if (valid === null) return values;
  const lane = new Int32Array(n);
  for (let i = 0; i < n; i++) lane[i] = valid[i]!;
  return [...values, lane];
}

function intLane(values: ArrayLike<number>, valid: Uint8Array | null, n: number): Int32Array[] {
  if (valid === null && values instanceof Int32Array) return [values.length === n ? values : values.subarray(0, n)];
  const lane = new Int32Array(n);
  for (let i = 0; i < n; i++) lane[i] = valid !== null && valid[i] === 0 ? 0 : values[i]!;
  return [lane];
}

/** A long column's low and high 32-bit words, read through an Int32 view (no BigInt per row). */
function splitLongs(values: BigInt64Array, valid: Uint8Array | null, n: number): Int32Array[] {
  const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    lo[i] = words[2 * i]!;
    hi[i] = words[2 * i + 1]!;
  }
  return [lo, hi];
}

/** A double column's bit pattern after Spark's normalisation (-0.0 → 0.0, every NaN → one NaN). */
function splitDoubles(values: ArrayLike<number>, valid: Uint8Array | null, n: number): Int32Array[] {
  const norm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const x = values[i]!;
    norm[i] = x === 0 ? 0 : x !== x ? NaN : x;
  }
  const words = new Int32Array(norm.buffer);
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  for (let i = 0; i < n; i++) { lo[i] = words[2 * i]!; hi[i] = words[2 * i + 1]!; }
  return [lo, hi];
}

/**
 * A struct of fixed-width fields (the `window` column): per-row values are JS arrays, so each
 * field is read once per row into lanes. Long fields must be exact doubles (|x| ≤ 2^53, which
 * every timestamp up to year 287396 is); otherwise null, and the caller uses the general path.
 */
function structLanes(v: Vec, n: number): Int32Array[] | null {
  const t = v.type as Extract<DataType, { kind: "struct" }>;
  const fields = t.fields.map((f) => f.dataType.kind);
  if (!fields.every((k) => FIXED.has(k))) return null;
  const rows = v.values as (readonly unknown[] | null)[];
  const out: Int32Array[] = [];
  const structValid = new Int32Array(n);
  for (let i = 0; i < n; i++) structValid[i] = rows[i] === null || (v.valid !== null && v.valid[i] === 0) ? 0 : 1;
  for (let f = 0; f < fields.length; f++) {
    const lo = new Int32Array(n);
    const hi = new Int32Array(n);
    const fieldValid = new Int32Array(n);
    const kind = fields[f]!;
    for (let i = 0; i < n; i++) {
      if (structValid[i] === 0) continue;
      const x = rows[i]![f];
      if (x === null || x === undefined) continue;
      fieldValid[i] = 1;
      let d: number;
      if (typeof x === "bigint") {
        d = Number(x);
        if (!Number.isSafeInteger(d)) return null;
      } else if (typeof x === "boolean") {
        d = x ? 1 : 0;
      } else {
        d = x as number;
        if (kind === "double" || kind === "float") d = d === 0 ? 0 : d !== d ? NaN : d;
      }
      if (Number.isInteger(d)) {
        const h = Math.floor(d / TWO32);
        hi[i] = h;
        lo[i] = d - h * TWO32;
      } else {
        // A fractional or non-finite double: its bits (a tag in `fieldValid` keeps it apart from
        // an integral value whose words happen to match).
        SCRATCH_F64[0] = d;
        lo[i] = SCRATCH_I32[0]!;
        hi[i] = SCRATCH_I32[1]!;
        fieldValid[i] = 2;
      }
    }
    out.push(lo, hi, fieldValid);
  }
  out.push(structValid);
  return out;
}

const FIXED = new Set(["integer", "date", "byte", "short", "boolean", "long", "timestamp", "double", "float"]);
const SCRATCH_F64 = new Float64Array(1);
const SCRATCH_I32 = new Int32Array(SCRATCH_F64.buffer);
