import { describe, expect, it, vi } from "vitest";
import { SparkComparison } from "../../bridge/compare/compare-api.js";
import { compareRows, type Row } from "../../bridge/compare/compare-rows.js";
import type { CompareReport } from "../../bridge/compare/compare-job.js";
import { formatCompareReport } from "../../bridge/compare/format-report.js";
import { compareBundle, compareSummaryText, verdictText } from "./compare-display.js";
import { display } from "./display.js";

const ts = 1_593_561_600_000_000n;

function report(kindling: unknown[][], spark: unknown[][], agreeing?: number): CompareReport {
  const comparison = compareRows(kindling, spark, { relTol: 1e-9, absTol: 1e-9 });
  const matchedRows = kindling.filter((r) => !comparison.onlyLeft.includes(r) && !comparison.differing.some((d) => d.left === r));
  return {
    master: "spark://127.0.0.1:7077",
    tolerance: 1e-9,
    agree: comparison.equal,
    sparkStartMs: 31_400,
    targets: [
      {
        index: 0, kind: "batch", outputMode: null, ordered: false, key: null,
        columns: ["vendor", "n", "fare", "ts"], types: ["string", "bigint", "double", "timestamp"],
        kindling: { rows: kindling.length, ms: 660 }, spark: { rows: spark.length, ms: 2_345 }, comparison,
        ...(agreeing === undefined ? {} : { agreeing: matchedRows.slice(0, agreeing) as Row[] }),
      },
    ],
  };
}

const html = (r: CompareReport): string => compareBundle(r)["text/html"] as string;
const rowsOf = (h: string): string[] => [...h.matchAll(/<tr class="kd-row-([\w-]+)">(.*?)<\/tr>/g)].map((m) => `${m[1]}: ${[...m[2]!.matchAll(/<td([^>]*)>(.*?)<\/td>/g)].map((c) => (c[1]!.includes("kd-diff") ? `*${c[2]}*` : c[2])).join(" | ")}`);

describe("the notebook display of a comparison", () => {
  it("when the engines agree: a ✓ verdict per query and overall, and the first agreeing rows labelled 'both'", () => {
    const r = report([["a", 1n, 2.5, ts], ["b", 2n, 1.0, ts], ["c", 3n, 0.5, ts]], [["c", 3n, 0.5, ts], ["a", 1n, 2.5 + 1e-12, ts], ["b", 2n, 1.0, ts]], 2);
    const h = html(r);
    expect(h).toContain('class="kindling-display kindling-compare" data-agree="true"');
    expect(verdictText(r.targets[0]!)).toBe("query 1 (batch, any order): agree · Kindling 3 rows in 660 ms · Spark 3 rows in 2.3 s · 3 matched");
    expect(compareSummaryText(r)).toBe("Kindling and Spark agree on 1 query (tolerance 1e-9; Spark spark://127.0.0.1:7077, driver start 31 s)");
    expect(rowsOf(h)).toEqual([
      'both: both | a | 1 | 2.5 | 2020-07-01T00:00:00.000000Z',
      'both: both | b | 2 | 1 | 2020-07-01T00:00:00.000000Z',
    ]);
    expect(h).toContain('<div class="kd-caption">no disagreeing rows · the first 2 of 3 agreeing rows</div>');
    // Column names with Spark's types in the header.
    expect(h).toContain('vendor<span class="kd-type">string</span>');
  });

  it("when they differ: rows only in one engine, then each differing pair with its cells marked, before the agreeing ones", () => {
    const r = report([["a", 1n, 2.5, ts], ["b", 2n, 1.0, ts], ["c", 5n, 0.5, ts]], [["a", 1n, 2.5, ts], ["b", 2n, 1.5, ts], ["d", 9n, 7.0, ts + 1n]], 10);
    const h = html(r);
    expect(h).toContain('data-agree="false"');
    expect(rowsOf(h)).toEqual([
      "only-kindling: only in Kindling | c | 5 | 0.5 | 2020-07-01T00:00:00.000000Z",
      "only-spark: only in Spark | d | 9 | 7 | 2020-07-01T00:00:00.000001Z",
      "differs-kindling: differs: Kindling | b | 2 | *1* | 2020-07-01T00:00:00.000000Z",
      "differs-spark: differs: Spark | b | 2 | *1.5* | 2020-07-01T00:00:00.000000Z",
      "both: both | a | 1 | 2.5 | 2020-07-01T00:00:00.000000Z",
    ]);
    expect(verdictText(r.targets[0]!)).toMatch(/: DIFFER · .* · 1 matched, 1 only in Kindling, 1 only in Spark, 1 differing$/);
    expect(compareSummaryText(r)).toMatch(/^Kindling and Spark differ on 1 of 1 query /);
    expect(h).toContain("4 disagreeing lines · 1 agreeing row");
  });

  it("caps the disagreeing lines, marks nulls, escapes values, and keeps `kindling compare`'s report as text/plain", () => {
    const kindling = Array.from({ length: 5 }, (_, i) => [`<k${i}>`, BigInt(i), null, ts]);
    const r = report(kindling, []);
    const bundle = compareBundle(r, { maxDisagreeing: 2 });
    const h = bundle["text/html"] as string;
    expect(rowsOf(h)).toHaveLength(2);
    expect(h).toContain("&lt;k0&gt;");
    expect(h).not.toContain("<k0>");
    expect(h).toContain('<td class="kd-null">null</td>');
    expect(h).toContain("5 disagreeing lines, showing 2");
    expect(bundle["text/plain"]).toBe(formatCompareReport(r).trimEnd());
  });

  it("display(comparison) shows the comparison's bundle (its report's text outside a notebook)", () => {
    const r = report([["a", 1n, 2.5, ts]], [["a", 1n, 2.5, ts]], 1);
    const shown = vi.spyOn(SparkComparison.prototype, "display");
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      display(new SparkComparison(r, 1000), { maxDisagreeing: 5 });
      expect(shown).toHaveBeenCalledWith({ maxDisagreeing: 5 });
      expect(write.mock.calls.map((c) => String(c[0])).join("")).toBe(formatCompareReport(r));
    } finally {
      write.mockRestore();
      shown.mockRestore();
    }
  });
});
