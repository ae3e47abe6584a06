/**
 * Differential: batch groupBy over session_window against PySpark 4.1.1: sessions merged per key
 * while the next event starts at or before the current end, the struct's start/end, null event
 * times dropped, a global session window, dynamic gaps from a Column, SQL spelling, the rides.
 */
import { describe, expect, it } from "vitest";
import * as F from "../../src/expr/functions.js";
import type { SparkSession } from "../../src/session/spark-session.js";
import { useDiffHarness, type DiffCase } from "./support/diff-case.js";

const h = useDiffHarness();

const EVENTS: readonly (readonly [string | null, string | null, number])[] = [
  ["a", "2020-07-01 00:00:00", 1], ["a", "2020-07-01 00:04:00", 2], ["a", "2020-07-01 00:14:00", 3], // 00:14 = 00:04 + 10 min: touches, merges
  ["a", "2020-07-01 00:30:00", 4], ["a", "2020-07-01 00:30:00", 5], ["a", "2020-07-01 00:39:59.5", 6],
  ["b", "2020-07-01 00:01:00", 7], ["b", "2020-07-01 00:20:00", 8], ["b", null, 9],
  ["c", "2020-07-01 00:05:00", 10], [null, "2020-07-01 00:02:00", 11], [null, "2020-07-01 00:09:00", 12],
  ["a", "2020-06-30 23:55:00", 13], ["c", "2020-07-01 01:00:00", 14],
];

const rows = EVENTS.map(([u, t, v]) => [u, t, v]);
const eventsTs = (spark: SparkSession) => spark.createDataFrame(rows, "user STRING, t STRING, v INT").withColumn("ts", F.col("t").cast("timestamp")).drop("t");
const eventsPy = `spark.createDataFrame([tuple(r) for r in __import__("json").loads(${JSON.stringify(JSON.stringify(rows))})], "user STRING, t STRING, v INT").withColumn("ts", F.col("t").cast("timestamp")).drop("t")`;

const cases: DiffCase[] = [
  {
    name: "sessions per user (gap 10 minutes): merged when the next event starts at or before the end; null times dropped",
    kindling: (_f, spark) => eventsTs(spark).groupBy(F.session_window("ts", "10 minutes"), "user")
      .agg(F.count("*").alias("n"), F.sum("v").alias("s"), F.min("ts").alias("first"), F.max("ts").alias("last")).orderBy("user", "session_window"),
    pyspark: `
      df = ${eventsPy}.groupBy(F.session_window("ts", "10 minutes"), "user") \\
          .agg(F.count("*").alias("n"), F.sum("v").alias("s"), F.min("ts").alias("first"), F.max("ts").alias("last")).orderBy("user", "session_window")
    `,
    ordered: true,
    show: { truncate: false },
  },
  {
    name: "a global session window (no other key) with count(), start and end extracted",
    kindling: (_f, spark) => eventsTs(spark).groupBy(F.session_window(F.col("ts"), "5 minutes")).count()
      .select(F.col("session_window").getField("start").alias("start"), F.col("session_window.end").alias("end"), "count").orderBy("start"),
    ordered: true,
    pyspark: `
      df = ${eventsPy}.groupBy(F.session_window(F.col("ts"), "5 minutes")).count() \\
          .select(F.col("session_window").getField("start").alias("start"), F.col("session_window.end").alias("end"), "count").orderBy("start")
    `,
    show: { truncate: false },
  },
  {
    name: "a dynamic gap from a Column (per-user durations, null gap drops the row), aliased key",
    kindling: (_f, spark) => eventsTs(spark).groupBy(
      F.session_window("ts", F.when(F.col("user").eqNullSafe("a"), "2 minutes").when(F.col("user").eqNullSafe("b"), "30 minutes").when(F.col("user").isNotNull(), "1 hour")).alias("sw"), "user",
    ).agg(F.collect_list("v").alias("vs")),
    pyspark: `
      df = ${eventsPy}.groupBy(
          F.session_window("ts", F.when(F.col("user").eqNullSafe("a"), "2 minutes").when(F.col("user").eqNullSafe("b"), "30 minutes").when(F.col("user").isNotNull(), "1 hour")).alias("sw"), "user"
      ).agg(F.collect_list("v").alias("vs"))
    `,
    sortArrays: true,
  },
  {
    name: "SQL spelling in groupBy: expr(\"session_window(ts, '7 minutes')\")",
    kindling: (_f, spark) => eventsTs(spark).groupBy(F.expr("session_window(ts, '7 minutes')"), "user").agg(F.count("v").alias("n")),
    pyspark: `df = ${eventsPy}.groupBy(F.expr("session_window(ts, '7 minutes')"), "user").agg(F.count("v").alias("n"))`,
  },
  {
    name: "a STRING time column is cast to TIMESTAMP; a malformed one fails with CAST_INVALID_INPUT",
    kindling: (_f, spark) => spark.createDataFrame([["a", "2020-07-01 00:00:00"], ["a", "bad"]], "user STRING, t STRING").groupBy(F.session_window("t", "5 minutes")).count(),
    pyspark: `df = spark.createDataFrame([("a", "2020-07-01 00:00:00"), ("a", "bad")], "user STRING, t STRING").groupBy(F.session_window("t", "5 minutes")).count()`,
    error: "CAST_INVALID_INPUT",
  },
  {
    name: "a STRING time column of valid timestamps",
    kindling: (_f, spark) => spark.createDataFrame([["a", "2020-07-01 00:00:00"], ["a", "2020-07-01 00:04:00"], ["b", "2020-07-01 00:09:00"]], "user STRING, t STRING")
      .groupBy(F.session_window("t", "5 minutes")).agg(F.count("*").alias("n")),
    pyspark: `df = spark.createDataFrame([("a", "2020-07-01 00:00:00"), ("a", "2020-07-01 00:04:00"), ("b", "2020-07-01 00:09:00")], "user STRING, t STRING").groupBy(F.session_window("t", "5 minutes")).agg(F.count("*").alias("n"))`,
  },
  {
    name: "the rides: 3-minute sessions of pickups per vendor",
    kindling: ({ rides }) => rides.groupBy(F.session_window("tpep_pickup_datetime", "3 minutes"), "VendorID")
      .agg(F.count("*").alias("rides"), F.round(F.sum("total_amount"), 2).alias("total")),
    pyspark: `
      df = rides.groupBy(F.session_window("tpep_pickup_datetime", "3 minutes"), "VendorID") \\
          .agg(F.count("*").alias("rides"), F.round(F.sum("total_amount"), 2).alias("total"))
    `,
  },
];

describe("differential: session_window in batch groupBy", () => {
  for (const c of cases) it(c.name, () => h.check(c), 120_000);
});

describe("session_window in a stream", () => {
  // The streaming semantics are checked against PySpark in test/streaming/session-window-stream.test.ts.
  it("is refused in update mode, as Spark refuses it, when the query starts", async () => {
    const { SparkSession: Session } = await import("../../src/index.js");
    const spark = Session.builder.getOrCreate();
    const counts = spark.readStream.format("rate-micro-batch").option("rowsPerBatch", 5).load().groupBy(F.session_window("timestamp", "5 seconds")).count();
    expect(() => counts.writeStream.outputMode("update").format("console").start()).toThrow(/not supported for session window streaming aggregations/);
    expect(() => counts.writeStream.outputMode("append").format("console").start()).toThrow(/output mode: append. This output mode is not supported for streaming aggregations without watermark/);
  });
});
