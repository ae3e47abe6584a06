import { describe, expect, it } from "vitest";
import { longsFromDoubles } from "../vector.js";
import { windowValue } from "./window-expand.js";

/** Spark's window bounds in exact BigInt arithmetic: the reference for the double fast path. */
function exactWindow(k: number, windowMicros: number, slideMicros: number, startMicros: number): [bigint, bigint] {
  const s = BigInt(k) * BigInt(slideMicros) + BigInt(startMicros);
  return [s, s + BigInt(windowMicros)];
}

describe("windowValue", () => {
  it("matches exact BigInt arithmetic, including where the double products leave the safe range", () => {
    const specs = [
      [60e6, 60e6, 0], [600e6, 300e6, -60e6], [1, 1, 0], [86_400e6, 3_600e6, 1_800e6],
    ] as const;
    // Window numbers around the epoch, today's, and ones whose start or end passes ±2^53.
    const ks = [0, 1, -1, 26_559_360, -26_559_360, 2 ** 53 - 1, -(2 ** 53) + 1, 9_007_199_254, -9_007_199_254, 150_119_987_579];
    for (const [w, s, o] of specs) {
      for (const k of ks) expect(windowValue(k, w, s, o)).toEqual(exactWindow(k, w, s, o));
    }
  });
});

describe("longsFromDoubles", () => {
  it("writes each safe integer as the same 64-bit value BigInt gives", () => {
    const xs = [0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 5, -(2 ** 32) - 1, 2 ** 53 - 1, -(2 ** 53 - 1), 1_593_561_600_000_000];
    expect(Array.from(longsFromDoubles(Float64Array.from(xs)))).toEqual(xs.map((x) => BigInt(x)));
    expect(longsFromDoubles(new Float64Array(0)).length).toBe(0);
  });
});
