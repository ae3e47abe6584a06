import { describe, expect, it } from "vitest";
import { compareRows } from "./compare-rows.js";
import type { CompareReport } from "./compare-job.js";
import { compareReportJson, formatCompareReport } from "./format-report.js";

function report(kindling: unknown[][], spark: unknown[][]): CompareReport {
  const comparison = compareRows(kindling, spark, { relTol: 1e-9, absTol: 1e-9 });
  return {
    master: "spark://127.0.0.1:7077",
    tolerance: 1e-9,
    agree: comparison.equal,
    sparkStartMs: 12_000,
    targets: [{ index: 0, kind: "batch", outputMode: null, ordered: false, key: null, columns: ["vendor", "n", "fare", "ts"], types: ["string", "bigint", "double", "timestamp"], kindling: { rows: kindling.length, ms: 3 }, spark: { rows: spark.length, ms: 900 }, comparison }],
  };
}

describe("the compare report", () => {
  const ts = 1_593_561_600_000_000n;
  it("lists rows only in one engine and marks differing cells, with a summary", () => {
    const text = formatCompareReport(report([["a", 1n, 2.5, ts], ["b", 2n, 1.0, ts], ["c", 5n, 0.5, ts]], [["a", 1n, 2.5 + 1e-12, ts], ["b", 2n, 1.5, ts], ["d", 9n, 7.0, ts + 1n]]));
    expect(text).toContain("DIFFER: kindling 3 rows, spark 3 rows, matched 1, only in kindling 1, only in spark 1, differing 1");
    expect(text).toMatch(/\| only in kindling\s+\| c\s+\| 5 \| 0\.5\s+\| 2020-07-01T00:00:00\.000000Z \|/);
    expect(text).toMatch(/\| only in spark\s+\| d\s+\| 9 \| 7\s+\| 2020-07-01T00:00:00\.000001Z \|/);
    expect(text).toMatch(/\| differs: kindling \| b\s+\| 2 \| \*1\*\s+\|/);
    expect(text).toMatch(/\|          spark\s+\| b\s+\| 2 \| \*1\.5\* \|/);
    expect(text.trimEnd().split("\n").at(-1)).toBe("summary: 1 query, 1 differ (tolerance 1e-9; Spark spark://127.0.0.1:7077, driver start 12000 ms)");
  });
  it("as JSON: typed values and the differing columns by name", () => {
    const json = compareReportJson(report([["b", 2n, 1.0, ts]], [["b", 2n, 1.5, ts]])) as { agree: boolean; queries: { differing: { kindling: unknown; spark: unknown; columns: unknown[] }[] }[] };
    expect(json.agree).toBe(false);
    expect(json.queries[0]!.differing).toEqual([{ kindling: ["b", 2, 1, "2020-07-01T00:00:00.000000Z"], spark: ["b", 2, 1.5, "2020-07-01T00:00:00.000000Z"], columns: ["fare"] }]);
  });
  it("agrees within the tolerance", () => {
    const text = formatCompareReport(report([["a", 1n, 0.1 + 0.2, ts]], [["a", 1n, 0.3, ts]]));
    expect(text).toContain("AGREE: kindling 1 rows, spark 1 rows, matched 1");
    expect(text).toContain("summary: 1 query, all agree");
  });
});
