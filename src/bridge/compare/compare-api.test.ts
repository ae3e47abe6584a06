import { inspect } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { SparkSession } from "../../session/spark-session.js";
import { compare, SparkComparison } from "./compare-api.js";
import type { CompareReport } from "./compare-job.js";
import { compareRows } from "./compare-rows.js";
import { formatCompareReport } from "./format-report.js";

function report(kindling: unknown[][], spark: unknown[][]): CompareReport {
  const comparison = compareRows(kindling, spark);
  return {
    master: "spark://127.0.0.1:7077", tolerance: 1e-9, agree: comparison.equal, sparkStartMs: 20_000,
    targets: [{ index: 0, kind: "batch", outputMode: null, ordered: false, key: null, columns: ["k", "n", "x"], types: ["string", "bigint", "string"], kindling: { rows: kindling.length, ms: 5 }, spark: { rows: spark.length, ms: 900 }, comparison }],
  };
}

describe("compare() from code", () => {
  it("refuses a streaming DataFrame (a stream is compared through its writer) and an empty list, before starting Spark", async () => {
    const spark = SparkSession.builder.appName("compare-api").getOrCreate();
    const stream = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 1).load();
    await expect(compare(stream)).rejects.toThrow(/streaming DataFrame/);
    await expect(compare(stream)).rejects.toHaveProperty("hint", expect.stringMatching(/df\.writeStream\.outputMode/));
    await expect(compare([])).rejects.toThrow(/nothing to compare/);
    await expect(compare(spark.range(1), { master: "local[2]" })).rejects.toThrow(/compare needs a Spark master, not "local\[2\]"/);
  });

  it("its result: a one-line summary, the report as text (console.log, a cell's value, display() outside a notebook) and as JSON", () => {
    const agree = new SparkComparison(report([["a", 1n, "x"], ["b", 2n, "y"]], [["b", 2n, "y"], ["a", 1n, "x"]]), 30_000);
    expect(agree.agree).toBe(true);
    expect(agree.summary).toBe("agree: 2 rows match");
    const differ = new SparkComparison(report([["a", 1n, "x"], ["b", 2n, "y"], ["c", 3n, "z"]], [["a", 1n, "x"], ["b", 5n, "y"]]), 30_000);
    expect(differ.summary).toBe("DIFFER: 1 only in Kindling, 0 only in Spark, 1 differing");
    expect(String(differ)).toBe(formatCompareReport(differ.report));
    expect(inspect(differ)).toBe(formatCompareReport(differ.report).trimEnd());
    expect((differ.toJSON() as { agree: boolean }).agree).toBe(false);
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      agree.display();
      expect(write.mock.calls.map((c) => String(c[0])).join("")).toBe(formatCompareReport(agree.report));
    } finally {
      write.mockRestore();
    }
  });
});
