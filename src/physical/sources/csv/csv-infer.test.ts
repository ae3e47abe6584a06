import { describe, expect, it } from "vitest";
import { NullType, simpleString, type DataType } from "../../../types/data-types.js";
import { inferCsvField, safeHeader } from "./csv-infer.js";
import { csvOptions } from "./csv-options.js";

function infer(values: string[]): string {
  const opts = csvOptions({});
  let t: DataType = NullType();
  for (const v of values) t = inferCsvField(t, v, opts, "UTC");
  return simpleString(t);
}

// Expected types are what Spark 4.1's inferSchema gave for the same column values.
describe("CSV schema inference", () => {
  it("widens int -> bigint -> decimal -> double", () => {
    expect(infer(["1", "01", "-3"])).toBe("int");
    expect(infer(["1", "2147483648"])).toBe("bigint");
    expect(infer(["4", "12345678901234567890"])).toBe("decimal(20,0)");
    expect(infer(["4", "12345678901234567890", "1.5d"])).toBe("double");
    expect(infer(["2", "+2", " 4"])).toBe("double");
    expect(infer(["5", "1.0", "Infinity"])).toBe("double");
    expect(infer(["3", "1e5", "0x10"])).toBe("string");
  });
  it("infers dates, timestamps and booleans; date + timestamp is timestamp", () => {
    expect(infer(["2020-07-01", "2020-07-02"])).toBe("date");
    expect(infer(["2020-07-01", "2020-7-3"])).toBe("timestamp");
    expect(infer(["2020-07-01 00:25:32", "2020-07-01T01:00:00"])).toBe("timestamp");
    expect(infer(["2020-07-01 00:25:32", "bad"])).toBe("string");
    expect(infer(["true", "FALSE"])).toBe("boolean");
    expect(infer(["1", "true"])).toBe("string");
    expect(infer(["1.5", "x"])).toBe("string");
    expect(infer([])).toBe("void");
  });
  it("makes header names safe like Spark", () => {
    expect(safeHeader(["a", "A", "", "b", "a"], false, "")).toEqual(["a0", "A1", "_c2", "b", "a4"]);
    expect(safeHeader(["a", "A", "", "b", "a"], true, "")).toEqual(["a0", "A", "_c2", "b", "a4"]);
  });
});
