/**
 * End to end, streaming: a file-source query built in Kindling runs in Kindling (availableNow,
 * Parquet file sink) and, through `writeStream...toPySpark(path)`, on real Spark with its own
 * checkpoint and output folder; reading both outputs back must give the same rows. (A memory or
 * foreachBatch sink is not generatable, so the result goes through files, as a real job's would.)
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functions as F } from "../../src/index.js";
import type { DataFrame } from "../../src/session/dataframe.js";
import { SparkSession } from "../../src/session/spark-session.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { kindlingRows } from "../differential/support/diff-case.js";

interface StreamE2E {
  readonly name: string;
  readonly format: "json" | "csv";
  /** One file per micro-batch (maxFilesPerTrigger 1). */
  readonly files: readonly string[];
  readonly query: (spark: SparkSession, inDir: string) => DataFrame;
  readonly outputMode?: string;
}

const EVENTS_DDL = "id BIGINT, vendor STRING, fare DOUBLE, ts TIMESTAMP";
const jsonLines = (rows: readonly Record<string, unknown>[]): string => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";

const CASES: StreamE2E[] = [
  {
    name: "json files -> filter, withColumn, select -> parquet",
    format: "json",
    files: [
      jsonLines([{ id: 1, vendor: "a", fare: 12.5, ts: "2020-07-01T00:01:00Z" }, { id: 2, vendor: "b", fare: 3.0, ts: "2020-07-01T00:02:00Z" }]),
      jsonLines([{ id: 3, vendor: "a", fare: null, ts: "2020-07-01T00:03:00Z" }, { id: 4, vendor: 'q"uote', fare: 99.9, ts: "2020-07-01T00:04:00Z" }]),
    ],
    query: (spark, dir) => spark.readStream.schema(EVENTS_DDL).option("maxFilesPerTrigger", 1).json(dir)
      .filter(F.col("fare").isNull().or(F.col("fare").gt(5)))
      .withColumn("tip", F.round(F.col("fare").multiply(0.15), 2))
      .select("id", F.upper(F.col("vendor")).alias("vendor"), "tip", F.hour(F.col("ts")).alias("h")),
  },
  {
    name: "csv files with a header -> when/otherwise, cast -> parquet",
    format: "csv",
    files: ["id,vendor,fare,ts\n1,a,12.5,2020-07-01 00:01:00\n2,b,,2020-07-01 00:02:00\n", "id,vendor,fare,ts\n3,\"c, d\",70,2020-07-01 00:03:00\n"],
    query: (spark, dir) => spark.readStream.schema(EVENTS_DDL).option("header", true).option("maxFilesPerTrigger", 1).csv(dir)
      .select(F.col("id"), F.when(F.col("fare").gt(50), "airport").when(F.col("fare").isNull(), "unknown").otherwise("city").alias("kind"), F.col("fare").cast("int").alias("fare_int")),
  },
  {
    name: "json files -> watermark, 10-minute windows, count (append) -> parquet",
    format: "json",
    files: [
      jsonLines([{ id: 1, vendor: "a", fare: 1, ts: "2020-07-01T00:01:00Z" }, { id: 2, vendor: "a", fare: 1, ts: "2020-07-01T00:07:00Z" }, { id: 3, vendor: "b", fare: 1, ts: "2020-07-01T00:12:00Z" }]),
      jsonLines([{ id: 4, vendor: "a", fare: 1, ts: "2020-07-01T00:45:00Z" }]),
      jsonLines([{ id: 5, vendor: "b", fare: 1, ts: "2020-07-01T01:30:00Z" }]),
    ],
    query: (spark, dir) => spark.readStream.schema(EVENTS_DDL).option("maxFilesPerTrigger", 1).json(dir)
      .withWatermark("ts", "5 minutes")
      .groupBy(F.window(F.col("ts"), "10 minutes"), F.col("vendor")).count()
      .select(F.col("window").getField("start").alias("start"), F.col("vendor"), F.col("count")),
  },
];

const spark = SparkSession.builder.appName("bridge-stream-e2e").config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "2").getOrCreate();
let oracle: PySparkOracle | undefined;

beforeAll(async () => {
  oracle = await PySparkOracle.start();
});
afterAll(async () => {
  await oracle?.stop();
});

describe("a generated streaming job gives Kindling's rows on real Spark", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const root = mkdtempSync(join(tmpdir(), "kindling-bridge-stream-"));
      const inDir = join(root, "in");
      mkdirSync(inDir);
      c.files.forEach((text, i) => writeFileSync(join(inDir, `part-${String(i).padStart(5, "0")}.${c.format}`), text));
      const df = c.query(spark, inDir);
      const writer = (ckpt: string) => df.writeStream.format("parquet").outputMode(c.outputMode ?? "append").option("checkpointLocation", ckpt).trigger({ availableNow: true });

      const q = writer(join(root, "kindling-ckpt")).start(join(root, "kindling-out"));
      await q.awaitTermination();
      const kRows = kindlingRows(spark.read.parquet(join(root, "kindling-out")));
      expect(kRows.length, "the Kindling run wrote rows").toBeGreaterThan(0);

      const code = writer(join(root, "spark-ckpt")).toPySpark(join(root, "spark-out"));
      const result = await oracle!.run(`${code}\ndf = spark.read.parquet(${JSON.stringify(join(root, "spark-out"))})\n`, { timeoutMs: 240_000 });
      const columns = result.schema.map((f) => f.name);
      expectSameRows(kRows, result.rows as unknown[][], { names: ["kindling", "spark"], columns });
    }, 300_000);
  }
});
