import { describe, expect, it } from "vitest";
import { functions as F } from "../../index.js";
import { SparkSession } from "../../session/spark-session.js";
import { displayValue } from "./format-report.js";
import { finalRows } from "./final-output.js";
import { resultShape } from "./result-shape.js";

describe("finalRows", () => {
  const b1 = [["a", 1n], ["b", 1n]];
  const b2 = [["a", 2n]];
  it("appends, replaces (complete) or merges by key (update)", () => {
    expect(finalRows("append", [b1, b2], null)).toEqual([["a", 1n], ["b", 1n], ["a", 2n]]);
    expect(finalRows("complete", [b1, b2], null)).toEqual([["a", 2n]]);
    expect(finalRows("update", [b1, b2], [0])).toEqual([["a", 2n], ["b", 1n]]);
  });
  it("refuses update mode without a key, saying how to give one", () => {
    expect(() => finalRows("update", [b1], null)).toThrow(/grouping key/);
    expect(() => finalRows("update", [b1], [])).toThrow(/grouping key/);
  });
});

describe("resultShape", () => {
  const spark = SparkSession.builder.getOrCreate();
  const df = spark.createDataFrame([[1, "a", 2.5]], "id INT, vendor STRING, fare DOUBLE");
  it("finds the grouping columns through projections, and whether the order counts", () => {
    const agg = df.groupBy("vendor", "id").agg(F.sum("fare").alias("s"));
    expect(resultShape(agg.resolved())).toEqual({ ordered: false, keyColumns: [0, 1] });
    expect(resultShape(agg.select("s", "vendor").orderBy("s").resolved())).toEqual({ ordered: true, keyColumns: [1] });
    expect(resultShape(df.filter(F.col("id").gt(0)).resolved())).toEqual({ ordered: false, keyColumns: null });
  });
});

describe("displayValue", () => {
  it("shows timestamps and dates as ISO text and longs as numbers", () => {
    expect(displayValue(1_593_561_600_000_001n, "timestamp")).toBe("2020-07-01T00:00:00.000001Z");
    expect(displayValue(18_444, "date")).toBe("2020-07-01");
    expect(displayValue(12n, "bigint")).toBe(12);
    expect(displayValue({ start: 0n, end: 600_000_000n }, "struct<start:timestamp,end:timestamp>")).toEqual({ start: "1970-01-01T00:00:00.000000Z", end: "1970-01-01T00:10:00.000000Z" });
  });
});
