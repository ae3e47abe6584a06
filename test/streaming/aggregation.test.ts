import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession } from "../../src/index.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { runInKindling, runInSpark, type StreamCase } from "./support/stream-case.js";

const ts = (seconds: number): string => new Date(seconds * 1000).toISOString();

// Late data around the watermark, as in Spark's guide: a 10 s window, a 10 s delay.
const LATE_STEPS = [
  [{ t: ts(100), v: 1 }],
  [{ t: ts(200), v: 2 }, { t: ts(85), v: 3 }],
  [{ t: ts(185), v: 4 }],
  [{ t: ts(120), v: 5 }, { t: ts(205), v: 6 }, { t: ts(195), v: 7 }],
  [{ t: ts(300), v: 8 }],
  [{ t: ts(150), v: 9 }, { t: ts(291), v: 10 }],
];

const RIDES = "vendor INT, pickup TIMESTAMP, fare DOUBLE, passengers INT";
const RIDE_STEPS = [
  [
    { vendor: 1, pickup: ts(0), fare: 7.5, passengers: 1 },
    { vendor: 2, pickup: ts(130), fare: 12.25, passengers: 2 },
    { vendor: 1, pickup: ts(290), fare: 5, passengers: null },
  ],
  [
    { vendor: 2, pickup: ts(610), fare: 30.1, passengers: 3 },
    { vendor: null, pickup: ts(620), fare: 4.4, passengers: 1 },
    { vendor: 1, pickup: ts(140), fare: 9, passengers: 1 },
  ],
  [],
  [
    { vendor: 2, pickup: ts(1300), fare: 18.75, passengers: 2 },
    { vendor: 1, pickup: ts(1290), fare: null, passengers: 5 },
    { vendor: 1, pickup: ts(200), fare: 3.3, passengers: 1 },
  ],
  [{ vendor: 2, pickup: ts(2500), fare: 1, passengers: 1 }],
];

const CASES: Readonly<Record<string, StreamCase>> = {
  "windowed count with watermark, update": {
    schema: "t TIMESTAMP, v INT",
    steps: LATE_STEPS,
    outputMode: "update",
    kindling: (src, F) => src.withWatermark("t", "10 seconds").groupBy(F.window(F.col("t"), "10 seconds")).count(),
    pyspark: 'out = src.withWatermark("t", "10 seconds").groupBy(F.window("t", "10 seconds")).count()',
  },
  "windowed count with watermark, append": {
    schema: "t TIMESTAMP, v INT",
    steps: LATE_STEPS,
    outputMode: "append",
    kindling: (src, F) => src.withWatermark("t", "10 seconds").groupBy(F.window(F.col("t"), "10 seconds")).count(),
    pyspark: 'out = src.withWatermark("t", "10 seconds").groupBy(F.window("t", "10 seconds")).count()',
  },
  "windowed sum, complete (state never evicted)": {
    schema: "t TIMESTAMP, v INT",
    steps: LATE_STEPS,
    outputMode: "complete",
    kindling: (src, F) => src.withWatermark("t", "10 seconds").groupBy(F.window(F.col("t"), "10 seconds")).agg(F.sum("v").alias("total")),
    pyspark: 'out = src.withWatermark("t", "10 seconds").groupBy(F.window("t", "10 seconds")).agg(F.sum("v").alias("total"))',
  },
  "sliding window per vendor (the course's job), update": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "update",
    kindling: (src, F) => src.withWatermark("pickup", "10 minutes").groupBy(F.window(F.col("pickup"), "10 minutes", "5 minutes"), F.col("vendor")).count(),
    pyspark: 'out = src.withWatermark("pickup", "10 minutes").groupBy(F.window("pickup", "10 minutes", "5 minutes"), "vendor").count()',
  },
  "sliding window per vendor, append": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "append",
    kindling: (src, F) => src.withWatermark("pickup", "10 minutes").groupBy(F.window(F.col("pickup"), "10 minutes", "5 minutes"), F.col("vendor")).count(),
    pyspark: 'out = src.withWatermark("pickup", "10 minutes").groupBy(F.window("pickup", "10 minutes", "5 minutes"), "vendor").count()',
  },
  "per-vendor aggregates without watermark, complete": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "complete",
    kindling: (src, F) =>
      src.groupBy("vendor").agg(F.count("*").alias("n"), F.sum("fare").alias("fares"), F.avg("passengers").alias("avg_p"), F.min("pickup").alias("first_pickup"), F.max("fare").alias("max_fare")),
    pyspark:
      'out = src.groupBy("vendor").agg(F.count("*").alias("n"), F.sum("fare").alias("fares"), F.avg("passengers").alias("avg_p"), F.min("pickup").alias("first_pickup"), F.max("fare").alias("max_fare"))',
  },
  "per-vendor count, update": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "update",
    kindling: (src) => src.groupBy("vendor").count(),
    pyspark: 'out = src.groupBy("vendor").count()',
  },
  "global aggregate, complete": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "complete",
    kindling: (src, F) => src.agg(F.count("*").alias("n"), F.sum("passengers").alias("p")),
    pyspark: 'out = src.agg(F.count("*").alias("n"), F.sum("passengers").alias("p"))',
  },
  "complete mode sorted by count": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "complete",
    kindling: (src, F) => src.groupBy("passengers").count().orderBy(F.col("count").desc(), F.col("passengers")),
    pyspark: 'out = src.groupBy("passengers").count().orderBy(F.col("count").desc(), F.col("passengers"))',
  },
  "stateless parse, filter and project, append": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "append",
    kindling: (src, F) => src.filter(F.col("fare").gt(5)).select(F.col("vendor"), F.hour(F.col("pickup")).alias("h"), F.col("fare").multiply(2).alias("double_fare")),
    pyspark: 'out = src.filter(F.col("fare") > 5).select("vendor", F.hour("pickup").alias("h"), (F.col("fare") * 2).alias("double_fare"))',
  },
  "stream-static inner join, append": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "append",
    statics: { vendors: { schema: "vendor INT, name STRING", rows: [{ vendor: 1, name: "Creative Mobile" }, { vendor: 2, name: "VeriFone" }] } },
    kindling: (src) => src.join(src.sparkSession.table("vendors"), "vendor").select("vendor", "name", "fare"),
    pyspark: 'out = src.join(statics["vendors"], "vendor").select("vendor", "name", "fare")',
  },
  "stream-static left join, then count per name, complete": {
    schema: RIDES,
    steps: RIDE_STEPS,
    outputMode: "complete",
    statics: { vendors: { schema: "vendor INT, name STRING", rows: [{ vendor: 1, name: "Creative Mobile" }] } },
    kindling: (src) => src.join(src.sparkSession.table("vendors"), "vendor", "left").groupBy("name").count(),
    pyspark: 'out = src.join(statics["vendors"], "vendor", "left").groupBy("name").count()',
  },
};

/** The same streams through the same queries in Kindling and PySpark 4.1.1: identical rows per batch. */
describe("streaming aggregations against PySpark", () => {
  let oracle: PySparkOracle;
  beforeAll(async () => {
    oracle = await PySparkOracle.start();
  });
  afterAll(async () => {
    await oracle?.stop();
  });

  for (const [name, c] of Object.entries(CASES)) {
    it(name, async () => {
      const spark = SparkSession.builder.getOrCreate();
      const theirs = await runInSpark(oracle, c);
      const ours = await runInKindling(spark, c);
      expect(ours.columns).toEqual(theirs.columns);
      expectSameRows(ours.rows, theirs.rows, { names: ["Kindling", "PySpark"], columns: ours.columns });
    });
  }
});
