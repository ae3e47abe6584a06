import { describe, expect, it } from "vitest";
import { IntegerType, TimestampType } from "../../types/data-types.js";
import { stateKeyFunction } from "./state-key.js";
import { statePartitionOf } from "./state-partition.js";

describe("statePartitionOf", () => {
  it("puts every key in [0, n), the same one each time, and one partition when n is 1", () => {
    const keyOf = stateKeyFunction([TimestampType(), IntegerType()]);
    for (let i = 0; i < 500; i++) {
      const key = keyOf([BigInt(i) * 300_000_000n, i % 3]);
      const p = statePartitionOf(key, 7);
      expect(Number.isInteger(p) && p >= 0 && p < 7).toBe(true);
      expect(statePartitionOf(key, 7)).toBe(p);
      expect(statePartitionOf(key, 1)).toBe(0);
    }
  });

  it("spreads keys that differ in one byte of one code unit", () => {
    // 256 keys over 200 partitions fill ~145 at random; a hash that skipped either byte of a code
    // unit would put all of one set in a single partition.
    for (const shift of [0, 8]) {
      const used = new Set(Array.from({ length: 256 }, (_v, i) => statePartitionOf(`\u0001${String.fromCharCode(i << shift)}\u0002`, 200)));
      expect(used.size, `keys differing in bits ${shift}..${shift + 7}`).toBeGreaterThan(110);
    }
  });

  it("spreads the course's (window, vendor) keys evenly over 200 partitions", () => {
    // 20 000 keys over 200 partitions: 100 expected each.
    const keyOf = stateKeyFunction([TimestampType(), IntegerType()]);
    const counts = new Array<number>(200).fill(0);
    const start = BigInt(Date.UTC(2020, 6, 1)) * 1000n;
    for (let w = 0; w < 10_000; w++) for (const vendor of [1, 2]) counts[statePartitionOf(keyOf([start + BigInt(w) * 300_000_000n, vendor]), 200)]!++;
    expect(Math.min(...counts)).toBeGreaterThan(55);
    expect(Math.max(...counts)).toBeLessThan(150);
  });

  it("tells a number key from the string of its digits", () => {
    const n = 100;
    const spread = new Set(Array.from({ length: n }, (_v, i) => statePartitionOf(i, 1000) === statePartitionOf(String(i), 1000)));
    expect(spread.has(false)).toBe(true);
  });
});
