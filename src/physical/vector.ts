/**
 * Kindling's in-memory column: one contiguous typed array per fixed-width type (the same buffer
 * Arrow uses, so wrapping as an Arrow vector is free) plus a byte-per-row validity mask, or a
 * plain JS array for variable-width and nested values.
 *
 * Physical value of each Spark type (what {@link getValue} returns and builders accept):
 * boolean -> 0/1 in a Uint8Array (boolean when read); byte/short/int/float/double -> number;
 * date -> number (days since epoch); long/timestamp -> bigint (timestamp in microseconds);
 * interval day to second -> bigint (microseconds); interval year to month -> number (months);
 * decimal -> bigint (the unscaled value); string -> string; binary -> Uint8Array;
 * struct -> unknown[] (one physical value per field); array -> unknown[]; map -> [key, value][].
 *
 * ```ts
 * const v = vectorFromValues(IntegerType(), [1, null, 3]);
 * getValue(v, 1); // null
 * ```
 */
import { InternalError } from "../common/errors.js";
import type { DataType, StructType } from "../types/data-types.js";

export type PrimitiveArray =
  | Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | BigInt64Array;

/** A column of one Spark type. `valid === null` means no nulls; otherwise `valid[i] === 0` is null. */
export interface Vec {
  readonly type: DataType;
  readonly length: number;
  /** Typed array for fixed-width types, a JS array (null where null) otherwise. */
  readonly values: PrimitiveArray | unknown[];
  readonly valid: Uint8Array | null;
}

/** A set of equally long columns with their schema: the unit operators pass to each other. */
export interface Batch {
  readonly schema: StructType;
  readonly columns: readonly Vec[];
  readonly numRows: number;
}

/** True for types stored in a typed array. */
export function isPrimitiveType(t: DataType): boolean {
  switch (t.kind) {
    case "boolean": case "byte": case "short": case "integer": case "long": case "float": case "double":
    case "date": case "timestamp": case "dayTimeInterval": case "yearMonthInterval":
      return true;
    default:
      return false;
  }
}

/** A zeroed typed array of the right class for a fixed-width type. */
export function allocPrimitive(t: DataType, n: number): PrimitiveArray {
  switch (t.kind) {
    case "boolean": return new Uint8Array(n);
    case "byte": return new Int8Array(n);
    case "short": return new Int16Array(n);
    case "integer": case "date": case "yearMonthInterval": return new Int32Array(n);
    case "long": case "timestamp": case "dayTimeInterval": return new BigInt64Array(n);
    case "float": return new Float32Array(n);
    case "double": return new Float64Array(n);
    default: throw new InternalError(`allocPrimitive called for non-primitive type ${t.kind}`);
  }
}

/** True when row `i` is null. */
export function isNullAt(v: Vec, i: number): boolean {
  return v.valid !== null && v.valid[i] === 0;
}

/** The physical value at row `i`, or null. */
export function getValue(v: Vec, i: number): unknown {
  if (v.valid !== null && v.valid[i] === 0) return null;
  const x = v.values[i];
  if (v.type.kind === "boolean") return x === 1;
  return x === undefined ? null : x;
}

/** A vector of all nulls. */
export function nullVector(t: DataType, n: number): Vec {
  const valid = new Uint8Array(n);
  if (isPrimitiveType(t)) return { type: t, length: n, values: allocPrimitive(t, n), valid };
  return { type: t, length: n, values: new Array<unknown>(n).fill(null), valid };
}

/** A vector repeating one physical value (a literal over a batch). */
export function constantVector(t: DataType, value: unknown, n: number): Vec {
  if (value === null || value === undefined) return nullVector(t, n);
  if (isPrimitiveType(t)) {
    const arr = allocPrimitive(t, n);
    const x = t.kind === "boolean" ? (value === true || value === 1 ? 1 : 0) : value;
    (arr as { fill(v: unknown): unknown }).fill(x);
    return { type: t, length: n, values: arr, valid: null };
  }
  return { type: t, length: n, values: new Array<unknown>(n).fill(value), valid: null };
}

/** Builds a vector from physical values (null for null); the generic, per-row path. */
export function vectorFromValues(t: DataType, values: readonly unknown[]): Vec {
  const n = values.length;
  let valid: Uint8Array | null = null;
  if (isPrimitiveType(t)) {
    const arr = allocPrimitive(t, n);
    for (let i = 0; i < n; i++) {
      const x = values[i];
      if (x === null || x === undefined) {
        if (valid === null) valid = new Uint8Array(n).fill(1);
        valid[i] = 0;
      } else if (t.kind === "boolean") {
        arr[i] = x === true || x === 1 ? 1 : 0;
      } else if (arr instanceof BigInt64Array) {
        arr[i] = typeof x === "bigint" ? x : BigInt(x as number);
      } else {
        arr[i] = x as number;
      }
    }
    return { type: t, length: n, values: arr, valid };
  }
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (x === null || x === undefined) {
      if (valid === null) valid = new Uint8Array(n).fill(1);
      valid[i] = 0;
      out[i] = null;
    } else out[i] = x;
  }
  return { type: t, length: n, values: out, valid };
}

/** 2^32: the weight of an int64's high word. */
export const TWO32 = 4294967296;

/**
 * An int64 column's values as 32-bit words, `[2i]` the low (unsigned) and `[2i + 1]` the high
 * (signed) word of value i: little-endian, as every Int32 view of a BigInt64Array here assumes.
 * Reading a BigInt64Array element makes a heap BigInt; reading its words does not.
 */
export function int64Words(a: BigInt64Array): Int32Array {
  return new Int32Array(a.buffer, a.byteOffset, a.length * 2);
}

/**
 * A long column's values from integral doubles (counts kept in a Float64Array, each a safe
 * integer: |x| < 2^53), written through an Int32 view as two's-complement words (little-endian,
 * as every Int32 view of a BigInt64Array here assumes): no BigInt per value.
 *
 * ```ts
 * longsFromDoubles(Float64Array.of(3, -1)); // BigInt64Array [3n, -1n]
 * ```
 */
export function longsFromDoubles(xs: ArrayLike<number>): BigInt64Array {
  const n = xs.length;
  const out = new BigInt64Array(n);
  const words = int64Words(out);
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const hi = Math.floor(x / TWO32);
    words[2 * i] = x - hi * TWO32;
    words[2 * i + 1] = hi;
  }
  return out;
}

/** Every physical value of a vector, nulls as null (the slow path; for tests and row output). */
export function vectorToValues(v: Vec): unknown[] {
  const out = new Array<unknown>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = getValue(v, i);
  return out;
}

/** The number of nulls in a vector. */
export function nullCount(v: Vec): number {
  if (v.valid === null) return 0;
  let c = 0;
  for (let i = 0; i < v.length; i++) if (v.valid[i] === 0) c++;
  return c;
}

/** Same values, new type (for casts that do not change the physical form, e.g. nullability). */
export function retype(v: Vec, t: DataType): Vec {
  return { type: t, length: v.length, values: v.values, valid: v.valid };
}

/** ANDs validity masks; null means all valid. */
export function andValid(a: Uint8Array | null, b: Uint8Array | null, n: number): Uint8Array | null {
  if (a === null) return b;
  if (b === null) return a;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = a[i]! & b[i]!;
  return out;
}

/** An empty batch with the given schema. */
export function emptyBatch(schema: StructType): Batch {
  return { schema, numRows: 0, columns: schema.fields.map((f) => vectorFromValues(f.dataType, [])) };
}
