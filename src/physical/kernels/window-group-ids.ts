/**
 * The hot loop of `groupBy(window(ts, …), keys…)`: one pass that assigns each row its windows
 * (Spark's TimeWindowing, as in window-expand.ts) and each (window, keys) pair its dense group id,
 * in an open-addressing table whose slots hold the window number's low word and the first two key
 * lanes, so a probe reads one small table instead of the big input columns. Nothing per row is
 * allocated. The slot's group is confirmed on the whole window number kept per group, and each
 * group's row count lives beside it, so `count(*)` needs no ids.
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
/** High words of the microsecond times that are exact in a double (|t| < 2^53): hi + 2^21 in [0, 2^22). */
const HI_BIAS = 1 << 21;
const EMPTY_LANE = new Int32Array(0);

/**
 * Groups the rows of `time` by (window, key lanes). `lanes` are the other keys' Int32 lanes
 * (key-lanes.ts), indexed by input row. Rows whose time is null get no window (Spark drops them).
 * Null when some time is beyond ±2^53 µs (after 2255): the plain path handles those exactly.
 */
export function windowGroupIds(time: Vec, spec: WindowSpec, lanes: readonly Int32Array[], wantIds = true): WindowGrouping | null {
  const n = time.length;
  const ts = time.values as BigInt64Array;
  // Each time read through an Int32 view as hi·2^32 + lo: no BigInt per row.
  const words = new Int32Array(ts.buffer, ts.byteOffset, n * 2);
  // Spark refuses a slide longer than the window (functions.ts), so perRow 1 is a tumbling window.
  const perRow = Math.ceil(spec.windowMicros / spec.slideMicros);
  // Without `wantIds` (every aggregate is count(*), read from rowCount) `ids` stays empty.
  const ids = new Int32Array(wantIds ? n * perRow : 0);
  // Output row i is input row i unless a row gets no window (a null time) or several: only then
  // is there a `rows` gather, so a tumbling window without nulls skips it.
  const rows = perRow > 1 || hasNull(time.valid, n) ? new Int32Array(n * perRow) : null;
  const table = new WindowTable(lanes);
  const L = lanes.length;
  const m = assignGroups(words, time.valid, n, spec.windowMicros, spec.slideMicros, spec.startMicros, perRow,
    lanes, L, L > 0 ? lanes[0]! : EMPTY_LANE, L > 1 ? lanes[1]! : EMPTY_LANE, table, wantIds, ids, rows);
  if (m < 0) return null;
  const size = table.size;
  return {
    numRows: m,
    ids: ids.subarray(0, wantIds ? m : 0),
    rows: rows === null ? null : rows.subarray(0, m),
    numGroups: size,
    firstRow: table.firstRow.slice(0, size),
    inputRow: table.inputRow.slice(0, size),
    windowNumber: table.windowOf.slice(0, size),
    rowCount: table.rowCounts(),
  };
}

/**
 * The loop: adds every (row, window) pair to `table`, writing its group to `ids` (when
 * `wantIds`) and its input row to `rows` (when not null). Returns the number of pairs, or -1
 * when a time is beyond ±2^53 µs. `lane0`/`lane1` are the first two of the `L` `lanes` (or empty).
 *
 * Kept apart from the result's assembly, and reading no property before the loop, for V8: a
 * function called once per batch runs its first statements before it has type feedback, and
 * an optimised version then deoptimises on them at its next call (seen with --trace-deopt), so
 * each call ran slow until the loop was re-optimised mid-way. Scalars arrive as arguments.
 */
function assignGroups(words: Int32Array, valid: Uint8Array | null, n: number, windowMicros: number, slideMicros: number, startMicros: number,
  perRow: number, lanes: readonly Int32Array[], L: number, lane0: Int32Array, lane1: Int32Array, table: WindowTable, wantIds: boolean,
  ids: Int32Array, rows: Int32Array | null): number {
  let m = 0;
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
    if ((hiWord + HI_BIAS) >>> 22 !== 0) return -1;
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
    if (perRow === 1) {
      // Tumbling: one window and no inner loop (a one-pass inner loop here cost ~30% of the kernel).
      const g = table.add(q, k0, k1, rest, i, m);
      if (wantIds) ids[m] = g;
      if (rows !== null) rows[m] = i;
      m++;
      continue;
    }
    for (let k = 0; k < perRow; k++) {
      const w = q - k;
      const start = w * slideMicros + startMicros;
      if (!(start <= t && t < start + windowMicros)) continue;
      const g = table.add(w, k0, k1, rest, i, m);
      if (wantIds) ids[m] = g;
      rows![m] = i;
      m++;
    }
  }
  return m;
}

function hasNull(valid: Uint8Array | null, n: number): boolean {
  if (valid === null) return false;
  for (let i = 0; i < n; i++) if (valid[i] === 0) return true;
  return false;
}

/**
 * The groups: an open-addressing table kept at most half full, with 16-byte slots
 * [group + 1 (0: empty), window number's low 32 bits, k0, k1], so a probe touches one cache line
 * and never the (large) input columns. The whole window number and the row count live per group
 * (groups are numbered as they appear, and event times mostly arrive in order, so the groups a
 * stretch of rows touches sit side by side there). A method rather than inline code, so the
 * tumbling and sliding loops share it (V8 inlines it).
 */
class WindowTable {
  ints = new Int32Array(2048 * 4);
  mask = 2047;
  size = 0;
  /** Per group: the output row where it first appeared, its input row, its window number and its output rows. */
  firstRow = new Int32Array(1024);
  inputRow = new Int32Array(1024);
  windowOf = new Float64Array(1024);
  counts = new Int32Array(1024);
  private readonly wide: boolean;

  constructor(private readonly lanes: readonly Int32Array[]) {
    this.wide = lanes.length > 2;
  }

  /** The group of (window w, key lanes of input row i), counting output row m in it. */
  add(w: number, k0: number, k1: number, rest: number, i: number, m: number): number {
    const ints = this.ints;
    const mask = this.mask;
    // Only the window number's low 32 bits are hashed and kept in the slot; a match is
    // confirmed on the whole number (they differ only for windows beyond ±2^31 slides).
    const wLo = w | 0;
    let slot = slotHash(wLo, k0, k1, rest) & mask;
    for (;;) {
      const at = slot << 2;
      const g1 = ints[at]!;
      if (g1 === 0) return this.insert(at, w, k0, k1, i, m);
      if (ints[at + 1] === wLo && ints[at + 2] === k0 && ints[at + 3] === k1) {
        const g = g1 - 1;
        if (this.windowOf[g] === w && (!this.wide || restEqual(this.lanes, this.inputRow[g]!, i))) {
          this.counts[g]!++;
          return g;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  private insert(at: number, w: number, k0: number, k1: number, i: number, m: number): number {
    const g = this.size++;
    if (g === this.firstRow.length) {
      this.firstRow = grownInt(this.firstRow); this.inputRow = grownInt(this.inputRow);
      this.windowOf = grownFloat(this.windowOf); this.counts = grownInt(this.counts);
    }
    this.firstRow[g] = m; this.inputRow[g] = i; this.windowOf[g] = w; this.counts[g] = 1;
    const ints = this.ints;
    ints[at] = g + 1; ints[at + 1] = w | 0; ints[at + 2] = k0; ints[at + 3] = k1;
    if (this.size * 2 > this.mask + 1) this.grow();
    return g;
  }

  /** Twice the slots, each entry re-placed by its hash. */
  private grow(): void {
    const old = this.ints;
    const mask = (this.mask + 1) * 2 - 1;
    const ints = new Int32Array((mask + 1) * 4);
    const wide = this.wide;
    for (let at = 0; at < old.length; at += 4) {
      const g1 = old[at]!;
      if (g1 === 0) continue;
      const wLo = old[at + 1]!;
      const k0 = old[at + 2]!;
      const k1 = old[at + 3]!;
      let to = slotHash(wLo, k0, k1, wide ? restHash(this.lanes, this.inputRow[g1 - 1]!) : 0) & mask;
      while (ints[to << 2] !== 0) to = (to + 1) & mask;
      const t = to << 2;
      ints[t] = g1; ints[t + 1] = wLo; ints[t + 2] = k0; ints[t + 3] = k1;
    }
    this.ints = ints; this.mask = mask;
  }

  /** Each group's row count. */
  rowCounts(): Float64Array {
    return Float64Array.from(this.counts.subarray(0, this.size));
  }
}

/** Row hash of a window number's low 32 bits and key lanes (the same for the loop and the rehash). */
function slotHash(wLo: number, k0: number, k1: number, rest: number): number {
  let h = Math.imul(wLo, 0x9e3779b1) ^ Math.imul(k0, 0x85ebca6b) ^ Math.imul(k1 ^ (k1 >>> 16), 0xc2b2ae35) ^ rest;
  h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
  return h;
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
