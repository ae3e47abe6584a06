/**
 * `kindling compare` against the local Spark master: a job on which the engines agree (a batch
 * aggregation in order, and an update-mode streaming aggregation merged by key) exits 0; a job on
 * which they cannot agree (current_timestamp() read seconds apart) exits 1 and names the column.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateRides, produceRecords, rideToCourseLine, RIDE_COLUMNS } from "../../src/index.js";
import { cli } from "../support/cli.js";
import { requireKafka, requireSpark } from "../support/stack.js";

const JOBS = join(import.meta.dirname, "fixtures", "jobs");
const RIDES = join(import.meta.dirname, "fixtures", "compare", "rides");

interface JsonReport { agree: boolean; warnings: string[]; queries: { kind: string; outputMode: string | null; ordered: boolean; key: string[] | null; agree: boolean; matched: number; kindling: { rows: number; batches?: number }; spark: { rows: number; batches?: number } }[] }

beforeAll(async () => {
  await requireSpark();
  await requireKafka();
});

describe("kindling compare", () => {
  it("agrees on a batch and a streaming query (--json), exit 0", async () => {
    const r = await cli(["compare", join(JOBS, "compare-agree.ts"), "--json"], process.env, 400_000);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/\[compare\] Spark is up \(app-/);
    // Progress off a terminal: plain lines on stderr, one per phase, nothing on stdout but the JSON.
    for (const phase of [
      /^\[compare\] launching a PySpark driver on spark:\/\/127\.0\.0\.1:7077/m,
      /^\[compare\] query 1\/2 \(batch\): running in Kindling$/m,
      /^\[compare\] query 2\/2 \(stream, update\): running in Kindling$/m,
      /^\[compare\] starting the PySpark driver on /m,
      /^\[compare\] query 1\/2 \(batch\): Spark running$/m,
      /^\[compare\] query 1\/2: collecting Spark's rows$/m,
      /^\[compare\] query 2\/2 \(stream, update\): Spark running$/m,
      /^\[compare\] query 2\/2: collecting Spark's batches$/m,
      /^\[compare\] query 2\/2: comparing 3 and 3 rows$/m,
    ]) expect(r.stderr).toMatch(phase);
    expect(r.stderr).not.toMatch(/[\r\x1b]/);
    expect(r.stdout.trimStart().startsWith("{")).toBe(true);
    const report = JSON.parse(r.stdout) as JsonReport;
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

  it("--input OLD=NEW points the batch and streaming reads of one folder at another, the other source unchanged", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kindling-compare-input-"));
    const line = (id: number, vendor: string, fare: number): string => JSON.stringify({ id, vendor, fare, ts: `2020-07-01T00:${String(id).padStart(2, "0")}:00Z` });
    writeFileSync(join(dir, "part-0.json"), [line(1, "p", 1.5), line(2, "q", 2.25), line(3, "r", 3)].join("\n") + "\n");
    writeFileSync(join(dir, "part-1.json"), [line(4, "s", 4.5), line(5, "p", 10), line(6, "t", 0.75)].join("\n") + "\n");
    const r = await cli(["compare", join(JOBS, "compare-two-sources.ts"), "--input", `${RIDES}=${dir}`, "--json"], process.env, 400_000);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    // Five vendors in the new folder (p..t), two files = two micro-batches; the trips CSV still has its zones.
    expect(report.queries.map((q) => [q.kind, q.agree, q.matched, q.kindling.batches ?? null, q.spark.batches ?? null])).toEqual([
      ["batch", true, 5, null, null],
      ["stream", true, 5, 2, 2],
      ["batch", true, 2, null, null],
    ]);
  }, 450_000);

  it("--input kafka:TOPIC points the Kafka source at another topic, the same offsets in both engines", async () => {
    const topic = `kindling-compare-input-${Date.now().toString(36)}`;
    const vendor = RIDE_COLUMNS.indexOf("VendorID");
    const records = [...generateRides({ count: 300, seed: 21 })].map((row) => ({ key: row[vendor] ?? null, value: rideToCourseLine(row) }));
    await produceRecords(records, { servers: await requireKafka(), topic });
    // The job's own topic (KINDLING_COURSE_TOPIC) is one nobody produced to: only --input makes rows appear.
    const env = { ...process.env, KINDLING_COURSE_TOPIC: "kindling-compare-input-unused" };
    const r = await cli(["compare", join(JOBS, "course-compare.ts"), "--input", `kafka:${topic}`, "--json"], env, 400_000);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as JsonReport;
    expect(report.warnings).toEqual([]);
    expect(report.queries.map((q) => [q.outputMode, q.agree])).toEqual([["complete", true], ["update", true]]);
    const perVendor = report.queries[0]!;
    expect(perVendor.kindling.rows).toBeGreaterThan(1);
    expect(perVendor.matched).toBe(perVendor.kindling.rows);
  }, 450_000);

  it("--input that matches no source or several says which sources there are and how to pick one, before starting Spark", async () => {
    const several = await cli(["compare", join(JOBS, "compare-two-sources.ts"), "--input", RIDES]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain(`--input ${RIDES} is ambiguous: the job has 2 file source (csv, json or parquet)s`);
    expect(several.stderr).toMatch(/say which one as OLD=NEW, e\.g\. --input \/\S+\/compare\/rides=/);
    expect(several.stderr).not.toContain("Spark is up");
    const none = await cli(["compare", join(JOBS, "compare-agree.ts"), "--input", "kafka:rides"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--input kafka:rides: the job has no Kafka source; its sources: \/\S+\/compare\/rides \(read\.json\)/);
    const missing = await cli(["compare", join(JOBS, "compare-agree.ts"), "--input", "/nonexistent/rides"]);
    expect(missing.stderr).toContain("--input /nonexistent/rides: /nonexistent/rides does not exist");
    const twin = await cli(["compare", join(JOBS, "compare-agree.ts"), "--input", RIDES, "--twin", "x.py"]);
    expect(twin.code).toBe(1);
    expect(twin.stderr).toMatch(/--input cannot point a hand-written twin at other input/);
  }, 120_000);

  it("refuses a bad tolerance or master before starting Spark", async () => {
    const bad = await cli(["compare", join(JOBS, "compare-agree.ts"), "--tolerance", "-1"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--tolerance -1 is not a non-negative number/);
    const spork = await cli(["compare", join(JOBS, "compare-agree.ts"), "--master", "spork://x"]);
    expect(spork.stderr).toMatch(/unsupported Spark master URL/);
  }, 60_000);
});
