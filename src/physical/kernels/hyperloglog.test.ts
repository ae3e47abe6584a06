import { describe, expect, it } from "vitest";
import { IntegerType, LongType, StringType } from "../../types/data-types.js";
import { HyperLogLogPlusPlus, hllPrecision } from "./hyperloglog.js";
import { xxHash64Value } from "./xxhash64.js";

const sketch = (rsd: number, n: number, hash: (i: number) => bigint): HyperLogLogPlusPlus => {
  const h = new HyperLogLogPlusPlus(rsd);
  for (let i = 0; i < n; i++) h.add(hash(i));
  return h;
};

describe("HyperLogLogPlusPlus", () => {
  it("derives Spark's precision from the rsd", () => {
    expect(hllPrecision(0.05)).toBe(9);
    expect(hllPrecision(0.01)).toBe(14);
    expect(hllPrecision(0.3)).toBe(4);
  });
  it("estimates 0 when empty and rejects an rsd above 0.39", () => {
    expect(new HyperLogLogPlusPlus(0.05).query()).toBe(0n);
    expect(() => new HyperLogLogPlusPlus(0.5)).toThrow(/at most 39%/);
  });
  // Spark 4.1.1: spark.range(1000).select(approx_count_distinct(id), approx_count_distinct(id, 0.1),
  // approx_count_distinct(cast(id as string))) gives 1026, 928 and 1034.
  it("gives Spark's estimates for 0..999 as longs (both rsd) and as strings", () => {
    expect(sketch(0.05, 1000, (i) => xxHash64Value(BigInt(i), LongType(), 42n)).query()).toBe(1026n);
    expect(sketch(0.1, 1000, (i) => xxHash64Value(BigInt(i), LongType(), 42n)).query()).toBe(928n);
    expect(sketch(0.05, 1000, (i) => xxHash64Value(String(i), StringType(), 42n)).query()).toBe(1034n);
  });
  it("merging two halves gives the estimate of the whole, in any order", () => {
    const h = (i: number): bigint => xxHash64Value(i, IntegerType(), 42n);
    const whole = sketch(0.05, 3000, h).query();
    const a = sketch(0.05, 1500, h);
    const b = sketch(0.05, 1500, (i) => h(i + 1500));
    b.merge(a);
    expect(b.query()).toBe(whole);
  });
});
