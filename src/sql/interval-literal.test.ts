import { describe, expect, it } from "vitest";
import { exprName } from "../expr/expr-name.js";
import { simpleString } from "../types/data-types.js";
import { parseSqlExpression } from "./parse-expression.js";

const lit = (sql: string): { value: unknown; type: string; name: string } => {
  const e = parseSqlExpression(sql);
  if (e.kind !== "lit") throw new Error(`${sql} is not a literal: ${e.kind}`);
  return { value: e.value, type: simpleString(e.dataType), name: exprName(e) };
};

// Types and names checked against PySpark 4.1.1 (`spark.sql("select …").schema`).
describe("INTERVAL literals", () => {
  const cases: [string, unknown, string, string][] = [
    ["INTERVAL 1 HOUR", 3_600_000_000n, "interval hour", "INTERVAL '01' HOUR"],
    ["INTERVAL '10' MINUTE", 600_000_000n, "interval minute", "INTERVAL '10' MINUTE"],
    ["INTERVAL 1 HOUR 30 MINUTES", 5_400_000_000n, "interval hour to minute", "INTERVAL '01:30' HOUR TO MINUTE"],
    ["INTERVAL '1 02:03:04' DAY TO SECOND", 93_784_000_000n, "interval day to second", "INTERVAL '1 02:03:04' DAY TO SECOND"],
    ["INTERVAL '-1 02:03:04.5' DAY TO SECOND", -93_784_500_000n, "interval day to second", "INTERVAL '-1 02:03:04.5' DAY TO SECOND"],
    ["INTERVAL '2-3' YEAR TO MONTH", 27, "interval year to month", "INTERVAL '2-3' YEAR TO MONTH"],
    ["INTERVAL 2 YEARS", 24, "interval year", "INTERVAL '2' YEAR"],
    ["INTERVAL 14 MONTHS", 14, "interval month", "INTERVAL '14' MONTH"],
    ["INTERVAL 1 YEAR 2 MONTHS", 14, "interval year to month", "INTERVAL '1-2' YEAR TO MONTH"],
    ["INTERVAL -1 DAY", -86_400_000_000n, "interval day", "INTERVAL '-1' DAY"],
    ["INTERVAL -'1' DAY", -86_400_000_000n, "interval day", "INTERVAL '-1' DAY"],
    ["INTERVAL 1.5 SECONDS", 1_500_000n, "interval second", "INTERVAL '01.5' SECOND"],
    ["INTERVAL 3 WEEKS", 21n * 86_400_000_000n, "interval day", "INTERVAL '21' DAY"],
    ["INTERVAL 100 MILLISECONDS", 100_000n, "interval second", "INTERVAL '00.1' SECOND"],
    ["INTERVAL 5 MICROSECONDS", 5n, "interval second", "INTERVAL '00.000005' SECOND"],
    ["INTERVAL 2 HOURS 1 MILLISECOND", 7_200_001_000n, "interval hour to second", "INTERVAL '02:00:00.001' HOUR TO SECOND"],
    ["INTERVAL '1 hour 30 minutes'", 5_400_000_000n, "interval hour to minute", "INTERVAL '01:30' HOUR TO MINUTE"],
    ["INTERVAL '10:20.5' MINUTE TO SECOND", 620_500_000n, "interval minute to second", "INTERVAL '10:20.5' MINUTE TO SECOND"],
    ["INTERVAL '100' HOUR", 360_000_000_000n, "interval hour", "INTERVAL '100' HOUR"],
  ];
  for (const [sql, value, type, name] of cases) {
    it(`${sql} is ${type} named ${name}`, () => expect(lit(sql)).toEqual({ value, type, name }));
  }

  it("refuses mixing year-month and day-time units, as Spark's parser does", () => {
    expect(() => parseSqlExpression("INTERVAL 1 YEAR 2 DAYS")).toThrow(/Cannot mix year-month and day-time fields: INTERVAL 1 YEAR 2 DAYS\./);
  });
  it("refuses a string that does not match the fields' format", () => {
    expect(() => parseSqlExpression("INTERVAL '1 02:03' DAY TO SECOND")).toThrow(/INVALID_INTERVAL_FORMAT/);
    expect(() => parseSqlExpression("INTERVAL '1-12' YEAR TO MONTH")).toThrow(/INVALID_INTERVAL_FORMAT/);
  });
  it("keeps timestamp + INTERVAL as a binary + over a typed literal", () => {
    const e = parseSqlExpression("ts + INTERVAL 5 MINUTES");
    expect(e.kind === "binary" && e.op === "+" && e.right.kind === "lit" && e.right.value === 300_000_000n).toBe(true);
  });
});
