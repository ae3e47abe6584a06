import { describe, expect, it } from "vitest";
import { AnalysisError } from "../common/errors.js";
import { parallelOptionsOf, threadsOfMaster } from "./master.js";

describe("threadsOfMaster", () => {
  it("reads Spark's local master URLs", () => {
    expect(threadsOfMaster("local", 8)).toBe(1);
    expect(threadsOfMaster("local[1]", 8)).toBe(1);
    expect(threadsOfMaster("local[3]", 8)).toBe(3);
    expect(threadsOfMaster("local[*]", 8)).toBe(8);
    expect(threadsOfMaster("local[2, 4]", 8)).toBe(2);
    expect(threadsOfMaster("local[*,3]", 2)).toBe(2);
  });

  it("leaves other masters to whoever runs them", () => {
    expect(threadsOfMaster("spark://127.0.0.1:7077", 8)).toBeNull();
    expect(threadsOfMaster("yarn", 8)).toBeNull();
  });

  it("refuses a malformed local master with Spark's message", () => {
    expect(() => threadsOfMaster("local[two]", 8)).toThrow(AnalysisError);
    expect(() => threadsOfMaster("local[two]", 8)).toThrow("Could not parse Master URL: 'local[two]'");
    expect(() => threadsOfMaster("local[0]", 8)).toThrow("Asked to run locally with 0 threads");
  });

  it("takes the thresholds from the conf, with defaults", () => {
    const conf = new Map([["spark.master", "local[2]"], ["spark.kindling.parallel.minRows", "0"]]);
    const get = (k: string, d: string): string => conf.get(k) ?? d;
    expect(parallelOptionsOf(get, { minRows: 100, chunkRows: 50 }, 4)).toEqual({ threads: 2, minRows: 0, chunkRows: 50, mainThreadSlices: true });
    conf.set("spark.kindling.parallel.mainThreadSlices", "False");
    expect(parallelOptionsOf(get, { minRows: 100, chunkRows: 50 }, 4).mainThreadSlices).toBe(false);
    conf.set("spark.kindling.parallel.mainThreadSlices", "no");
    expect(() => parallelOptionsOf(get, { minRows: 100, chunkRows: 50 }, 4)).toThrow('spark.kindling.parallel.mainThreadSlices must be true or false, got "no"');
    conf.delete("spark.kindling.parallel.mainThreadSlices");
    conf.set("spark.kindling.parallel.chunkRows", "-1");
    expect(() => parallelOptionsOf(get, { minRows: 100, chunkRows: 50 }, 4)).toThrow("spark.kindling.parallel.chunkRows must be a non-negative integer");
  });
});
