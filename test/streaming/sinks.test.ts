import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession, MemoryStream, functions as F, type StreamingQueryListener } from "../../src/index.js";
import { parseSchemaDDL } from "../../src/types/ddl.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { consoleOutputOfSpark, type StreamCase } from "./support/stream-case.js";
import { streamingDataFrame } from "../../src/streaming/data-stream-reader.js";

const ts = (seconds: number): string => new Date(seconds * 1000).toISOString();
const RIDES = "vendor INT, pickup TIMESTAMP, fare DOUBLE, note STRING";
const STEPS = [
  [
    { vendor: 1, pickup: ts(0), fare: 7.5, note: "airport run with a very long note" },
    { vendor: 2, pickup: ts(130.25), fare: 1e10, note: null },
    { vendor: 1, pickup: ts(290), fare: 5, note: "" },
  ],
  [{ vendor: null, pickup: ts(620), fare: 0.0001, note: "x" }],
];

/** Kindling's console output for a case: the query's stdout while it runs. */
async function consoleOutputOfKindling(c: StreamCase, options: Record<string, string>): Promise<string> {
  const spark = SparkSession.builder.getOrCreate();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  const input = new MemoryStream(parseSchemaDDL(c.schema), { stepsPerBatch: 1 });
  for (const step of c.steps) input.addData(step.map((r) => ({ ...r, pickup: r["pickup"] === null ? null : new Date(String(r["pickup"])) })));
  let printed = "";
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stdout.write;
  try {
    const q = c.kindling(streamingDataFrame(spark, input), F).writeStream.outputMode(c.outputMode).format("console").options(options).trigger({ availableNow: true }).start();
    await q.awaitTermination();
  } finally {
    process.stdout.write = write;
  }
  return printed;
}

describe("the console sink prints what Spark's prints", () => {
  let oracle: PySparkOracle;
  beforeAll(async () => {
    oracle = await PySparkOracle.start();
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  it("appended rows with nulls, empty strings, 1.0E10 and long text, truncated at 20", async () => {
    const c: StreamCase = { schema: RIDES, steps: STEPS, outputMode: "append", kindling: (src) => src, pyspark: "out = src" };
    expect(await consoleOutputOfKindling(c, {})).toBe(await consoleOutputOfSpark(oracle, c, 20, 20));
  });

  it("a complete-mode aggregate, ordered, numRows 2 and truncate false", async () => {
    const c: StreamCase = {
      schema: RIDES,
      steps: STEPS,
      outputMode: "complete",
      kindling: (src, f) => src.groupBy("vendor").agg(f.count("*").alias("n"), f.max("pickup").alias("last")).orderBy("vendor"),
      pyspark: 'out = src.groupBy("vendor").agg(F.count("*").alias("n"), F.max("pickup").alias("last")).orderBy("vendor")',
    };
    expect(await consoleOutputOfKindling(c, { numRows: "2", truncate: "false" })).toBe(await consoleOutputOfSpark(oracle, c, 2, 0));
  });
});

describe("the memory sink and query listeners", () => {
  it("serves the table by queryName to spark.sql while the query runs; complete mode replaces it", async () => {
    const spark = SparkSession.builder.getOrCreate();
    const input = new MemoryStream(parseSchemaDDL("k STRING, v INT"));
    const q = input.toDF(spark).groupBy("k").agg(F.sum("v").alias("total")).writeStream.outputMode("complete").format("memory").queryName("totals").start();
    input.addData([["a", 1], ["b", 2], ["a", 3]]);
    await q.processAllAvailable();
    expect(spark.sql("SELECT k, total FROM totals ORDER BY k").collect().map((r) => [r.get("k"), r.get("total")])).toEqual([["a", 4], ["b", 2]]);
    input.addData([["b", 10]]);
    await q.processAllAvailable();
    expect(spark.table("totals").orderBy("k").collect().map((r) => [r.get("k"), r.get("total")])).toEqual([["a", 4], ["b", 12]]);
    expect(spark.streams.active.map((a) => a.name)).toContain("totals");
    await q.stop();
    expect(spark.streams.get(q.id)).toBeNull();
  });

  it("tells listeners when a query starts, makes progress and ends, with Spark's progress fields", async () => {
    const spark = SparkSession.builder.getOrCreate();
    const events: string[] = [];
    let progressJson: Record<string, unknown> | null = null;
    const listener: StreamingQueryListener = {
      onQueryStarted: (e) => events.push(`started ${e.name}`),
      onQueryProgress: (e) => {
        events.push(`progress ${e.progress.batchId}`);
        progressJson = JSON.parse(JSON.stringify(e.progress)) as Record<string, unknown>;
      },
      onQueryTerminated: (e) => events.push(`terminated ${e.exception === null ? "ok" : "failed"}`),
    };
    spark.streams.addListener(listener);
    try {
      const q = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 3).load().writeStream.queryName("rates").format("memory").trigger({ availableNow: true }).start();
      await q.awaitTermination();
    } finally {
      spark.streams.removeListener(listener);
    }
    expect(events).toEqual(["started rates", "progress 0", "terminated ok"]);
    expect(Object.keys(progressJson!)).toEqual(expect.arrayContaining(["id", "runId", "name", "timestamp", "batchId", "numInputRows", "inputRowsPerSecond", "processedRowsPerSecond", "durationMs", "eventTime", "stateOperators", "sources", "sink"]));
    expect((progressJson!["sources"] as Array<Record<string, unknown>>)[0]!["endOffset"]).toEqual({ offset: 3, timestamp: 1000 });
  });
});
