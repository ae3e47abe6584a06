/**
 * Spark's HyperLogLog++ sketch (sql/catalyst/.../util/HyperLogLogPlusPlusHelper.scala), the state
 * of approx_count_distinct: precision p from the relative standard deviation, one register per
 * 2^p buckets holding the longest run of leading zeros seen, merged by maximum, and Spark's exact
 * estimate: linear counting below the per-precision threshold, else the raw estimate corrected by
 * the mean bias of its 6 nearest interpolation points, rounded with Java's Math.round.
 *
 * Registers are one byte each here (Spark packs 10 per long; the values are the same).
 *
 * ```ts
 * const h = new HyperLogLogPlusPlus(0.05);
 * h.add(xxHash64Value(7, IntegerType(), 42n));
 * h.query(); // 1n
 * ```
 */
import { ExecutionError } from "../../common/errors.js";
import { BIAS_DATA, RAW_ESTIMATE_DATA, THRESHOLDS } from "./hll-tables.js";

const K = 6;

/** The precision Spark derives from a relative standard deviation. */
export function hllPrecision(relativeSD: number): number {
  return Math.ceil((2.0 * Math.log(1.106 / relativeSD)) / Math.log(2.0));
}

/** Register storage: bytes in batch kernels, a plain array where state is checkpointed as JSON. */
export type HllRegisters = Uint8Array | number[];

export class HyperLogLogPlusPlus {
  readonly p: number;
  readonly m: number;
  readonly registers: HllRegisters;
  private readonly alphaM2: number;
  private readonly wPadding: number;

  /** `registers`, when given, is used in place (length 2^p) so callers can keep the state. */
  constructor(relativeSD: number, registers?: HllRegisters) {
    const p = hllPrecision(relativeSD);
    if (!(p >= 4)) {
      throw new ExecutionError(`HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39% (got relativeSD ${relativeSD}).`, {
        hint: "Pass an rsd of at most 0.39 to approx_count_distinct.",
      });
    }
    this.p = p;
    this.m = 1 << p;
    this.registers = registers ?? new Uint8Array(this.m);
    const m = this.m;
    this.alphaM2 = p === 4 ? 0.673 * m * m : p === 5 ? 0.697 * m * m : p === 6 ? 0.709 * m * m : (0.7213 / (1.0 + 1.079 / m)) * m * m;
    this.wPadding = 1 << (p - 1);
  }

  /** Adds one 64-bit hash (an unsigned bigint from xxHash64). */
  add(x: bigint): void {
    this.addHalves(Number(x >> 32n), Number(x & 0xffffffffn));
  }

  /**
   * Adds one 64-bit hash given as its unsigned high and low 32 bits: the register is the top p
   * bits, its value the leading zeros of the rest (padded with a 1 at bit p - 1) plus one.
   */
  addHalves(hi: number, lo: number): void {
    const p = this.p;
    const idx = hi >>> (32 - p);
    const wh = ((hi << p) | (lo >>> (32 - p))) >>> 0;
    const wl = ((lo << p) | this.wPadding) >>> 0;
    const pw = (wh !== 0 ? Math.clz32(wh) : 32 + Math.clz32(wl)) + 1;
    if (pw > this.registers[idx]!) this.registers[idx] = pw;
  }

  /** Takes the register-wise maximum with another sketch of the same precision. */
  merge(other: HyperLogLogPlusPlus): void {
    const a = this.registers; const b = other.registers;
    for (let i = 0; i < a.length; i++) if (b[i]! > a[i]!) a[i] = b[i]!;
  }

  /** Spark's estimate of the number of distinct values added. */
  query(): bigint {
    let zInverse = 0.0;
    let V = 0.0;
    const m = this.m;
    for (let i = 0; i < m; i++) {
      const r = this.registers[i]!;
      zInverse += 1.0 / 2 ** r;
      if (r === 0) V += 1.0;
    }
    const E = this.alphaM2 / zInverse;
    const corrected = (): number => (this.p < 19 && E < 5.0 * m ? E - this.estimateBias(E) : E);
    let estimate: number;
    if (V > 0) {
      const H = m * Math.log(m / V);
      estimate = (this.p < 19 && H <= THRESHOLDS[this.p - 4]!) || E <= 2.5 * m ? H : corrected();
    } else {
      estimate = corrected();
    }
    return BigInt(javaRound(estimate));
  }

  private estimateBias(e: number): number {
    const estimates = RAW_ESTIMATE_DATA[this.p - 4]!;
    const n = estimates.length;
    const found = javaBinarySearch(estimates, e);
    const nearest = found < 0 ? -(found + 1) : found;
    const distance = (i: number): number => { const d = e - estimates[i]!; return d * d; };
    let low = Math.max(nearest - K + 1, 0);
    let high = Math.min(low + K, n);
    while (high < n && distance(high) < distance(low)) { low++; high++; }
    const biases = BIAS_DATA[this.p - 4]!;
    let sum = 0.0;
    for (let i = low; i < high; i++) sum += biases[i]!;
    return sum / (high - low);
  }
}

/** java.util.Arrays.binarySearch(double[], key): the tables are not strictly sorted, so the exact probe order matters. */
function javaBinarySearch(a: readonly number[], key: number): number {
  let low = 0;
  let high = a.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const v = a[mid]!;
    if (v < key) low = mid + 1;
    else if (v > key) high = mid - 1;
    else return mid; // no NaN or -0.0 in the tables, so equal values are equal bits
  }
  return -(low + 1);
}

/** Java's Math.round(double): the closest long, ties toward positive infinity (as JS Math.round). */
function javaRound(x: number): number {
  return Number.isNaN(x) ? 0 : Math.round(x);
}
