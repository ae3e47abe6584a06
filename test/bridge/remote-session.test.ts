/**
 * A session whose master is the local stack's Spark master runs its actions on Spark: the same
 * queries give the same rows, counts, show() text, Arrow tables and first rows as a local session;
 * Spark's own errors come back; a streaming query's handle reads Spark's real query; and bad
 * master URLs fail with errors that say what to do. One PySpark driver serves the whole file.
 */
import { get } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functions as F } from "../../src/index.js";
import { SparkJobError } from "../../src/bridge/remote/spark-error.js";
import { getValue } from "../../src/physical/vector.js";
import type { DataFrame } from "../../src/session/dataframe.js";
import { RuntimeConfig } from "../../src/session/runtime-conf.js";
import { SparkSession } from "../../src/session/spark-session.js";
import { FRAMES } from "../differential/support/frames.js";
import { expectSameRows } from "../support/compare-rows.js";
import { requireSpark, stack } from "../support/stack.js";

const SETTINGS: [string, string][] = [["spark.sql.session.timeZone", "UTC"], ["spark.sql.shuffle.partitions", "2"]];
let master = "";
let remote: SparkSession;
const local = new SparkSession(new RuntimeConfig([...SETTINGS, ["spark.master", "local[1]"]]));

/** The master's active applications (its UI answers slowly while Spark JVMs start: a long timeout). */
async function activeApps(): Promise<{ id: string; name: string }[]> {
  const body = await new Promise<string>((resolve, reject) => {
    const req = get(`http://127.0.0.1:${stack.ports.sparkUi}/json/`, { timeout: 20_000 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve(text));
    });
    req.on("error", (e) => reject(new Error(`the master's /json/ endpoint did not answer: ${e.message}`)));
    req.on("timeout", () => req.destroy(new Error("timed out")));
  });
  return (JSON.parse(body) as { activeapps: { id: string; name: string }[] }).activeapps;
}

function session(masterUrl: string, name: string): SparkSession {
  return new SparkSession(new RuntimeConfig([...SETTINGS, ["spark.master", masterUrl], ["spark.app.name", name]]));
}

function rowsOf(df: DataFrame): unknown[][] {
  return df.collectBatches().flatMap((b) => Array.from({ length: b.numRows }, (_, i) => b.columns.map((c) => getValue(c, i))));
}

type Query = (spark: SparkSession) => DataFrame;
const rides = (spark: SparkSession): DataFrame => spark.createDataFrame(FRAMES.rides.rows, FRAMES.rides.ddl);
const emp = (spark: SparkSession): DataFrame => spark.createDataFrame(FRAMES.emp.rows, FRAMES.emp.ddl);
const dept = (spark: SparkSession): DataFrame => spark.createDataFrame(FRAMES.dept.rows, FRAMES.dept.ddl);

const QUERIES: { name: string; query: Query; ordered?: boolean }[] = [
  { name: "aggregation ordered by key", query: (s) => rides(s).groupBy("VendorID").agg(F.count("*").alias("n"), F.round(F.avg("fare_amount"), 2).alias("avg_fare")).orderBy("VendorID"), ordered: true },
  { name: "sliding windows over timestamps", query: (s) => rides(s).groupBy(F.window(F.col("tpep_pickup_datetime"), "10 minutes", "5 minutes"), F.col("VendorID")).agg(F.sum("trip_distance").alias("km")) },
  { name: "join with duplicate column names", query: (s) => { const e = emp(s); const d = dept(s); return e.join(d, e.col("dept_id").eq(d.col("dept_id"))); } },
  { name: "strings, casts and an empty result", query: (s) => emp(s).select(F.upper(F.col("name")).alias("u"), F.col("salary").cast("string").alias("s")).filter(F.col("u").eq("NOBODY")) },
];

beforeAll(async () => {
  master = await requireSpark();
  remote = session(master, "kindling-remote-session-test");
});

afterAll(async () => {
  const appId = remoteAppId();
  remote?.stop();
  // The driver's application is gone from the master's active list (it does not hold the worker's cores).
  expect(appId, "the test saw its application").toBeDefined();
  expect((await activeApps()).map((a) => a.id)).not.toContain(appId);
}, 120_000);

let lastAppId: string | undefined;
function remoteAppId(): string | undefined {
  return lastAppId;
}

describe("batch actions on spark:// return Spark's results", () => {
  for (const q of QUERIES) {
    it(q.name, () => {
      const expected = rowsOf(q.query(local));
      const actual = rowsOf(q.query(remote));
      expectSameRows(actual, expected, { ordered: q.ordered ?? false, names: ["spark", "kindling"] });
    }, 300_000);
  }

  it("count, show, toArrow, first and take", async () => {
    const q = (s: SparkSession) => rides(s).filter(F.col("passenger_count").gt(1)).select("VendorID", "passenger_count", "fare_amount").orderBy(F.col("fare_amount").desc(), "VendorID");
    expect(q(remote).count()).toBe(q(local).count());
    expect(q(remote).showString(5)).toBe(q(local).showString(5));
    const ta = q(remote).toArrow();
    const tl = q(local).toArrow();
    expect(ta.numRows).toBe(tl.numRows);
    expect(ta.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(tl.schema.fields.map((f) => `${f.name}:${f.type}`));
    expect(q(remote).first()?.toJSON()).toEqual(q(local).first()?.toJSON());
    expect(q(remote).take(3).map((r) => r.toJSON())).toEqual(q(local).take(3).map((r) => r.toJSON()));
    const mine = (await activeApps()).filter((a) => a.name === "kindling-remote-session-test");
    expect(mine.length, "one Spark application serves every action").toBe(1);
    lastAppId = mine[0]!.id;
  }, 300_000);

  it("a query Spark fails reports Spark's error class and message", () => {
    let error: unknown;
    try {
      remote.range(1).select(F.lit("abc").cast("int").alias("x")).collect();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SparkJobError);
    expect((error as SparkJobError).errorClass).toBe("CAST_INVALID_INPUT");
    expect((error as SparkJobError).message).toMatch(/'abc'.*cannot be cast to "INT"/);
  }, 120_000);
});

describe("a streaming query on spark://", () => {
  it("reports Spark's status and progress and stops", async () => {
    const q = remote.readStream.format("rate-micro-batch").option("rowsPerBatch", 4).load()
      .select(F.col("value"), F.col("value").mod(2).alias("parity"))
      .writeStream.format("memory").queryName("rates_remote").trigger({ processingTime: "1 second" }).start();
    expect(q.isActive).toBe(true);
    expect(remote.streams.active.map((a) => a.id)).toContain(q.id);
    // Wait (bounded) for Spark's first completed micro-batch.
    for (let i = 0; i < 120 && q.lastProgress === null; i++) await q.awaitTermination(500);
    const p = q.lastProgress!;
    expect(p.id).toBe(q.id);
    expect(p.name).toBe("rates_remote");
    expect(p.sources[0]!.description).toMatch(/RatePerMicroBatch/i);
    expect(p.numInputRows).toBe(4);
    expect(q.status).toHaveProperty("isTriggerActive");
    await q.stop();
    expect(q.isActive).toBe(false);
    expect(await q.awaitTermination()).toBe(true);
    expect(remote.streams.active.map((a) => a.id)).not.toContain(q.id);
  }, 300_000);
});

describe("bad masters fail with what to do", () => {
  it("a wrong scheme", () => {
    expect(() => session("spork://x", "bad").range(1).collect()).toThrow(/unsupported Spark master URL "spork:\/\/x"/);
  });
  it("a master without a port", () => {
    expect(() => session("spark://nohost", "bad").range(1).count()).toThrow(/has no valid host:port/);
  });
  it("an unreachable master", () => {
    let error: Error | undefined;
    try {
      session("spark://127.0.0.1:7099", "bad").range(1).collect();
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(/cannot reach the Spark master at spark:\/\/127\.0\.0\.1:7099: .*refused/i);
    expect((error as { hint?: string }).hint).toMatch(/kindling stack up spark/);
  }, 60_000);
  it("an unknown host", () => {
    expect(() => session("spark://nohost.invalid:7077", "bad").range(1).collect()).toThrow(/cannot reach the Spark master at spark:\/\/nohost\.invalid:7077/);
  }, 60_000);
});
