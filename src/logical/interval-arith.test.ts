import { describe, expect, it } from "vitest";
import { SparkSession } from "../session/spark-session.js";
import { simpleString } from "../types/data-types.js";

// Types and names as PySpark 4.1.1 gives them (BinaryArithmeticWithDatetimeResolver's rewrites).
describe("interval arithmetic: result types and Spark's names", () => {
  const spark = SparkSession.builder.getOrCreate();
  const df = spark.createDataFrame([["2024-01-31 10:00:00", "2024-03-31", 7]], "ts TIMESTAMP, d DATE, n INT");
  const schemaOf = (...exprs: string[]): string[] => df.selectExpr(...exprs).schema.fields.map((f) => `${f.name}: ${simpleString(f.dataType)}`);

  it("datetime ± interval", () => {
    expect(schemaOf("ts + INTERVAL 1 HOUR", "ts - INTERVAL 1 MONTH", "INTERVAL 1 DAY + ts", "d + INTERVAL 1 DAY", "d - INTERVAL 2 DAYS", "d + INTERVAL 1 HOUR", "INTERVAL 1 YEAR + d")).toEqual([
      "ts + INTERVAL '01' HOUR: timestamp",
      "ts - INTERVAL '1' MONTH: timestamp",
      "ts + INTERVAL '1' DAY: timestamp",
      "date_add(d, extractansiintervaldays(INTERVAL '1' DAY)): date",
      "date_add(d, (- extractansiintervaldays(INTERVAL '2' DAY))): date",
      "d + INTERVAL '01' HOUR: timestamp",
      "d + INTERVAL '1' YEAR: date",
    ]);
  });
  it("datetime differences and interval arithmetic", () => {
    expect(schemaOf("ts - ts", "d - d", "ts - d", "INTERVAL 1 HOUR + INTERVAL 1 MINUTE", "2 * INTERVAL 1 HOUR", "INTERVAL 1 MONTH / n", "- INTERVAL 1 DAY")).toEqual([
      "(ts - ts): interval day to second",
      "(d - d): interval day",
      "(ts - d): interval day to second",
      "(INTERVAL '01' HOUR + INTERVAL '01' MINUTE): interval hour to minute",
      "(INTERVAL '01' HOUR * 2): interval day to second",
      "(INTERVAL '1' MONTH / n): interval year to month",
      "(- INTERVAL '1' DAY): interval day",
    ]);
  });
  it("refuses what Spark refuses", () => {
    expect(() => df.selectExpr("INTERVAL 1 HOUR + n").schema).toThrow(/DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE/);
    expect(() => df.selectExpr("INTERVAL 1 HOUR + INTERVAL 1 MONTH").schema).toThrow(/DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE/);
    expect(() => df.selectExpr("INTERVAL 1 MONTH > INTERVAL 1 DAY").schema).toThrow(/BINARY_OP_DIFF_TYPES/);
    expect(() => df.selectExpr("n / INTERVAL 1 DAY").schema).toThrow(/DATATYPE_MISMATCH/);
  });
});
