/**
 * The group-by ceiling: `groupBy(window(ts, "1 minute"), key).count()` over typed arrays, two ways.
 *
 * - {@link hashGroupCount}: an open-addressing hash table on (tumbling window number, key) held in
 *   typed arrays. It knows nothing of the key ranges: the honest ceiling for an engine's hash
 *   aggregate.
 * - {@link denseGroupCount}: one pass for the ranges, then a dense array indexed by
 *   (window − min) × keys + key: the ceiling when the ranges are small and known to be.
 *
 * Both return (groups, total, sum of squared counts): check numbers PySpark computes too.
 *
 * Plain version, for reading:
 * ```ts
 * const m = new Map<string, number>();
 * for (i) { const g = `${Math.floor(ts[i] / w)}|${key[i]}`; m.set(g, (m.get(g) ?? 0) + 1); }
 * ```
 */

export interface GroupDigest {
  readonly groups: number;
  readonly total: number;
  readonly sumSquares: number;
}

const EMPTY = -2147483648;

export function hashGroupCount(ts: Float64Array, key: Int32Array, windowMs: number): GroupDigest {
  let capacity = 1 << 12;
  let mask = capacity - 1;
  let winOf = new Int32Array(capacity).fill(EMPTY);
  let keyOf = new Int32Array(capacity);
  let count = new Float64Array(capacity);
  let size = 0;
  const n = ts.length;
  for (let i = 0; i < n; i++) {
    const w = Math.floor((ts[i] as number) / windowMs) | 0; // minutes since 1970 fit in Int32 until year 6053
    const k = key[i] as number;
    let h = Math.imul(w ^ Math.imul(k, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const sw = winOf[slot] as number;
      if (sw === w && keyOf[slot] === k) {
        count[slot] = (count[slot] as number) + 1;
        break;
      }
      if (sw === EMPTY) {
        winOf[slot] = w;
        keyOf[slot] = k;
        count[slot] = 1;
        size++;
        if (size * 2 > capacity) {
          // Rehash into twice the room (kept at most half full).
          const oldW = winOf;
          const oldK = keyOf;
          const oldC = count;
          capacity *= 2;
          mask = capacity - 1;
          winOf = new Int32Array(capacity).fill(EMPTY);
          keyOf = new Int32Array(capacity);
          count = new Float64Array(capacity);
          for (let j = 0; j < oldW.length; j++) {
            const ow = oldW[j] as number;
            if (ow === EMPTY) continue;
            const ok = oldK[j] as number;
            let hh = Math.imul(ow ^ Math.imul(ok, 0x9e3779b1), 0x85ebca6b);
            hh ^= hh >>> 15;
            let s = hh & mask;
            while (winOf[s] !== EMPTY) s = (s + 1) & mask;
            winOf[s] = ow;
            keyOf[s] = ok;
            count[s] = oldC[j] as number;
          }
        }
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  let total = 0;
  let sumSquares = 0;
  for (let j = 0; j < capacity; j++) {
    const c = count[j] as number;
    total += c;
    sumSquares += c * c;
  }
  return { groups: size, total, sumSquares };
}

export function denseGroupCount(ts: Float64Array, key: Int32Array, windowMs: number): GroupDigest {
  const n = ts.length;
  if (n === 0) return { groups: 0, total: 0, sumSquares: 0 };
  let minW = Infinity;
  let maxW = -Infinity;
  let minK = 2147483647;
  let maxK = -2147483648;
  for (let i = 0; i < n; i++) {
    const w = Math.floor((ts[i] as number) / windowMs);
    if (w < minW) minW = w;
    if (w > maxW) maxW = w;
    const k = key[i] as number;
    if (k < minK) minK = k;
    if (k > maxK) maxK = k;
  }
  const keys = maxK - minK + 1;
  const cells = (maxW - minW + 1) * keys;
  if (cells > 1 << 27) throw new RangeError(`dense group-by needs ${cells} cells: ranges too wide for this kernel`);
  const count = new Float64Array(cells);
  for (let i = 0; i < n; i++) {
    const cell = (Math.floor((ts[i] as number) / windowMs) - minW) * keys + ((key[i] as number) - minK);
    count[cell] = (count[cell] as number) + 1;
  }
  let groups = 0;
  let total = 0;
  let sumSquares = 0;
  for (let j = 0; j < cells; j++) {
    const c = count[j] as number;
    if (c === 0) continue;
    groups++;
    total += c;
    sumSquares += c * c;
  }
  return { groups, total, sumSquares };
}
