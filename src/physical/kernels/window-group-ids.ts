/**
 * The hot loop of `groupBy(window(ts, …), keys…)`: one pass that assigns each row its windows
 * (Spark's TimeWindowing, as in window-expand.ts) and each (window, keys) pair its dense group id,
 * in an open-addressing table whose slots hold the window number and the first two key lanes, so
 * a probe reads one small table instead of the big input columns. Nothing per row is allocated.
 *
 * Plain version, for reading (the same result as expandWindows, then groupIds on (window, keys)):
 * ```ts
 * for (i) for (k of windowsOf(ts[i])) { const key = `${k}|${keys(i)}`; ids.push(m.get(key) ?? newGroup(key, i, k)); }
 * ```
 * bench `groupby` measures it against a bare typed-array loop doing the same work.
 */
import type { Vec } from "../vector.js";

export interface WindowGrouping {
  /** Output rows: one per (input row, window) pair. */
  readonly numRows: number;
  /** Group id of each output row (empty when the caller asked for none). */
  readonly ids: Int32Array;
  /** Input row of each output row; null when output row i is input row i (one window per row, no null times). */
  readonly rows: Int32Array | null;
  readonly numGroups: number;
  /** Output row (index into `ids`) where each group first appears. */
  readonly firstRow: Int32Array;
  /** Input row where each group first appears. */
  readonly inputRow: Int32Array;
  /** Window number of each group: its start is `number · slide + startTime` microseconds. */
  readonly windowNumber: Float64Array;
  /** Output rows of each group: `count(*)` without a pass over `ids`. */
  readonly rowCount: Float64Array;
}

export interface WindowSpec {
  readonly windowMicros: number;
  readonly slideMicros: number;
  readonly startMicros: number;
}

const TWO32 = 4294967296;
/** High words of the microsecond times that are exact in a double (|t| < 2^53). */
const HI_LIMIT = 1 << 21;
const EMPTY = -1;
const EMPTY_LANE = new Int32Array(0);

/**
 * Groups the rows of `time` by (window, key lanes). `lanes` are the other keys' Int32 lanes
 * (key-lanes.ts), indexed by input row. Rows whose time is null get no window (Spark drops them).
 * Null when some time is beyond ±2^53 µs (after 2255): the plain path handles those exactly.
 */
export function windowGroupIds(time: Vec, spec: WindowSpec, lanes: readonly Int32Array[], wantIds = true): WindowGrouping | null {
  const { windowMicros, slideMicros, startMicros } = spec;
  const n = time.length;
  const ts = time.values as BigInt64Array;
  const words = new Int32Array(ts.buffer, ts.byteOffset, n * 2);
  const valid = time.valid;
  const perRow = Math.ceil(windowMicros / slideMicros);
  const L = lanes.length;
  const lane0 = L > 0 ? lanes[0]! : EMPTY_LANE;
  const lane1 = L > 1 ? lanes[1]! : EMPTY_LANE;
  // Without `wantIds` (every aggregate is count(*), read from rowCount) `ids` stays empty.
  const ids = new Int32Array(wantIds ? n * perRow : 0);
  let rows = new Int32Array(perRow > 1 ? n * perRow : 0);
  // The table, in locals for the hot loop: 32-byte slots [group, k0, k1, rows, window (double)]
  // in one buffer, so a probe (and the row count) touches one cache line and never the (large)
  // input columns.
  let capacity = 2048;
  let mask = capacity - 1;
  let slotInts = new Int32Array(capacity * 8).fill(EMPTY);
  let slotWindows = new Float64Array(slotInts.buffer);
  // Per group: the output row where it first appeared, and its window number.
  let firstRow = new Int32Array(1024);
  let inputRow = new Int32Array(1024);
  let windowOf = new Float64Array(1024);
  let size = 0;
  let m = 0;
  // Input row i is output row i until a row gets no window or several: `rows` is only written
  // from then on (filled up to that point when it happens), so a tumbling window skips the gather.
  let rowsWritten = perRow > 1;
  // Event times mostly arrive in order, so consecutive rows usually share their last window:
  // [cachedLo, cachedHi) is the last window's first slide, and its number is reused without a
  // division.
  let cachedLo = 1;
  let cachedHi = 0;
  let cachedQ = 0;
  for (let i = 0; i < n; i++) {
    if (valid !== null && valid[i] === 0) continue;
    const hiWord = words[2 * i + 1]!;
    // Beyond ±2^53 µs a double is not exact: leave the whole column to the exact path.
    if (hiWord >= HI_LIMIT || hiWord < -HI_LIMIT) return null;
    const t = hiWord * TWO32 + (words[2 * i]! >>> 0);
    let q = cachedQ;
    if (!(t >= cachedLo && t < cachedHi)) {
      // The last window starting at or before t (see expandWindows for the checks).
      q = Math.floor((t - startMicros) / slideMicros);
      if (q * slideMicros + startMicros > t) q--;
      else if ((q + 1) * slideMicros + startMicros <= t) q++;
      cachedQ = q; cachedLo = q * slideMicros + startMicros; cachedHi = cachedLo + slideMicros;
    }
    const k0 = L > 0 ? lane0[i]! : 0;
    const k1 = L > 1 ? lane1[i]! : 0;
    const rest = L > 2 ? restHash(lanes, i) : 0;
    for (let k = 0; k < perRow; k++) {
      const w = q - k;
      if (perRow > 1) {
        const start = w * slideMicros + startMicros;
        if (!(start <= t && t < start + windowMicros)) continue;
      }
      // Only the window number's low 32 bits are hashed; equality compares the whole number.
      let slot = slotHash(w, k0, k1, rest) & mask;
      let g: number;
      for (;;) {
        const at = slot << 3;
        g = slotInts[at]!;
        if (g === EMPTY) {
          g = size++;
          if (g === firstRow.length) { firstRow = grownInt(firstRow); inputRow = grownInt(inputRow); windowOf = grownFloat(windowOf); }
          firstRow[g] = m; inputRow[g] = i; windowOf[g] = w;
          slotInts[at] = g; slotInts[at + 1] = k0; slotInts[at + 2] = k1; slotInts[at + 3] = 1; slotWindows[(slot << 2) + 2] = w;
          if (size * 2 > capacity) {
            capacity *= 2; mask = capacity - 1;
            slotInts = rehash(slotInts, capacity, lanes, inputRow);
            slotWindows = new Float64Array(slotInts.buffer);
          }
          break;
        }
        if (slotWindows[(slot << 2) + 2] === w && slotInts[at + 1] === k0 && slotInts[at + 2] === k1 && (L <= 2 || restEqual(lanes, inputRow[g]!, i))) {
          slotInts[at + 3]!++;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (!rowsWritten && m !== i) {
        rows = new Int32Array(n * perRow);
        for (let j = 0; j < m; j++) rows[j] = j;
        rowsWritten = true;
      }
      if (rowsWritten) rows[m] = i;
      if (wantIds) ids[m] = g;
      m++;
    }
  }
  return {
    numRows: m,
    ids: ids.subarray(0, wantIds ? m : 0),
    rows: rowsWritten ? rows.subarray(0, m) : null,
    numGroups: size,
    firstRow: firstRow.slice(0, size),
    inputRow: inputRow.slice(0, size),
    windowNumber: windowOf.slice(0, size),
    rowCount: rowCounts(slotInts, size),
  };
}

/** Row hash of a window number and key lanes (the same for the loop and the rehash). */
function slotHash(w: number, k0: number, k1: number, rest: number): number {
  let h = Math.imul(w | 0, 0x9e3779b1) ^ Math.imul(k0, 0x85ebca6b) ^ Math.imul(k1 ^ (k1 >>> 16), 0xc2b2ae35) ^ rest;
  h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
  return h;
}

/** A table of `capacity` slots holding the entries of `old`, each re-placed by its hash. */
function rehash(old: Int32Array, capacity: number, lanes: readonly Int32Array[], inputRow: Int32Array): Int32Array<ArrayBuffer> {
  const ints = new Int32Array(capacity * 8).fill(EMPTY);
  const windows = new Float64Array(ints.buffer);
  const oldWindows = new Float64Array(old.buffer);
  const mask = capacity - 1;
  for (let s = 0; s < old.length >> 3; s++) {
    const g = old[s << 3]!;
    if (g === EMPTY) continue;
    const w = oldWindows[(s << 2) + 2]!;
    const k0 = old[(s << 3) + 1]!;
    const k1 = old[(s << 3) + 2]!;
    let to = slotHash(w, k0, k1, lanes.length > 2 ? restHash(lanes, inputRow[g]!) : 0) & mask;
    while (ints[to << 3] !== EMPTY) to = (to + 1) & mask;
    ints[to << 3] = g; ints[(to << 3) + 1] = k0; ints[(to << 3) + 2] = k1; ints[(to << 3) + 3] = old[(s << 3) + 3]!; windows[(to << 2) + 2] = w;
  }
  return ints;
}

/** Each group's row count, read from the table's slots. */
function rowCounts(slotInts: Int32Array, numGroups: number): Float64Array {
  const out = new Float64Array(numGroups);
  for (let at = 0; at < slotInts.length; at += 8) {
    const g = slotInts[at]!;
    if (g !== EMPTY) out[g] = slotInts[at + 3]!;
  }
  return out;
}

/** Lanes beyond the first two, mixed (0 when there are none). */
function restHash(lanes: readonly Int32Array[], i: number): number {
  let h = 0;
  for (let l = 2; l < lanes.length; l++) h = Math.imul(h ^ lanes[l]![i]!, 0x27d4eb2f);
  return h;
}

function restEqual(lanes: readonly Int32Array[], r: number, i: number): boolean {
  for (let l = 2; l < lanes.length; l++) if (lanes[l]![r] !== lanes[l]![i]) return false;
  return true;
}

function grownInt(a: Int32Array): Int32Array<ArrayBuffer> { const b = new Int32Array(a.length * 2); b.set(a); return b; }
function grownFloat(a: Float64Array): Float64Array<ArrayBuffer> { const b = new Float64Array(a.length * 2); b.set(a); return b; }
