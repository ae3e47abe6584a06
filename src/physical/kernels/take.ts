/**
 * Gather, filter, slice and concatenate kernels: the copying primitives every operator uses.
 *
 * ```ts
 * takeVector(vectorFromValues(IntegerType(), [10, 20, 30]), Int32Array.of(2, 0)); // [30, 10]
 * ```
 */
import { allocPrimitive, int64Words, isPrimitiveType, type Batch, type Vec } from "../vector.js";

/** Rows at `indices` (an index of -1 yields null, used by outer joins). */
export function takeVector(v: Vec, indices: Int32Array): Vec {
  const n = indices.length;
  let valid: Uint8Array | null = null;
  const src = v.valid;
  let hasNeg = false;
  for (let i = 0; i < n; i++) if (indices[i]! < 0) { hasNeg = true; break; }
  if (src !== null || hasNeg) {
    valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const j = indices[i]!;
      valid[i] = j < 0 ? 0 : src === null ? 1 : src[j]!;
    }
  }
  if (v.values instanceof BigInt64Array) return { type: v.type, length: n, values: takeInt64(v.values, indices, hasNeg), valid };
  if (isPrimitiveType(v.type)) {
    const from = v.values as unknown as ArrayLike<number | bigint> & { [k: number]: number | bigint };
    const out = allocPrimitive(v.type, n) as unknown as { [k: number]: number | bigint };
    if (hasNeg) {
      for (let i = 0; i < n; i++) { const j = indices[i]!; if (j >= 0) out[i] = from[j]!; }
    } else {
      for (let i = 0; i < n; i++) out[i] = from[indices[i]!]!;
    }
    return { type: v.type, length: n, values: out as unknown as Vec["values"], valid };
  }
  const from = v.values as unknown[];
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) { const j = indices[i]!; out[i] = j < 0 ? null : from[j]; }
  return { type: v.type, length: n, values: out, valid };
}

/**
 * {@link takeVector} of 64-bit values, copied as two 32-bit words each: reading a BigInt64Array
 * element makes a heap BigInt, which cost more than the copy (long and timestamp keys, the event
 * times of every row). Plain version: `out[i] = from[indices[i]]` (0 where the index is -1).
 */
function takeInt64(from: BigInt64Array, indices: Int32Array, hasNeg: boolean): BigInt64Array {
  const n = indices.length;
  const out = new BigInt64Array(n);
  const src = int64Words(from);
  const dst = int64Words(out);
  for (let i = 0; i < n; i++) {
    const j = indices[i]!;
    if (hasNeg && j < 0) continue;
    dst[2 * i] = src[2 * j]!;
    dst[2 * i + 1] = src[2 * j + 1]!;
  }
  return out;
}

/** Indices of rows where the boolean mask is true and not null. */
export function maskToIndices(mask: Vec): Int32Array {
  const m = mask.values as Uint8Array;
  const valid = mask.valid;
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (m[i] === 1 && (valid === null || valid[i] === 1)) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (m[i] === 1 && (valid === null || valid[i] === 1)) out[k++] = i;
  return out;
}

/** Gathers the same rows from every column of a batch. */
export function takeBatch(b: Batch, indices: Int32Array): Batch {
  return { schema: b.schema, numRows: indices.length, columns: b.columns.map((c) => takeVector(c, indices)) };
}

/** Rows [start, end) of a vector (copies; batches are small). */
export function sliceVector(v: Vec, start: number, end: number): Vec {
  const values = isPrimitiveType(v.type)
    ? (v.values as Int32Array).slice(start, end)
    : (v.values as unknown[]).slice(start, end);
  return { type: v.type, length: end - start, values: values as Vec["values"], valid: v.valid === null ? null : v.valid.slice(start, end) };
}

/** Rows [start, end) of a batch. */
export function sliceBatch(b: Batch, start: number, end: number): Batch {
  const e = Math.min(end, b.numRows);
  const s = Math.min(start, e);
  return { schema: b.schema, numRows: e - s, columns: b.columns.map((c) => sliceVector(c, s, e)) };
}

/** Concatenates vectors of one type. */
export function concatVectors(vs: readonly Vec[], type: Vec["type"]): Vec {
  const n = vs.reduce((a, v) => a + v.length, 0);
  const anyNull = vs.some((v) => v.valid !== null);
  const valid = anyNull ? new Uint8Array(n) : null;
  let off = 0;
  if (isPrimitiveType(type)) {
    const out = allocPrimitive(type, n);
    for (const v of vs) {
      (out as Int32Array).set(v.values as Int32Array, off);
      if (valid !== null) { if (v.valid === null) valid.fill(1, off, off + v.length); else valid.set(v.valid, off); }
      off += v.length;
    }
    return { type, length: n, values: out, valid };
  }
  const out = new Array<unknown>(n);
  for (const v of vs) {
    const src = v.values as unknown[];
    for (let i = 0; i < v.length; i++) out[off + i] = src[i];
    if (valid !== null) { if (v.valid === null) valid.fill(1, off, off + v.length); else valid.set(v.valid, off); }
    off += v.length;
  }
  return { type, length: n, values: out, valid };
}

/** Concatenates batches of one schema into one batch. */
export function concatBatches(bs: readonly Batch[], schema: Batch["schema"]): Batch {
  if (bs.length === 1) return bs[0]!;
  const numRows = bs.reduce((a, b) => a + b.numRows, 0);
  return {
    schema,
    numRows,
    columns: schema.fields.map((f, i) => concatVectors(bs.map((b) => b.columns[i]!), f.dataType)),
  };
}
