/**
 * Batches across a thread boundary. Structured clone copies typed arrays and drops nothing we
 * need (plain objects, bigints, Uint8Arrays survive), but a column of many small `Uint8Array`s (a
 * Kafka `value`) costs one clone per row; such Binary columns travel as one data buffer plus
 * Int32 offsets (Arrow's layout) and come back out as zero-copy views. Buffers this module
 * allocates itself, and typed arrays that own their whole buffer on the worker side, go in the
 * transfer list (moved, not copied).
 *
 * ```ts
 * const transfer: ArrayBuffer[] = [];
 * const wire = encodeBatch(batch, { transfer, keep: null, ownsBuffers: false });
 * worker.postMessage(wire, transfer);
 * const again = decodeBatch(wire); // on the other side
 * ```
 */
import type { DataType, StructType } from "../types/data-types.js";
import { allocPrimitive, isPrimitiveType, type Batch, type PrimitiveArray, type Vec } from "../physical/vector.js";
import { packedBinaryOf, packedBinaryVec, type PackedBinary } from "../physical/packed-binary.js";
import { columnarStructVec, structFieldsOf } from "../physical/columnar-struct.js";

/** One column as it crosses a thread boundary. */
export type WireVec =
  | { readonly form: "plain"; readonly type: DataType; readonly length: number; readonly values: PrimitiveArray | unknown[]; readonly valid: Uint8Array | null }
  /**
   * Binary as one data buffer: row i is `data[starts[i], ends[i])` (Arrow's BinaryView idea: the
   * ranges need not touch, so runs of values copied with the bytes between them stay addressable);
   * null rows have an empty range.
   */
  | { readonly form: "binary"; readonly type: DataType; readonly length: number; readonly data: Uint8Array; readonly starts: Int32Array; readonly ends: Int32Array; readonly valid: Uint8Array | null }
  /**
   * A struct of numeric fields (the `window` column of a partial aggregate's keys) as one typed
   * column per field, arriving as a columnar struct (rows made only if read), which costs far
   * less than cloning one small array and its BigInts per row. `fieldValid[f]` is null when field f has no nulls.
   */
  | { readonly form: "struct"; readonly type: DataType; readonly length: number; readonly fields: readonly PrimitiveArray[]; readonly fieldValid: readonly (Uint8Array | null)[]; readonly valid: Uint8Array | null }
  /** A column the receiving side never reads (not referenced by the plan fragment): only its length crosses. */
  | { readonly form: "omitted"; readonly type: DataType; readonly length: number };

export interface WireBatch {
  readonly schema: StructType;
  readonly numRows: number;
  readonly columns: readonly WireVec[];
}

export interface EncodeOptions {
  /** Collects the ArrayBuffers to move with the message (deduplicated by the caller's Set use). */
  readonly transfer: ArrayBuffer[];
  /** Column indices to send; null sends every column. */
  readonly keep: ReadonlySet<number> | null;
  /**
   * True when this side will not touch the batch's typed arrays again (a worker's result), so
   * buffers they own entirely may be moved. False for input the caller still owns (a source may
   * replay it): those are copied by structured clone instead.
   */
  readonly ownsBuffers: boolean;
  /**
   * Put typed arrays in shared memory (copying those that are not yet): for input that several
   * workers read, so it is copied once rather than cloned for each. Default false.
   */
  readonly share?: boolean;
}

/** A copy of a typed array in shared memory. */
function sharedCopy<A extends PrimitiveArray | Uint8Array | Int32Array>(a: A): A {
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => A;
  const copy = new Ctor(new SharedArrayBuffer(a.byteLength));
  (copy as unknown as { set(x: A): void }).set(a);
  return copy;
}

/** Adds a buffer to the transfer list once; SharedArrayBuffers are shared, never moved. */
function addTransfer(list: ArrayBuffer[], buf: ArrayBufferLike): void {
  if (!(buf instanceof ArrayBuffer)) return;
  if (buf.byteLength === 0) return;
  if (!list.includes(buf)) list.push(buf);
}

/** True when a typed array is the whole of its buffer, so moving the buffer moves nothing else. */
function ownsWholeBuffer(a: ArrayBufferView): boolean {
  return a.byteOffset === 0 && a.byteLength === a.buffer.byteLength;
}

/** Bytes between two values of one buffer that are copied along rather than starting a new run. */
const MAX_GAP = 256;

/**
 * Packs binary values into one buffer. kafkajs hands out each value as a slice of the fetch
 * response's buffer, in offset order with a few bytes of record framing between them, so
 * consecutive values of one buffer are copied as one run (one memcpy, framing bytes included)
 * instead of one `set()` per row, which costs more than the copy itself for values of tens of bytes.
 * Values in buffers of their own become runs of one.
 */
function packBinary(vals: readonly (Uint8Array | null)[], n: number): { data: Uint8Array; starts: Int32Array; ends: Int32Array } {
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const runBuf: ArrayBufferLike[] = [];
  const runLo: number[] = [];
  const runHi: number[] = [];
  const runAt: number[] = [];
  let total = 0;
  let r = -1;
  for (let i = 0; i < n; i++) {
    const x = vals[i];
    if (x === null || x === undefined) continue;
    const off = x.byteOffset;
    const len = x.byteLength;
    if (r >= 0 && x.buffer === runBuf[r] && off >= runHi[r]! && off - runHi[r]! <= MAX_GAP) {
      runHi[r] = off + len;
    } else {
      if (r >= 0) total += runHi[r]! - runLo[r]!;
      r++;
      runBuf.push(x.buffer);
      runLo.push(off);
      runHi.push(off + len);
      runAt.push(total);
    }
    starts[i] = runAt[r]! + (off - runLo[r]!);
    ends[i] = starts[i]! + len;
  }
  if (r >= 0) total += runHi[r]! - runLo[r]!;
  const data = new Uint8Array(total);
  for (let k = 0; k <= r; k++) data.set(new Uint8Array(runBuf[k]!, runLo[k]!, runHi[k]! - runLo[k]!), runAt[k]!);
  return { data, starts, ends };
}

/**
 * A packed column's bytes as they should cross: bytes in shared memory cross as they are (both
 * threads read the same memory); otherwise only the span the rows use is copied, one memcpy, and
 * the offsets rebased onto the copy, so a slice never drags its whole partition's bytes along.
 */
function packedForWire(p: PackedBinary, n: number, opts: EncodeOptions): PackedBinary {
  const { data, starts, ends } = p;
  if (data.buffer instanceof SharedArrayBuffer) return { data, starts: ownable(starts, opts)!, ends: ownable(ends, opts)! };
  if (opts.ownsBuffers && ownsWholeBuffer(data) && ownsWholeBuffer(starts) && ownsWholeBuffer(ends)) {
    addTransfer(opts.transfer, data.buffer);
    addTransfer(opts.transfer, starts.buffer);
    addTransfer(opts.transfer, ends.buffer);
    return p;
  }
  let lo = data.length;
  let hi = 0;
  for (let i = 0; i < n; i++) {
    const s = starts[i]!;
    const e = ends[i]!;
    if (e > s) {
      if (s < lo) lo = s;
      if (e > hi) hi = e;
    }
  }
  if (hi < lo) lo = hi = 0;
  const copy = opts.share === true ? sharedCopy(data.subarray(lo, hi)) : data.slice(lo, hi);
  const s2 = opts.share === true ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n);
  const e2 = opts.share === true ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const s = starts[i]!;
    const e = ends[i]!;
    // Empty ranges (nulls, empty values) may lie outside the span: any empty range will do.
    s2[i] = e > s ? s - lo : 0;
    e2[i] = e > s ? e - lo : 0;
  }
  addTransfer(opts.transfer, copy.buffer);
  addTransfer(opts.transfer, s2.buffer);
  addTransfer(opts.transfer, e2.buffer);
  return { data: copy, starts: s2, ends: e2 };
}

/** Field kinds a "struct" wire column carries in typed arrays: their physical values are numbers or bigints. */
const STRUCT_FIELD_KINDS = new Set(["integer", "date", "long", "timestamp", "double", "float", "short", "byte"]);

/** A struct column of numeric fields as typed field columns, or null when some row does not fit (then it crosses as plain rows). */
function structForWire(v: Vec, opts: EncodeOptions): WireVec | null {
  if (v.type.kind !== "struct") return null;
  const columnar = structFieldsOf(v);
  if (columnar !== null) {
    return {
      form: "struct",
      type: v.type,
      length: v.length,
      fields: columnar.fields.map((a) => ownable(a, opts)!),
      fieldValid: columnar.fieldValid.map((a) => ownable(a, opts)),
      valid: ownable(v.valid, opts),
    };
  }
  if (!Array.isArray(v.values)) return null;
  const fieldTypes = v.type.fields.map((f) => f.dataType);
  if (!fieldTypes.every((t) => STRUCT_FIELD_KINDS.has(t.kind))) return null;
  const n = v.length;
  const rows = v.values as (readonly unknown[] | null)[];
  const fields = fieldTypes.map((t) => allocPrimitive(t, n));
  const fieldValid = fieldTypes.map(() => new Uint8Array(n));
  const fieldNulls = fieldTypes.map(() => false);
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    if (row === null || row === undefined || (v.valid !== null && v.valid[i] === 0)) continue;
    for (let f = 0; f < fields.length; f++) {
      const x = row[f];
      if (x === null || x === undefined) { fieldNulls[f] = true; continue; }
      const col = fields[f]!;
      if (col instanceof BigInt64Array) {
        if (typeof x !== "bigint") return null;
        col[i] = x;
      } else {
        if (typeof x !== "number") return null;
        col[i] = x;
      }
      fieldValid[f]![i] = 1;
    }
  }
  for (const a of fields) addTransfer(opts.transfer, a.buffer);
  const fv = fieldValid.map((a, f) => (fieldNulls[f] ? a : null));
  for (const a of fv) if (a !== null) addTransfer(opts.transfer, a.buffer);
  let valid: Uint8Array | null = null;
  if (v.valid !== null || rows.includes(null)) {
    valid = new Uint8Array(n);
    for (let i = 0; i < n; i++) valid[i] = rows[i] === null || rows[i] === undefined || (v.valid !== null && v.valid[i] === 0) ? 0 : 1;
    addTransfer(opts.transfer, valid.buffer);
  }
  return { form: "struct", type: v.type, length: n, fields, fieldValid: fv, valid };
}

/** A column ready for postMessage. */
export function encodeVec(v: Vec, opts: EncodeOptions): WireVec {
  const struct = structForWire(v, opts);
  if (struct !== null) return struct;
  const packed = packedBinaryOf(v);
  if (packed !== null) {
    const { data, starts, ends } = packedForWire(packed, v.length, opts);
    return { form: "binary", type: v.type, length: v.length, data, starts, ends, valid: ownable(v.valid, opts) };
  }
  if (v.type.kind === "binary" && Array.isArray(v.values)) {
    const { data, starts, ends } = packBinary(v.values as readonly (Uint8Array | null)[], v.length);
    if (opts.share === true) {
      return { form: "binary", type: v.type, length: v.length, data: sharedCopy(data), starts: sharedCopy(starts), ends: sharedCopy(ends), valid: v.valid === null ? null : sharedCopy(v.valid) };
    }
    addTransfer(opts.transfer, data.buffer);
    addTransfer(opts.transfer, starts.buffer);
    addTransfer(opts.transfer, ends.buffer);
    const valid = v.valid === null ? null : Uint8Array.from(v.valid);
    if (valid !== null) addTransfer(opts.transfer, valid.buffer);
    return { form: "binary", type: v.type, length: v.length, data, starts, ends, valid };
  }
  if (Array.isArray(v.values)) return { form: "plain", type: v.type, length: v.length, values: v.values, valid: ownable(v.valid, opts) };
  return { form: "plain", type: v.type, length: v.length, values: ownable(v.values as PrimitiveArray, opts)!, valid: ownable(v.valid, opts) };
}

/**
 * A typed array as it should cross. Structured clone copies a view's whole (non-shared) buffer, so a view into
 * a bigger buffer (a slice's rows of a source column) is first copied down to its own rows, and
 * that copy is moved. An array that is its whole buffer is moved when the sender owns it, and
 * otherwise left to structured clone (one copy either way).
 */
export function ownable<A extends PrimitiveArray | Uint8Array>(a: A | null, opts: EncodeOptions): A | null {
  if (a === null) return null;
  // Shared memory crosses as it is: both threads see the same bytes, nothing is copied.
  if (a.buffer instanceof SharedArrayBuffer) return a;
  if (opts.share === true) return sharedCopy(a);
  if (!ownsWholeBuffer(a)) {
    const copy = a.slice() as A;
    addTransfer(opts.transfer, copy.buffer);
    return copy;
  }
  if (opts.ownsBuffers) addTransfer(opts.transfer, a.buffer);
  return a;
}

/** A batch ready for postMessage; see {@link EncodeOptions}. */
export function encodeBatch(b: Batch, opts: EncodeOptions): WireBatch {
  return {
    schema: b.schema,
    numRows: b.numRows,
    columns: b.columns.map((c, i) => (opts.keep === null || opts.keep.has(i) ? encodeVec(c, opts) : { form: "omitted", type: c.type, length: c.length })),
  };
}

/** The column again; Binary stays packed (rows become views into the one data buffer only if read as an array). */
export function decodeVec(w: WireVec): Vec {
  switch (w.form) {
    case "plain":
      return { type: w.type, length: w.length, values: w.values, valid: w.valid };
    case "binary":
      return packedBinaryVec(w.type, w.data, w.starts, w.ends, w.valid);
    case "struct":
      // Rows are made only if something reads them (the state merge reads the fields).
      return columnarStructVec(w.type, w.fields, w.fieldValid, w.valid);
    case "omitted":
      return placeholderVec(w.type, w.length);
  }
}

/** Per physical kind, one zeroed array that placeholders view (this thread's; never written). */
const ZEROS = new Map<string, PrimitiveArray>();

/** The last frozen array of holes made, reused for placeholders of the same length (slices mostly share one). */
let lastHoles: readonly unknown[] = Object.freeze([]);

function holes(length: number): unknown[] {
  if (lastHoles.length !== length) lastHoles = Object.freeze(new Array<unknown>(length));
  return lastHoles as unknown[];
}

/**
 * A column the fragment never reads but that operators still carry along (a filter takes every
 * column's rows): zeros or holes of the right length and kind, never real data. A typed
 * placeholder is a view of one shared zeroed array per kind rather than a fresh allocation: a
 * Kafka slice leaves four typed columns unread (offset, timestamp, partition, timestampType),
 * whose zeroing was ~5 % of a worker's time per slice. The view is always shorter than its buffer,
 * so no encoder ever takes it for a buffer it owns and moves it away.
 */
export function placeholderVec(type: DataType, length: number): Vec {
  if (!isPrimitiveType(type)) return { type, length, values: holes(length), valid: null };
  const probe = allocPrimitive(type, 0);
  const kind = probe.constructor.name;
  let zeros = ZEROS.get(kind);
  if (zeros === undefined || zeros.length <= length) {
    zeros = allocPrimitive(type, Math.max(length + 1, 2 * (zeros?.length ?? 0)));
    ZEROS.set(kind, zeros);
  }
  return { type, length, values: zeros.subarray(0, length), valid: null };
}

export function decodeBatch(w: WireBatch): Batch {
  return { schema: w.schema, numRows: w.numRows, columns: w.columns.map(decodeVec) };
}
