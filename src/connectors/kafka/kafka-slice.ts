/**
 * A partition slice of Kafka records in columns, built straight from kafkajs's messages while they
 * are fetched, in a form that crosses a thread boundary without a copy: keys and values packed into
 * one byte buffer each (Arrow's Binary layout with separate ends, as in src/physical/packed-binary.ts),
 * offsets and timestamps in BigInt64Arrays, everything else in typed arrays. No per-record object
 * of Kindling's own is made, and the kafkajs messages can be dropped as soon as they are appended.
 *
 * Why (profiled on the 5 M-record kafka-read bench): holding every kafkajs message until the end,
 * then cloning 5 M small Uint8Array views to the calling thread cost more than the fetch itself
 * (the clone alone about 15 s, plus old-generation GC of the retained messages); a BigInt parsed
 * from each offset and timestamp string cost another few hundred ms.
 *
 * ```ts
 * const b = new KafkaSliceBuilder("rides", 0, 1000, false);
 * for (const m of batch.messages) b.append(m);
 * b.endFetch();
 * const slice = b.seal();            // postMessage(slice, sliceTransferList(slice))
 * const batch = kafkaSliceToBatch(slice, kafkaSchema(false)); // on the other side
 * ```
 */
import type { KafkaMessage } from "kafkajs";
import { packedBinaryVec } from "../../physical/packed-binary.js";
import type { Batch, Vec } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";

/** One Binary column packed: row i is `data[starts[i], ends[i])`; `valid === null` means no nulls. */
export interface PackedColumn {
  readonly data: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly valid: Uint8Array | null;
}

/** A partition slice in columns (plain data: survives structured clone; see {@link sliceTransferList}). */
export interface KafkaSlice {
  readonly topic: string;
  readonly partition: number;
  readonly numRows: number;
  readonly key: PackedColumn;
  readonly value: PackedColumn;
  readonly offsets: BigInt64Array;
  /** Microseconds since the epoch (Kafka's milliseconds × 1000), as Spark's TimestampType. */
  readonly timestamps: BigInt64Array;
  readonly timestampTypes: Int32Array;
  /** Only with includeHeaders: one list of [key, value] per record, null for a record without headers. */
  readonly headers: readonly (readonly (readonly [string, Uint8Array | null])[] | null)[] | null;
}

/** Bytes between two values of one fetch buffer that are copied along rather than starting a new run (as batch-codec's packBinary). */
const MAX_GAP = 256;
/** Bytes per packed column of one slice, kept well inside Int32 offsets (2^31): a bigger slice is split into several. */
const MAX_BYTES = 1 << 30;
const TWO_32 = 4294967296;
/** Where the low and high 32 bits of an int64 lie in an Int32Array view of a BigInt64Array. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = LITTLE_ENDIAN ? 1 : 0;
/** The largest |milliseconds| whose microseconds are still an exact double (2^53 / 1000). */
const MAX_EXACT_MS = 9_007_199_254_740;

/**
 * Writes an integral double (|x| < 2^53) into slot i of a BigInt64Array through its Int32 view,
 * without making a BigInt. Plain version: `big[i] = BigInt(x)`.
 */
export function setInt64(view: Int32Array, i: number, x: number): void {
  const hi = Math.floor(x / TWO_32);
  // Int32Array stores modulo 2^32, so the low word in [0, 2^32) lands as its two's complement.
  view[2 * i + LO] = x - hi * TWO_32;
  view[2 * i + HI] = hi;
}

/** Kafka's offset (a decimal string, as kafkajs gives it) into slot i of `big`, exactly; no BigInt below 10^15. */
export function setOffset(big: BigInt64Array, view: Int32Array, i: number, offset: string): void {
  if (offset.length < 16) setInt64(view, i, +offset);
  else big[i] = BigInt(offset);
}

/**
 * Kafka's millisecond timestamp string as Spark's microseconds into slot i of `big`, exactly; no
 * BigInt where the product is an exact double. Plain version: `big[i] = BigInt(ms) * 1000n`.
 */
export function setMicrosFromMillis(big: BigInt64Array, view: Int32Array, i: number, ms: string): void {
  const x = +ms;
  if (x === Math.trunc(x) && Math.abs(x) <= MAX_EXACT_MS) setInt64(view, i, x * 1000);
  else big[i] = BigInt(ms) * 1000n; // wraps like Spark's long arithmetic; throws on a non-number, as before
}

/** A zeroed byte array, in shared memory when asked (see {@link KafkaSliceBuilder}'s `shared`). */
function allocBytes(n: number, shared: boolean): Uint8Array {
  return shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
}

function allocInt32(n: number, shared: boolean): Int32Array {
  return shared ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n);
}

/** Packs byte views into one growing buffer, copying runs of consecutive slices of one fetch buffer at once. */
class BytesPacker {
  data: Uint8Array;
  /** Bytes of `data` already written. */
  total = 0;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly valid: Uint8Array;
  nulls = 0;
  private runBuf: ArrayBufferLike | null = null;
  private runLo = 0;
  private runHi = 0;
  private runAt = 0;

  constructor(rows: number, initialBytes: number, private readonly shared: boolean) {
    this.data = allocBytes(initialBytes, shared);
    this.starts = allocInt32(rows, shared);
    this.ends = allocInt32(rows, shared);
    this.valid = new Uint8Array(rows);
  }

  /**
   * Set once the bytes pass MAX_BYTES, checked where a run starts: a run never outgrows the
   * fetch response it lies in, so the column stays far inside Int32 offsets.
   */
  over = false;

  add(i: number, x: Uint8Array | null | undefined, rowsSoFar: number, rowCapacity: number): void {
    if (x === null || x === undefined) {
      // starts/ends stay 0: an empty range, as packed-binary wants for a null.
      this.nulls++;
      return;
    }
    this.valid[i] = 1;
    const off = x.byteOffset;
    const len = x.byteLength;
    if (x.buffer !== this.runBuf || off < this.runHi || off - this.runHi > MAX_GAP) {
      this.flush(rowsSoFar, rowCapacity);
      if (this.total > MAX_BYTES) this.over = true;
      this.runBuf = x.buffer;
      this.runLo = off;
      this.runAt = this.total;
    }
    this.runHi = off + len;
    const s = this.runAt + (off - this.runLo);
    this.starts[i] = s;
    this.ends[i] = s + len;
  }

  /** Copies the open run into `data` (it must be done before the fetch buffer is let go). */
  flush(rowsSoFar: number, rowCapacity: number): void {
    if (this.runBuf === null) return;
    const len = this.runHi - this.runLo;
    const need = this.total + len;
    if (need > this.data.length) {
      // Grow once to what the rows so far say the whole slice needs, not by doubling many times.
      const perRow = rowsSoFar > 0 ? need / rowsSoFar : 64;
      const estimate = Math.ceil(perRow * rowCapacity * 1.05) + 65_536;
      const grown = allocBytes(Math.max(need, Math.min(MAX_BYTES + (MAX_BYTES >> 2), Math.max(this.data.length * 2, estimate))), this.shared);
      grown.set(this.data.subarray(0, this.total));
      this.data = grown;
    }
    this.data.set(new Uint8Array(this.runBuf, this.runLo, len), this.total);
    this.total = need;
    this.runBuf = null;
  }

  seal(n: number): PackedColumn {
    // A buffer much bigger than its bytes is copied down, so the slack neither crosses nor stays alive.
    let data = this.data.subarray(0, this.total);
    if (this.total < this.data.length * 0.75) {
      data = allocBytes(this.total, this.shared);
      data.set(this.data.subarray(0, this.total));
    }
    return { data, starts: this.starts.subarray(0, n), ends: this.ends.subarray(0, n), valid: this.nulls === 0 ? null : this.valid.subarray(0, n) };
  }
}

const utf8 = new TextEncoder();

/**
 * Spark's `headers` of one record: its [key, value] pairs, or null when it has none
 * (KafkaRecordToRowConverter.toInternalRowWithHeaders). kafkajs folds headers into an object, so
 * repeated keys come out grouped by key rather than interleaved as they were written. Values are
 * copied into buffers of their own, so that a slice never keeps (or clones) a whole fetch response.
 */
export function headerList(m: KafkaMessage): (readonly [string, Uint8Array | null])[] | null {
  const h = m.headers;
  if (h === undefined) return null;
  const list: (readonly [string, Uint8Array | null])[] = [];
  for (const k of Object.keys(h)) {
    const v = h[k];
    for (const x of Array.isArray(v) ? v : [v]) list.push([k, x === undefined ? null : typeof x === "string" ? utf8.encode(x) : new Uint8Array(x)]);
  }
  return list.length === 0 ? null : list;
}

/**
 * Spark's `timestampType` column is Kafka's TimestampType id: 0 CreateTime, 1 LogAppendTime
 * (-1 NoTimestampType for pre-0.10 records). kafkajs keeps it on the record batch it decoded the
 * message from (`batchContext`), which its typings do not declare.
 */
export function timestampTypeOf(m: KafkaMessage): number {
  const t = (m as { batchContext?: { timestampType?: number } }).batchContext?.timestampType;
  return typeof t === "number" ? t : 0;
}

/**
 * Appends kafkajs messages of one partition, in offset order, into columns. `rowCapacity` bounds
 * the rows of one slice (a range [start, end) holds at most end - start records); {@link full}
 * says when a slice must be sealed before the next message (rows or bytes at their limit).
 */
export class KafkaSliceBuilder {
  private n = 0;
  private readonly key: BytesPacker;
  private readonly value: BytesPacker;
  private readonly offsets: BigInt64Array;
  private readonly offsets32: Int32Array;
  private readonly timestamps: BigInt64Array;
  private readonly timestamps32: Int32Array;
  private readonly timestampTypes: Int32Array;
  private readonly headers: ((readonly [string, Uint8Array | null])[] | null)[] | null;
  private lastContext: unknown = undefined;
  private lastType = 0;
  private lastTimestamp: string | null = null;
  private lastMicros = 0;

  constructor(
    readonly topic: string,
    readonly partition: number,
    private readonly rowCapacity: number,
    includeHeaders: boolean,
    initialValueBytes = Math.min(rowCapacity * 64, 1 << 20),
    /**
     * Keys and values (bytes and offsets) in SharedArrayBuffers: a streaming micro-batch's slices
     * then reach `local[N]` workers without a copy (batch-codec sends shared memory as it is),
     * which was the main thread's largest cost per slice (~55 ns a row). Off for the batch read,
     * whose reading thread moves its buffers to the caller instead.
     */
    shared = false,
  ) {
    this.key = new BytesPacker(rowCapacity, Math.min(rowCapacity * 8, 1 << 16), shared);
    this.value = new BytesPacker(rowCapacity, initialValueBytes, shared);
    this.offsets = new BigInt64Array(rowCapacity);
    this.offsets32 = new Int32Array(this.offsets.buffer);
    this.timestamps = new BigInt64Array(rowCapacity);
    this.timestamps32 = new Int32Array(this.timestamps.buffer);
    this.timestampTypes = new Int32Array(rowCapacity);
    this.headers = includeHeaders ? [] : null;
  }

  get numRows(): number {
    return this.n;
  }

  /** True when the slice must be sealed before the next record (rows, or bytes, at their limit). */
  get full(): boolean {
    return this.n >= this.rowCapacity || this.key.over || this.value.over;
  }

  /**
   * Appends one record (the caller checked {@link full} and the offset range). `offset` is the
   * record's offset as a number when the caller has parsed it and it is exact (below 2^53),
   * otherwise NaN.
   */
  append(m: KafkaMessage, offset = Number.NaN): void {
    const i = this.n;
    this.key.add(i, m.key, i, this.rowCapacity);
    this.value.add(i, m.value, i, this.rowCapacity);
    if (offset === offset) setInt64(this.offsets32, i, offset);
    else setOffset(this.offsets, this.offsets32, i, m.offset);
    // Records of one producer batch often share a millisecond: parse each distinct string once.
    const ts = m.timestamp;
    if (ts !== this.lastTimestamp) {
      this.lastTimestamp = ts;
      const ms = +ts;
      this.lastMicros = ms === Math.trunc(ms) && Math.abs(ms) <= MAX_EXACT_MS ? ms * 1000 : Number.NaN;
    }
    if (this.lastMicros === this.lastMicros) setInt64(this.timestamps32, i, this.lastMicros);
    else this.timestamps[i] = BigInt(ts) * 1000n; // wraps like Spark's long arithmetic; throws on a non-number, as before
    const ctx = (m as { batchContext?: unknown }).batchContext;
    if (ctx !== this.lastContext || ctx === undefined) {
      this.lastContext = ctx;
      this.lastType = timestampTypeOf(m);
    }
    this.timestampTypes[i] = this.lastType;
    if (this.headers !== null) this.headers.push(headerList(m));
    this.n = i + 1;
  }

  /** Writes out the open byte runs: call before the fetched batch's buffers are let go. */
  endFetch(): void {
    this.key.flush(this.n, this.rowCapacity);
    this.value.flush(this.n, this.rowCapacity);
  }

  /** The slice so far (the builder must not be used after). */
  seal(): KafkaSlice {
    this.endFetch();
    const n = this.n;
    return {
      topic: this.topic,
      partition: this.partition,
      numRows: n,
      key: this.key.seal(n),
      value: this.value.seal(n),
      offsets: this.offsets.subarray(0, n),
      timestamps: this.timestamps.subarray(0, n),
      timestampTypes: this.timestampTypes.subarray(0, n),
      headers: this.headers,
    };
  }
}

/** The ArrayBuffers of a slice, to move (not copy) it with postMessage. */
export function sliceTransferList(s: KafkaSlice, into: ArrayBuffer[] = []): ArrayBuffer[] {
  const add = (a: ArrayBufferView | null): void => {
    if (a === null || !(a.buffer instanceof ArrayBuffer) || a.buffer.byteLength === 0) return;
    if (!into.includes(a.buffer)) into.push(a.buffer);
  };
  for (const c of [s.key, s.value]) {
    add(c.data);
    add(c.starts);
    add(c.ends);
    add(c.valid);
  }
  add(s.offsets);
  add(s.timestamps);
  add(s.timestampTypes);
  return into;
}

/** The slice as a batch with Spark's Kafka schema (kafkaSchema); keys and values stay packed. */
export function kafkaSliceToBatch(s: KafkaSlice, schema: StructType): Batch {
  const n = s.numRows;
  const [keyT, valueT, topicT, partT, offT, tsT, tstT, headT] = schema.fields.map((f) => f.dataType);
  const columns: Vec[] = [
    packedBinaryVec(keyT!, s.key.data, s.key.starts, s.key.ends, s.key.valid),
    packedBinaryVec(valueT!, s.value.data, s.value.starts, s.value.ends, s.value.valid),
    { type: topicT!, length: n, values: new Array<string>(n).fill(s.topic), valid: null },
    { type: partT!, length: n, values: new Int32Array(n).fill(s.partition), valid: null },
    { type: offT!, length: n, values: s.offsets, valid: null },
    { type: tsT!, length: n, values: s.timestamps, valid: null },
    { type: tstT!, length: n, values: s.timestampTypes, valid: null },
  ];
  if (headT !== undefined) {
    const h = s.headers ?? new Array<null>(n).fill(null);
    let valid: Uint8Array | null = null;
    for (let i = 0; i < n; i++) {
      if (h[i] === null) {
        valid ??= new Uint8Array(n).fill(1);
        valid[i] = 0;
      }
    }
    columns.push({ type: headT, length: n, values: h as unknown[], valid });
  }
  return { schema, columns, numRows: n };
}
