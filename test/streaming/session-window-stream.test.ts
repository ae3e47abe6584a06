/**
 * Differential: groupBy(session_window(...)) in a stream against PySpark 4.1.1: sessions merged
 * across batches in state (stored sessions bridged by a new row become one), per key, late rows
 * dropped by the watermark, append emitting a session once the watermark passes its end (in a
 * no-data batch too), complete keeping every session, and update mode refused as Spark refuses it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../src/connectors/memory/memory-stream.js";
import { functions as F, SparkSession } from "../../src/index.js";
import { streamingDataFrame } from "../../src/streaming/data-stream-reader.js";
import { parseSchemaDDL } from "../../src/types/ddl.js";
import { kindlingRows } from "../differential/support/diff-case.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";
import { runInKindling, runInSpark, type StreamCase } from "./support/stream-case.js";

const ts = (seconds: number): string => new Date(seconds * 1000).toISOString();

// Two users, 10 s gap and 10 s delay: merges across batches, rows older than the watermark, a
// session that the watermark closes only in the no-data batch after the last step.
const STEPS = [
  [{ u: "a", t: ts(100), v: 1 }, { u: "b", t: ts(102), v: 2 }],
  [{ u: "a", t: ts(108), v: 3 }, { u: "a", t: ts(130), v: 4 }, { u: "b", t: ts(125), v: 5 }],
  [{ u: "a", t: ts(95), v: 6 }, { u: "a", t: ts(120), v: 7 }, { u: "b", t: ts(150), v: 8 }],
  [{ u: "a", t: ts(200), v: 9 }, { u: "b", t: ts(112), v: 10 }, { u: "a", t: ts(60), v: 11 }],
  [{ u: "b", t: ts(300), v: 12 }],
];

// A 5 s gap: a new row that touches two stored sessions merges all three; null user and null time;
// late rows whose session ends at or before the watermark, and one that still reaches past it.
const BRIDGE = [
  [{ u: "a", t: ts(100), v: 1 }, { u: "a", t: ts(110), v: 2 }, { u: null, t: ts(101), v: 3 }, { u: "c", t: null, v: 4 }],
  [{ u: "a", t: ts(105), v: 5 }, { u: null, t: ts(104), v: 6 }, { u: "c", t: ts(130), v: 7 }],
  [{ u: "a", t: ts(140), v: 8 }, { u: "c", t: ts(113), v: 9 }, { u: "c", t: ts(118), v: 10 }, { u: "a", t: ts(117), v: 11 }],
  [{ u: "c", t: ts(134), v: 12 }, { u: null, t: ts(200), v: 13 }],
  [],
];

const QUERY_PY = 'out = src.withWatermark("t", "10 seconds").groupBy(F.session_window("t", "10 seconds"), "u").agg(F.count("*").alias("n"), F.sum("v").alias("s"))';
const BRIDGE_PY =
  'out = src.withWatermark("t", "10 seconds").groupBy("u", F.session_window(F.col("t"), "5 seconds").alias("sw")).agg(F.count("v").alias("n"), F.min("t").alias("first"), F.max("v").alias("top"))';

const CASES: Readonly<Record<string, StreamCase>> = {
  "per-user sessions, append": {
    schema: "u STRING, t TIMESTAMP, v INT",
    steps: STEPS,
    outputMode: "append",
    kindling: (src, F) => src.withWatermark("t", "10 seconds").groupBy(F.session_window("t", "10 seconds"), "u").agg(F.count("*").alias("n"), F.sum("v").alias("s")),
    pyspark: QUERY_PY,
  },
  "per-user sessions, complete (late rows dropped, nothing evicted)": {
    schema: "u STRING, t TIMESTAMP, v INT",
    steps: STEPS,
    outputMode: "complete",
    kindling: (src, F) => src.withWatermark("t", "10 seconds").groupBy(F.session_window("t", "10 seconds"), "u").agg(F.count("*").alias("n"), F.sum("v").alias("s")),
    pyspark: QUERY_PY,
  },
  "stored sessions bridged by a new row, null keys and times, append": {
    schema: "u STRING, t TIMESTAMP, v INT",
    steps: BRIDGE,
    outputMode: "append",
    kindling: (src, F) => src.withWatermark("t", "10 seconds").groupBy(F.col("u"), F.session_window(F.col("t"), "5 seconds").alias("sw"))
      .agg(F.count("v").alias("n"), F.min("t").alias("first"), F.max("v").alias("top")),
    pyspark: BRIDGE_PY,
  },
  "stored sessions bridged by a new row, complete": {
    schema: "u STRING, t TIMESTAMP, v INT",
    steps: BRIDGE,
    outputMode: "complete",
    kindling: (src, F) => src.withWatermark("t", "10 seconds").groupBy(F.col("u"), F.session_window(F.col("t"), "5 seconds").alias("sw"))
      .agg(F.count("v").alias("n"), F.min("t").alias("first"), F.max("v").alias("top")),
    pyspark: BRIDGE_PY,
  },
};

describe("streaming session windows against PySpark", () => {
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
    }, 300_000);
  }

  it("open sessions survive a restart on the same checkpoint (append)", async () => {
    // Stopped after step 3: its closing no-data batch evicts at the watermark the uninterrupted run
    // reaches with step 4 (190 s), so the emitted sessions are the same, only in later batches.
    // a's [200 s, 210 s) session is open at the restart: it is emitted only if the state was restored.
    const c = CASES["per-user sessions, append"]!;
    const theirs = (await runInSpark(oracle, c)).rows.map((r) => r.slice(1));
    const spark = SparkSession.builder.getOrCreate();
    spark.conf.set("spark.sql.session.timeZone", "UTC");
    const schema = parseSchemaDDL(c.schema);
    const toRows = (step: readonly Record<string, unknown>[]) => step.map((r) => ({ u: r["u"], t: new Date(r["t"] as string), v: r["v"] }));
    const input = new MemoryStream(schema, { stepsPerBatch: 1 });
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-session-ckpt-"));
    const ours: unknown[][] = [];
    const runOnce = async () => {
      const q = c.kindling(streamingDataFrame(spark, input), F).writeStream.outputMode("append").option("checkpointLocation", ckpt)
        .foreachBatch((df) => { for (const r of kindlingRows(df)) ours.push(r); })
        .trigger({ availableNow: true }).start();
      await q.awaitTermination();
    };
    try {
      for (const step of STEPS.slice(0, 4)) input.addData(toRows(step));
      await runOnce();
      expect(ours.length).toBeGreaterThan(0);
      input.addData(toRows(STEPS[4]!));
      await runOnce();
    } finally {
      rmSync(ckpt, { recursive: true, force: true });
    }
    expectSameRows(ours, theirs, { names: ["Kindling", "PySpark"], columns: ["session_window", "u", "n", "s"] });
  }, 300_000);

  it("update mode is refused with Spark's error", async () => {
    const c: StreamCase = { ...CASES["per-user sessions, append"]!, outputMode: "update" };
    const err = "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: update. This output mode is not supported for session window streaming aggregations";
    await expect(runInSpark(oracle, c)).rejects.toThrow(err);
    await expect(runInKindling(SparkSession.builder.getOrCreate(), c)).rejects.toThrow(err);
  }, 300_000);

  it("append mode without a watermark is refused with Spark's error", async () => {
    const c: StreamCase = {
      ...CASES["per-user sessions, append"]!,
      kindling: (src, F) => src.groupBy(F.session_window("t", "10 seconds"), "u").count(),
      pyspark: 'out = src.groupBy(F.session_window("t", "10 seconds"), "u").count()',
    };
    const err = "STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION] Invalid streaming output mode: append. This output mode is not supported for streaming aggregations without watermark";
    await expect(runInSpark(oracle, c)).rejects.toThrow(err);
    await expect(runInKindling(SparkSession.builder.getOrCreate(), c)).rejects.toThrow(err);
  }, 300_000);
});
