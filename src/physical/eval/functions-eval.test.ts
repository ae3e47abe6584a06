import { afterAll, describe, expect, it } from "vitest";
import * as F from "../../expr/functions.js";
import { SparkSession } from "../../session/spark-session.js";
import { roundIntegral } from "./functions-eval.js";

// Expected values are Spark 4.1.1's (test/differential/functions.test.ts runs the same queries).
const spark = SparkSession.builder.appName("functions-eval-test").config("spark.sql.session.timeZone", "UTC").getOrCreate();
afterAll(() => spark.conf.set("spark.sql.ansi.enabled", true));

describe("roundIntegral", () => {
  it("rounds to a negative scale HALF_UP or HALF_EVEN and keeps a scale >= 0 as is", () => {
    expect(roundIntegral(7, -1, false, "integer", true)).toBe(10);
    expect(roundIntegral(5, -1, false, "integer", true)).toBe(10);
    expect(roundIntegral(5, -1, true, "integer", true)).toBe(0);
    expect(roundIntegral(-7, -1, false, "integer", true)).toBe(-10);
    expect(roundIntegral(9223372036854775807n, -2, false, "long", true)).toBe(9223372036854775800n);
    expect(roundIntegral(7, 2, false, "integer", true)).toBe(7);
  });
  it("wraps on overflow with ANSI off and raises ARITHMETIC_OVERFLOW with it on", () => {
    expect(roundIntegral(2147483647, -1, false, "integer", false)).toBe(-2147483646);
    expect(() => roundIntegral(2147483647, -1, false, "integer", true)).toThrow(/^\[ARITHMETIC_OVERFLOW\] Overflow\./);
  });
});

describe("functions and extractors under ANSI", () => {
  const ints = spark.createDataFrame([[-2147483648, ["a"]]], "i INT, a ARRAY<STRING>");
  it("abs and negation of the minimum int raise ARITHMETIC_OVERFLOW naming no try_ function", () => {
    expect(() => ints.select(F.abs("i")).collect()).toThrow(/^\[ARITHMETIC_OVERFLOW\] integer overflow\. If necessary/);
    expect(() => ints.select(F.col("i").negate()).collect()).toThrow(/^\[ARITHMETIC_OVERFLOW\] integer overflow\. If necessary/);
  });
  it("getItem out of bounds raises INVALID_ARRAY_INDEX under ANSI and is null otherwise", () => {
    expect(() => ints.select(F.col("a").getItem(1)).collect()).toThrow(/^\[INVALID_ARRAY_INDEX\] The index 1 is out of bounds\. The array has 1 elements\./);
    spark.conf.set("spark.sql.ansi.enabled", false);
    expect(ints.select(F.col("a").getItem(1).alias("x")).collect()[0]!.get("x")).toBeNull();
    expect(ints.select(F.abs("i").alias("x")).collect()[0]!.get("x")).toBe(-2147483648);
    spark.conf.set("spark.sql.ansi.enabled", true);
  });
  it("unix_timestamp truncates toward zero before 1970", () => {
    const t = spark.createDataFrame([["1969-12-31 23:59:59.5"]], "ts TIMESTAMP");
    expect(t.select(F.unix_timestamp("ts").alias("u")).collect()[0]!.get("u")).toBe(0);
  });
  it("shows an empty string inside an array with its space: [a, , c]", () => {
    const s = spark.createDataFrame([["a,,c"]], "s STRING");
    expect(s.select(F.split("s", ",").cast("string").alias("x")).collect()[0]!.get("x")).toBe("[a, , c]");
  });
});
