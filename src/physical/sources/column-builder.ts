/**
 * Growable columns that readers append parsed values to: fixed-width types go straight into a
 * typed array (no per-value objects), everything else into a JS array. `finish()` hands back a
 * {@link Vec} over the filled prefix.
 *
 * ```ts
 * const b = new ColumnBuilder(IntegerType(), 1024);
 * b.appendNumber(7); b.appendNull();
 * b.finish(); // Vec of [7, null]
 * ```
 */
import type { DataType } from "../../types/data-types.js";
import { allocPrimitive, isPrimitiveType, type PrimitiveArray, type Vec } from "../vector.js";

const TWO32 = 4294967296;

/** One column under construction. */
export class ColumnBuilder {
  readonly type: DataType;
  length = 0;
  private values: PrimitiveArray | unknown[];
  /** 64-bit columns are also seen as int32 pairs, so safe integers are stored without BigInt. */
  private words: Int32Array | null = null;
  private valid: Uint8Array | null = null;
  private readonly primitive: boolean;

  constructor(type: DataType, capacity = 1024) {
    this.type = type;
    this.primitive = isPrimitiveType(type);
    this.values = this.primitive ? allocPrimitive(type, Math.max(16, capacity)) : [];
    this.bindWords();
  }

  private bindWords(): void {
    this.words = this.values instanceof BigInt64Array ? new Int32Array(this.values.buffer, this.values.byteOffset, this.values.length * 2) : null;
  }

  private grow(): void {
    if (!this.primitive) return;
    const old = this.values as PrimitiveArray;
    if (this.length < old.length) return;
    const next = allocPrimitive(this.type, old.length * 2);
    (next as Int32Array).set(old as Int32Array);
    this.values = next;
    this.bindWords();
    if (this.valid !== null) { const v = new Uint8Array(next.length).fill(1); v.set(this.valid); this.valid = v; }
  }

  /** Appends a null. */
  appendNull(): void {
    this.grow();
    if (this.valid === null) {
      const cap = this.primitive ? (this.values as PrimitiveArray).length : Math.max(16, this.length * 2);
      this.valid = new Uint8Array(cap).fill(1);
    } else if (this.valid.length <= this.length) {
      const v = new Uint8Array(Math.max(16, this.valid.length * 2)).fill(1); v.set(this.valid); this.valid = v;
    }
    this.valid[this.length] = 0;
    if (!this.primitive) (this.values as unknown[]).push(null);
    this.length++;
  }

  /** Appends a number to a byte/short/int/date/float/double/boolean (0/1) column. */
  appendNumber(x: number): void {
    this.grow();
    (this.values as Float64Array)[this.length++] = x;
  }

  /** Appends a safe integer to a long/timestamp column without making a BigInt. */
  appendSafeLong(x: number): void {
    if (!Number.isSafeInteger(x)) { this.appendBigInt(BigInt(x)); return; }
    this.grow();
    const w = this.words!;
    const i = this.length++ * 2;
    const hi = Math.floor(x / TWO32);
    w[i] = x - hi * TWO32;
    w[i + 1] = hi;
  }

  /** Drops values appended after the first `n` (a row that turned out malformed). */
  truncate(n: number): void {
    if (n >= this.length) return;
    if (this.valid !== null) this.valid.fill(1, n, Math.min(this.length, this.valid.length));
    if (!this.primitive) (this.values as unknown[]).length = n;
    this.length = n;
  }

  /** Appends a bigint to a long/timestamp column. */
  appendBigInt(x: bigint): void {
    this.grow();
    (this.values as BigInt64Array)[this.length++] = x;
  }

  /** Appends any physical value (the generic path). */
  append(x: unknown): void {
    if (x === null || x === undefined) { this.appendNull(); return; }
    if (!this.primitive) { (this.values as unknown[]).push(x); this.length++; return; }
    if (this.values instanceof BigInt64Array) this.appendBigInt(typeof x === "bigint" ? x : BigInt(x as number));
    else this.appendNumber(typeof x === "boolean" ? (x ? 1 : 0) : Number(x));
  }

  /** The column over the values appended so far. */
  finish(): Vec {
    const n = this.length;
    const values = this.primitive ? (this.values as PrimitiveArray).slice(0, n) : (this.values as unknown[]);
    let valid: Uint8Array | null = null;
    if (this.valid !== null) {
      valid = this.valid.length === n ? this.valid : this.valid.slice(0, n);
      if (valid.length < n) { const v = new Uint8Array(n).fill(1); v.set(valid); valid = v; }
    }
    return { type: this.type, length: n, values, valid };
  }
}
