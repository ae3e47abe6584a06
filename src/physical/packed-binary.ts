/**
 * A Binary column kept as one byte buffer plus per-row start/end offsets (Arrow's Binary layout,
 * with separate ends so the ranges need not touch: kafkajs's values are slices of one fetch
 * response with record framing between them). Kernels that know the layout (the fused
 * `split(CAST(value AS STRING), …)` parse, the thread hand-off) read the bytes in place; every
 * other reader sees the ordinary `values` array of `Uint8Array | null`, made on its first read
 * (one `subarray` per row, then cached), so no operator has to know about it.
 *
 * Why: per-row `Uint8Array` objects cost a JS object each to make, to garbage-collect and to
 * cross a thread boundary (`byteOffset`/`byteLength`/`buffer` reads per row), which is what held
 * `local[2]` back; the packed column crosses as two or three buffers and is sliced in O(1).
 *
 * ```ts
 * const v = packedBinaryVec(BinaryType(), data, starts, ends, null);
 * packedBinaryOf(v)?.data; // the bytes, no per-row objects made
 * v.values[0];             // a Uint8Array view (the array is built on first use)
 * ```
 */
import type { DataType } from "../types/data-types.js";
import type { Vec } from "./vector.js";

/** The packed layout: row i is `data[starts[i], ends[i])`; a null row has an empty range. */
export interface PackedBinary {
  readonly data: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * Which columns are packed, by identity. A WeakMap rather than a class or a field: a copy made by
 * spreading (`{ ...vec, valid }`) or by structured clone is an ordinary column (its `values` getter
 * is read and copied as an array), so a copy can never carry packed bytes that no longer match it.
 */
const packedOf = new WeakMap<Vec, PackedBinary>();

/** A Binary (or String-as-bytes) column over packed bytes; `starts`/`ends` have one entry per row. */
export function packedBinaryVec(type: DataType, data: Uint8Array, starts: Int32Array, ends: Int32Array, valid: Uint8Array | null): Vec {
  const length = starts.length;
  let rows: (Uint8Array | null)[] | null = null;
  const vec = { type, length, valid } as { type: DataType; length: number; valid: Uint8Array | null; values: (Uint8Array | null)[] };
  // An own enumerable getter, so spreads and structured clones copy the rows rather than drop them.
  Object.defineProperty(vec, "values", {
    enumerable: true,
    get(): (Uint8Array | null)[] {
      if (rows === null) {
        const out = new Array<Uint8Array | null>(length);
        for (let i = 0; i < length; i++) out[i] = valid !== null && valid[i] === 0 ? null : data.subarray(starts[i]!, ends[i]!);
        rows = out;
      }
      return rows;
    },
  });
  packedOf.set(vec, { data, starts, ends });
  return vec;
}

/** The packed bytes of a column built by {@link packedBinaryVec}, or null for any other column. */
export function packedBinaryOf(v: Vec): PackedBinary | null {
  return packedOf.get(v) ?? null;
}

/** Rows [start, end) of a packed column, sharing its bytes (O(1): no per-row work). */
export function slicePackedBinary(v: Vec, p: PackedBinary, start: number, end: number): Vec {
  return packedBinaryVec(v.type, p.data, p.starts.subarray(start, end), p.ends.subarray(start, end), v.valid === null ? null : v.valid.subarray(start, end));
}
