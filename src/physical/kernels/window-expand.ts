/**
 * Event-time window assignment (Spark's TimeWindowing rule, sql/catalyst/.../analysis/
 * ResolveTimeWindows.scala): each row gets every window [start, end) containing its timestamp,
 * where starts are aligned to the epoch plus `startTime` in steps of `slide`. Rows whose time is
 * null get no window (Spark filters them out). For each row, windows are emitted latest start
 * first, as Spark's Expand does.
 *
 * ```ts
 * expandWindows(ts, 600e6, 300e6, 0); // rows and window starts for 10-minute windows every 5
 * ```
 */
import type { Vec } from "../vector.js";

export interface WindowAssignment {
  /** Input row of each output row. */
  readonly rows: Int32Array;
  /** Window number of each output row: its start is `number · slide + startTime` microseconds. */
  readonly numbers: Float64Array;
  /** Exact window starts, set instead of `numbers` when some time is beyond ±2^53 µs. */
  readonly exactStarts?: BigInt64Array;
  /** True when output row i is input row i (one window per row, no null times): no gather needed. */
  readonly identity: boolean;
}

const TWO32 = 4294967296;
/** High words of the microsecond times that are exact in a double (|t| < 2^53, years 1685–2255). */
const HI_LIMIT = 1 << 21;

/**
 * True when every non-null time of `words` (a timestamp column's Int32 view) is within ±2^53 µs,
 * so the double arithmetic below is exact.
 */
export function timesFitDouble(words: Int32Array, valid: Uint8Array | null, n: number): boolean {
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]!;
    if ((hi >= HI_LIMIT || hi < -HI_LIMIT) && (valid === null || valid[i] === 1)) return false;
  }
  return true;
}

/** Assigns windows to the timestamps in `time` (a timestamp vector). */
export function expandWindows(time: Vec, windowMicros: number, slideMicros: number, startMicros: number): WindowAssignment {
  const n = time.length;
  const ts = time.values as BigInt64Array;
  // Read each timestamp through an Int32 view (hi·2^32 + lo): no BigInt per row.
  const words = new Int32Array(ts.buffer, ts.byteOffset, n * 2);
  const valid = time.valid;
  if (!timesFitDouble(words, valid, n)) return expandWindowsExact(time, windowMicros, slideMicros, startMicros);
  const perRow = Math.ceil(windowMicros / slideMicros);
  const rows = new Int32Array(n * perRow);
  const numbers = new Float64Array(n * perRow);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const t = words[2 * i + 1]! * TWO32 + (words[2 * i]! >>> 0);
    // The last window starting at or before t: floor((t − startTime) / slide). The division can
    // round up across an integer near 2^53, so the quotient is checked against t both ways.
    let q = Math.floor((t - startMicros) / slideMicros);
    if (q * slideMicros + startMicros > t) q--;
    else if ((q + 1) * slideMicros + startMicros <= t) q++;
    for (let k = 0; k < perRow; k++) {
      const start = (q - k) * slideMicros + startMicros;
      if (start <= t && t < start + windowMicros) { rows[m] = i; numbers[m] = q - k; m++; }
    }
  }
  return { rows: rows.subarray(0, m), numbers: numbers.subarray(0, m), identity: m === n && (perRow === 1 || n === 0) };
}

/** The same assignment in BigInt arithmetic, for times a double cannot hold exactly. */
function expandWindowsExact(time: Vec, windowMicros: number, slideMicros: number, startMicros: number): WindowAssignment {
  const ts = time.values as BigInt64Array;
  const [w, s, o] = [BigInt(windowMicros), BigInt(slideMicros), BigInt(startMicros)];
  const perRow = Math.ceil(windowMicros / slideMicros);
  const rows: number[] = [];
  const starts: bigint[] = [];
  for (let i = 0; i < time.length; i++) {
    if (time.valid !== null && time.valid[i] === 0) continue;
    const t = ts[i]!;
    const rem = (((t - o) % s) + s) % s;
    for (let k = 0; k < perRow; k++) {
      const start = t - rem - BigInt(k) * s;
      if (start <= t && t < start + w) { rows.push(i); starts.push(start); }
    }
  }
  const exactStarts = BigInt64Array.from(starts);
  return { rows: Int32Array.from(rows), numbers: Float64Array.from(exactStarts, (x) => Number((x - o) / s)), exactStarts, identity: false };
}

/** The `window` struct value [start, end] (microseconds as bigint) of window number `k`. */
export function windowValue(k: number, windowMicros: number, slideMicros: number, startMicros: number): [bigint, bigint] {
  // In doubles while every step is a safe integer (a rounded step would leave the safe range, as
  // rounding is monotone): two BigInts made instead of five.
  const product = k * slideMicros;
  const startD = product + startMicros;
  const endD = startD + windowMicros;
  if (Number.isSafeInteger(product) && Number.isSafeInteger(startD) && Number.isSafeInteger(endD)) return [BigInt(startD), BigInt(endD)];
  const s = BigInt(k) * BigInt(slideMicros) + BigInt(startMicros);
  return [s, s + BigInt(windowMicros)];
}
