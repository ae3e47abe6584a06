/**
 * The aggregate ceiling: a sliding-window count per key over typed arrays, as
 * `groupBy(window(pickup, "10 minutes", "5 minutes"), VendorID).count()` computes it.
 *
 * With a window a whole multiple of the slide, a time t lies in exactly window/slide windows: the
 * ones starting at floor(t / slide) * slide - k * slide for k = 0 … window/slide - 1 (Spark's
 * TimeWindowing rule: https://github.com/apache/spark/blob/v4.1.1/sql/catalyst/src/main/scala/org/apache/spark/sql/catalyst/analysis/ResolveTimeWindows.scala).
 * Counts live in a dense table indexed by (slide number − base) × keySlots + key slot, grown when a
 * time falls outside it; key slot 0 is the null key and slot v + 1 the key v, for keys 0 … 14.
 * A key outside that range throws (the ceiling is for this data; the engine needs a hash table).
 * Rows with a null time are in no window.
 *
 * Plain version, for reading:
 * ```ts
 * for (i) for (k) counts.set(`${start(i) - k * slide}|${vendor(i)}`, (counts.get(...) ?? 0) + 1)
 * ```
 */

export const KEY_SLOTS = 16;

export interface WindowCounts {
  /** Slide number of row 0 of `counts`. */
  base: number;
  /** (slide number − base) × KEY_SLOTS + key slot → count. */
  counts: Float64Array;
}

export function emptyWindowCounts(): WindowCounts {
  return { base: 0, counts: new Float64Array(0) };
}

/** Makes room for slide numbers [lo, hi] (inclusive), keeping what is counted. */
function grow(acc: WindowCounts, lo: number, hi: number): void {
  const rows = acc.counts.length / KEY_SLOTS;
  const curLo = rows === 0 ? lo : Math.min(lo, acc.base);
  const curHi = rows === 0 ? hi : Math.max(hi, acc.base + rows - 1);
  // Leave slack both ways so that a run of in-order times grows the table rarely.
  const span = curHi - curLo + 1;
  const newLo = curLo - (rows === 0 ? 0 : span);
  const newRows = span * (rows === 0 ? 1 : 3) + 64;
  const next = new Float64Array(newRows * KEY_SLOTS);
  if (rows > 0) next.set(acc.counts, (acc.base - newLo) * KEY_SLOTS);
  acc.base = newLo;
  acc.counts = next;
}

/**
 * Adds rows [from, to) to `acc`: each row counts once in each of the window/slide windows that
 * hold its time. `time` is epoch ms; `windowMs` must be a multiple of `slideMs`.
 */
export function slidingWindowCount(
  time: Float64Array,
  timeValid: Uint8Array,
  key: Int32Array,
  keyValid: Uint8Array,
  from: number,
  to: number,
  windowMs: number,
  slideMs: number,
  acc: WindowCounts,
): void {
  const per = windowMs / slideMs;
  if (!Number.isInteger(per) || per < 1) throw new RangeError(`window ${windowMs} ms is not a multiple of the slide ${slideMs} ms`);
  let counts = acc.counts;
  let base = acc.base;
  let hiSlide = base + counts.length / KEY_SLOTS - 1;
  for (let i = from; i < to; i++) {
    if (timeValid[i] === 0) continue;
    const slide = Math.floor((time[i] as number) / slideMs);
    const lo = slide - per + 1;
    if (lo < base || slide > hiSlide || counts.length === 0) {
      grow(acc, lo, slide);
      counts = acc.counts;
      base = acc.base;
      hiSlide = base + counts.length / KEY_SLOTS - 1;
    }
    let k = 0;
    if (keyValid[i] !== 0) {
      k = (key[i] as number) + 1;
      if (k < 1 || k >= KEY_SLOTS) throw new RangeError(`key ${key[i]} at row ${i} is outside 0…${KEY_SLOTS - 2}: this ceiling kernel only takes small keys`);
    }
    let cell = (slide - base) * KEY_SLOTS + k;
    for (let w = 0; w < per; w++) {
      counts[cell] = (counts[cell] as number) + 1;
      cell -= KEY_SLOTS;
    }
  }
}

/** Adds `part` into `acc` (merging workers' partial counts). */
export function mergeWindowCounts(acc: WindowCounts, part: WindowCounts): void {
  const rows = part.counts.length / KEY_SLOTS;
  if (rows === 0) return;
  const accRows = acc.counts.length / KEY_SLOTS;
  if (accRows === 0 || part.base < acc.base || part.base + rows > acc.base + accRows) grow(acc, part.base, part.base + rows - 1);
  const offset = (part.base - acc.base) * KEY_SLOTS;
  const into = acc.counts;
  const from = part.counts;
  for (let j = 0; j < from.length; j++) into[offset + j] = (into[offset + j] as number) + (from[j] as number);
}

/** Groups, total and an order-independent checksum: equal for equal results. */
export function windowCountsDigest(acc: WindowCounts): { groups: number; total: number; checksum: number } {
  let groups = 0;
  let total = 0;
  let checksum = 0;
  const c = acc.counts;
  for (let j = 0; j < c.length; j++) {
    const n = c[j] as number;
    if (n === 0) continue;
    groups++;
    total += n;
    const slide = acc.base + Math.floor(j / KEY_SLOTS);
    checksum = (checksum + n * ((slide % 100_003) * KEY_SLOTS + (j % KEY_SLOTS) + 1)) % 2 ** 40;
  }
  return { groups, total, checksum };
}
