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
  /** Window start (microseconds) of each output row. */
  readonly starts: Float64Array;
}

/** Assigns windows to the timestamps in `time` (a timestamp vector). */
export function expandWindows(time: Vec, windowMicros: number, slideMicros: number, startMicros: number): WindowAssignment {
  const n = time.length;
  const ts = time.values as BigInt64Array;
  const perRow = Math.ceil(windowMicros / slideMicros);
  const rows: number[] = [];
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    if (time.valid !== null && time.valid[i] === 0) continue;
    // Timestamps up to year ~2255 are below 2^53 microseconds, exact in a double.
    const t = Number(ts[i]!);
    const rem = (((t - startMicros) % slideMicros) + slideMicros) % slideMicros;
    const lastStart = t - rem;
    for (let k = 0; k < perRow; k++) {
      const start = lastStart - k * slideMicros;
      if (start <= t && t < start + windowMicros) { rows.push(i); starts.push(start); }
    }
  }
  return { rows: Int32Array.from(rows), starts: Float64Array.from(starts) };
}
