import { describe, expect, it } from "vitest";
import { DoubleType, IntegerType, LongType, StringType, TimestampType } from "../../types/data-types.js";
import { vectorFromValues, type Vec } from "../vector.js";
import { keyLanes } from "./key-lanes.js";
import { groupIds } from "./group-ids.js";
import { windowGroupIds } from "./window-group-ids.js";
import { expandWindows } from "./window-expand.js";
import { takeVector } from "./take.js";

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The plain path the fused kernel replaces: expand the windows, gather the keys, group by
 * (window start, keys) with the general groupIds (whose string keys cannot share the lanes' bugs).
 */
function plain(time: Vec, spec: { windowMicros: number; slideMicros: number; startMicros: number }, keys: Vec[]) {
  const w = expandWindows(time, spec.windowMicros, spec.slideMicros, spec.startMicros);
  const starts = vectorFromValues(StringType(), Array.from(w.numbers, (k) => `w${k}`));
  const g = groupIds([starts, ...keys.map((k) => takeVector(k, w.rows))], w.rows.length);
  return { ids: g.ids, rows: w.rows, numGroups: g.numGroups, windows: Array.from(g.firstRow, (r) => w.numbers[r]!) };
}

describe("windowGroupIds", () => {
  const cases = [
    { name: "tumbling, one int key, ordered times", window: 60e6, slide: 60e6, start: 0, nulls: 0, ordered: true },
    { name: "tumbling with a start time, nulls in time and keys", window: 60e6, slide: 60e6, start: 15e6, nulls: 0.1, ordered: false },
    { name: "sliding 10m/5m", window: 600e6, slide: 300e6, start: 0, nulls: 0.05, ordered: true },
    { name: "sliding, window not a multiple of the slide", window: 600e6, slide: 240e6, start: -60e6, nulls: 0, ordered: false },
    { name: "1 µs windows (numbers beyond Int32)", window: 1, slide: 1, start: 0, nulls: 0, ordered: false },
  ];
  for (const c of cases) {
    for (const seed of [1, 2, 3]) {
      it(`${c.name} (seed ${seed})`, () => {
        const r = rng(seed);
        const n = 3000;
        const base = 1_593_561_600_000_000; // 2020-07-01, microseconds
        const times = Array.from({ length: n }, (_, i) => {
          if (r() < c.nulls) return null;
          // Some times before 1970 too, where floor and truncation differ.
          const jitter = Math.floor(r() * 400e6);
          return BigInt((r() < 0.05 ? -base : base) + (c.ordered ? i * 1e6 : Math.floor(r() * 3600e6)) + jitter);
        });
        const time = vectorFromValues(TimestampType(), times);
        const ints = vectorFromValues(IntegerType(), Array.from({ length: n }, () => (r() < c.nulls ? null : Math.floor(r() * 5))));
        const longs = vectorFromValues(LongType(), Array.from({ length: n }, () => BigInt(Math.floor(r() * 3)) * 10_000_000_000n));
        const doubles = vectorFromValues(DoubleType(), Array.from({ length: n }, () => [0, -0, NaN, 1.5, null][Math.floor(r() * 5)]!));
        const spec = { windowMicros: c.window, slideMicros: c.slide, startMicros: c.start };
        for (const keys of [[], [ints], [ints, longs], [doubles, ints, longs]]) {
          const got = windowGroupIds(time, spec, keyLanes(keys, n)!)!;
          const want = plain(time, spec, keys);
          expect(got.numGroups).toBe(want.numGroups);
          expect(Array.from(got.ids)).toEqual(Array.from(want.ids));
          expect(Array.from(got.rows ?? want.rows.map((_, i) => i))).toEqual(Array.from(want.rows));
          expect(Array.from(got.windowNumber)).toEqual(want.windows);
          expect(Array.from(got.inputRow)).toEqual(Array.from(got.firstRow, (m) => want.rows[m]!));
          const counts = new Array<number>(want.numGroups).fill(0);
          for (const id of want.ids) counts[id]!++;
          expect(Array.from(got.rowCount)).toEqual(counts);
          const countsOnly = windowGroupIds(time, spec, keyLanes(keys, n)!, false)!;
          expect(countsOnly.ids.length).toBe(0);
          expect(countsOnly.numRows).toBe(want.ids.length);
          expect(Array.from(countsOnly.rowCount)).toEqual(counts);
        }
      });
    }
  }

  it("skips the gather only when every row has exactly one window", () => {
    const time = vectorFromValues(TimestampType(), [0n, 60_000_000n, 120_000_000n]);
    expect(windowGroupIds(time, { windowMicros: 60e6, slideMicros: 60e6, startMicros: 0 }, [])!.rows).toBeNull();
    const withNull = vectorFromValues(TimestampType(), [0n, null, 120_000_000n]);
    expect(Array.from(windowGroupIds(withNull, { windowMicros: 60e6, slideMicros: 60e6, startMicros: 0 }, [])!.rows!)).toEqual([0, 2]);
  });

  it("keeps apart windows whose numbers differ by a multiple of 2^32 (the slot holds only the low 32 bits)", () => {
    const t = 1_593_561_600_000_000n;
    const time = vectorFromValues(TimestampType(), [t, t + 2n ** 32n, t, t - 2n ** 33n, t + 2n ** 32n]);
    const got = windowGroupIds(time, { windowMicros: 1, slideMicros: 1, startMicros: 0 }, [])!;
    expect(got.numGroups).toBe(3);
    expect(Array.from(got.ids)).toEqual([0, 1, 0, 2, 1]);
    expect(Array.from(got.rowCount)).toEqual([2, 2, 1]);
  });

  it("leaves times a double cannot hold exactly (after 2255) to the exact BigInt path", () => {
    // 9999-12-31 23:59:59.999999 and 1 µs before the epoch.
    const far = 253402300799999999n;
    const time = vectorFromValues(TimestampType(), [far, -1n]);
    const spec = { windowMicros: 600e6, slideMicros: 300e6, startMicros: 0 };
    expect(windowGroupIds(time, spec, [])).toBeNull();
    const w = expandWindows(time, spec.windowMicros, spec.slideMicros, spec.startMicros);
    expect(Array.from(w.rows)).toEqual([0, 0, 1, 1]);
    expect(Array.from(w.exactStarts!)).toEqual([far - (far % 300_000_000n), far - (far % 300_000_000n) - 300_000_000n, -300_000_000n, -600_000_000n]);
  });
});
