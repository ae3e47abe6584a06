/**
 * The PySpark twins in spark-jobs/ against their Kindling jobs in examples/ (the notebooks' queries,
 * the README's job, the `kindling run` example): one `kindling compare --twins` over all of them,
 * so one PySpark driver on the local master runs every twin, each compared row by row with
 * Kindling's result on the same Kafka topic (a fresh one: rides with the pickup zone as an eighth
 * field, the first ones sent twice as notebook 04 does).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COURSE_COLUMNS, generateRides, produceRecords, rideToCourseLine, RIDE_COLUMNS } from "../../src/index.js";
import { cli } from "../support/cli.js";
import { requireKafka, requireSpark } from "../support/stack.js";

const ROOT = join(import.meta.dirname, "..", "..");
const EXAMPLES = join(ROOT, "examples");
const JOBS = readdirSync(EXAMPLES).filter((f) => f.endsWith(".ts") && f !== "rides-env.ts").sort();

beforeAll(async () => {
  await requireSpark();
  await requireKafka();
});

describe("the PySpark twins of the examples and notebooks", () => {
  it("every notebook has a job in examples/ whose twin exists and names it", () => {
    const notebooks = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb"));
    for (const nb of notebooks) {
      const job = JOBS.find((j) => j.startsWith(nb.slice(0, 3)));
      expect(job, `no examples/ job for notebooks/${nb}`).toBeDefined();
      expect(readFileSync(join(EXAMPLES, job!), "utf8")).toContain(`notebooks/${nb}`);
    }
    for (const job of JOBS) {
      const twin = /pysparkTwin = "\.\.\/(spark-jobs\/[\w.]+\.py)"/.exec(readFileSync(join(EXAMPLES, job), "utf8"))?.[1];
      expect(twin, `examples/${job} names no pysparkTwin`).toBeDefined();
      // The twin's header says which Kindling job it twins.
      expect(readFileSync(join(ROOT, twin!), "utf8").slice(0, 600)).toContain(`examples/${job}`);
    }
  });

  it("--twin names one job's twin; a job without pysparkTwin is refused with the fix, before Spark starts", async () => {
    const two = await cli(["compare", "--twin", join(ROOT, "spark-jobs", "readme_job.py"), join(EXAMPLES, "readme-job.ts"), join(EXAMPLES, "rate-console.ts")]);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain("--twin names the twin of one job");
    const none = await cli(["compare", "--twins", join(import.meta.dirname, "fixtures", "jobs", "compare-disagree.ts")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/compare-disagree\.ts names no PySpark twin.*export const pysparkTwin/s);
    expect(none.stderr).not.toContain("Spark is up");
  }, 60_000);

  it("each twin agrees with its Kindling job on the same topic (one Spark driver for all)", async () => {
    const servers = await requireKafka();
    const topic = `kindling-twins-${Date.now().toString(36)}`;
    const vendor = RIDE_COLUMNS.indexOf("VendorID");
    const columns = [...COURSE_COLUMNS, "PULocationID"];
    const records: { key: string | null; value: string }[] = [];
    for (const row of generateRides({ count: 1500, seed: 5 })) {
      const record = { key: row[vendor] ?? null, value: rideToCourseLine(row, columns) };
      records.push(record);
      if (records.length < 200) records.push(record); // the first ~100 rides twice, as a retrying producer would
    }
    await produceRecords(records, { servers, topic });
    const env = { ...process.env, KINDLING_TOPIC: topic, KINDLING_BOOTSTRAP: servers };
    // Two shuffle partitions instead of Spark's 200 for the stateful streams (one core here); 05 sets its own 4.
    const r = await cli(["compare", "--twins", "--json", "--conf", "spark.sql.shuffle.partitions=2", ...JOBS.map((j) => join(EXAMPLES, j))], env, 900_000);
    const report = JSON.parse(r.stdout || "{}") as { agree: boolean; warnings: string[]; queries: { job: string; twin: string; kind: string; outputMode: string | null; agree: boolean; matched: number; kindling: { rows: number; ms: number }; spark: { rows: number; ms: number } }[] };
    for (const q of report.queries ?? []) console.log(`${q.job} ${q.kind}${q.outputMode === null ? "" : `/${q.outputMode}`}: ${q.agree ? "agree" : "DIFFER"}, kindling ${q.kindling.rows} rows ${q.kindling.ms} ms, spark ${q.spark.rows} rows ${q.spark.ms} ms`);
    console.log(`twins: ${Math.round(r.ms)} ms in all; ${r.stderr.match(/Spark is up \([^)]*\)/)?.[0]}`);
    expect(r.code, `${r.stderr}\n${r.stdout.slice(0, 4000)}`).toBe(0);
    expect(report.agree).toBe(true);
    expect(report.warnings).toEqual([]);
    expect(new Set(report.queries.map((q) => q.job))).toEqual(new Set(JOBS));
    for (const q of report.queries) {
      expect(q.twin).toMatch(/spark-jobs\/\w+\.py$/);
      expect(q.kindling.rows, `${q.job}: no rows`).toBeGreaterThan(0);
    }
    // Exactly one driver start for all the jobs.
    expect(r.stderr.match(/Spark is up/g)).toHaveLength(1);
  }, 960_000);
});
