/**
 * `kindling compare` against the local Spark master: a job on which the engines agree (a batch
 * aggregation in order, and an update-mode streaming aggregation merged by key) exits 0; a job on
 * which they cannot agree (current_timestamp() read seconds apart) exits 1 and names the column.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../support/cli.js";
import { requireSpark } from "../support/stack.js";

const JOBS = join(import.meta.dirname, "fixtures", "jobs");

beforeAll(async () => {
  await requireSpark();
});

describe("kindling compare", () => {
  it("agrees on a batch and a streaming query (--json), exit 0", async () => {
    const r = await cli(["compare", join(JOBS, "compare-agree.ts"), "--json"], process.env, 400_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[compare\] Spark is up \(app-/);
    const report = JSON.parse(r.stdout) as { agree: boolean; queries: { kind: string; outputMode: string | null; ordered: boolean; key: string[] | null; agree: boolean; matched: number; kindling: { rows: number }; spark: { rows: number } }[] };
    expect(report.agree).toBe(true);
    expect(report.queries.map((q) => [q.kind, q.outputMode, q.ordered, q.key, q.agree, q.matched])).toEqual([
      ["batch", null, true, null, true, 3],
      ["stream", "update", false, ["vendor"], true, 3],
    ]);
    console.log(`compare (agreeing job): ${Math.round(r.ms)} ms in all; ${r.stderr.match(/Spark is up \([^)]*\)/)?.[0]}`);
  }, 450_000);

  it("disagrees on current_timestamp(), reports the differing column, exit 1", async () => {
    const r = await cli(["compare", join(JOBS, "compare-disagree.ts")], process.env, 400_000);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain("DIFFER: kindling 4 rows, spark 4 rows, matched 0, only in kindling 0, only in spark 0, differing 4");
    const lines = r.stdout.split("\n");
    const header = lines.find((l) => /\|\s+\|\s*id\s*\|\s*twice\s*\|\s*now\s*\|/.test(l));
    expect(header, r.stdout).toBeDefined();
    // Each pair: the same id and twice, the timestamps marked as the differing cells.
    const pairs = lines.filter((l) => /\| (differs: kindling|\s+spark)\s+\|/.test(l));
    expect(pairs).toHaveLength(8);
    for (const l of pairs) expect(l).toMatch(/\| \d+\s+\| \d+\s+\| \*\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\* \|/);
    expect(r.stdout).toMatch(/summary: 1 query, 1 differ \(tolerance 1e-9/);
  }, 450_000);

  it("refuses a bad tolerance or master before starting Spark", async () => {
    const bad = await cli(["compare", join(JOBS, "compare-agree.ts"), "--tolerance", "-1"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--tolerance -1 is not a non-negative number/);
    const spork = await cli(["compare", join(JOBS, "compare-agree.ts"), "--master", "spork://x"]);
    expect(spork.stderr).toMatch(/unsupported Spark master URL/);
  }, 60_000);
});
