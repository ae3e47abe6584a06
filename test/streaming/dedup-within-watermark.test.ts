/**
 * dropDuplicatesWithinWatermark beyond the differential cases in dedup.test.ts: the refusals Spark
 * makes (texts from PySpark 4.1.1), state counts from Spark's own StreamingDeduplicationWithinWatermarkSuite,
 * a restart from the checkpoint keeping the expiries, and the PySpark code generator.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { functions as F, SparkSession, types as T } from "../../src/index.js";
import { MemoryStream } from "../../src/connectors/memory/memory-stream.js";
import { streamingDataFrame } from "../../src/streaming/data-stream-reader.js";
import type { StreamingQueryProgress } from "../../src/streaming/progress.js";

const spark = SparkSession.builder.getOrCreate();
const SCHEMA = T.StructType([T.StructField("k", T.StringType()), T.StructField("eventTime", T.TimestampType())]);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Rows `{ k, eventTime }` from `[k, seconds]` pairs. */
const at = (pairs: ReadonlyArray<readonly [string, number]>) => pairs.map(([k, s]) => ({ k, eventTime: new Date(s * 1000) }));

/** `k` deduplicated within a watermark on `eventTime`: the shape of Spark's suite. */
function query(input: MemoryStream, delay: string) {
  return streamingDataFrame(spark, input).withWatermark("eventTime", delay).dropDuplicatesWithinWatermark(["k"]);
}

/** Runs one step per batch with availableNow, collecting [batchId, k, t] rows and the progress. */
async function run(df: ReturnType<typeof query>, checkpoint?: string) {
  const rows: unknown[][] = [];
  let w = df.writeStream.outputMode("append").foreachBatch((b, id) => {
    for (const r of b.collect()) rows.push([id, r.k, (r.eventTime as Date).getTime() / 1000]);
  });
  if (checkpoint !== undefined) w = w.option("checkpointLocation", checkpoint);
  const q = w.trigger({ availableNow: true }).start();
  await q.awaitTermination();
  const progress: readonly StreamingQueryProgress[] = q.recentProgress;
  return { rows, progress };
}

const state = (p: StreamingQueryProgress) => ({ total: p.stateOperators[0]!.numRowsTotal, updated: p.stateOperators[0]!.numRowsUpdated, dropped: p.stateOperators[0]!.numRowsDroppedByWatermark });

describe("dropDuplicatesWithinWatermark", () => {
  it("follows Spark's suite: 'deduplicate with subset of columns which event time column is not in subset'", async () => {
    // As Spark's testStream: each AddData is processed (with any no-data batch it causes) before
    // the next, then the new rows and the state are checked: total from the last batch, updated
    // and dropped summed over the batches since the previous check.
    const input = new MemoryStream(SCHEMA);
    const out: unknown[][] = [];
    const q = query(input, "2 seconds").writeStream.outputMode("append").foreachBatch((b) => {
      for (const r of b.collect()) out.push([r.k, (r.eventTime as Date).getTime() / 1000]);
    }).start();
    let seen = 0;
    const step = async (pairs: ReadonlyArray<readonly [string, number]>) => {
      const before = out.length;
      input.addData(at(pairs));
      await q.processAllAvailable();
      const fresh = q.recentProgress.slice(seen);
      seen = q.recentProgress.length;
      const ops = fresh.map((p) => p.stateOperators[0]!);
      return {
        rows: out.slice(before),
        total: ops[ops.length - 1]!.numRowsTotal,
        updated: ops.reduce((n, o) => n + o.numRowsUpdated, 0),
        dropped: ops.reduce((n, o) => n + o.numRowsDroppedByWatermark, 0),
      };
    };
    try {
      expect(await step([["a", 17]])).toEqual({ rows: [["a", 17]], total: 1, updated: 1, dropped: 0 }); // expires at 19; watermark 15
      expect(await step([["a", 16]])).toEqual({ rows: [], total: 1, updated: 0, dropped: 0 });
      expect(await step([["a", 13]])).toEqual({ rows: [], total: 1, updated: 0, dropped: 1 }); // below the watermark
      // Watermark 20: the no-data batch after this step evicts "a" (19).
      expect(await step([["b", 22], ["c", 21]])).toEqual({ rows: [["b", 22], ["c", 21]], total: 2, updated: 2, dropped: 0 });
      expect(await step([["a", 21]])).toEqual({ rows: [["a", 21]], total: 3, updated: 1, dropped: 0 });
      // Watermark 23: "a" (23) and "c" (23) go.
      expect(await step([["d", 25]])).toEqual({ rows: [["d", 25]], total: 2, updated: 1, dropped: 0 });
      expect(q.recentProgress.every((p) => p.stateOperators[0]!.operatorName === "dedupeWithinWatermark")).toBe(true);
    } finally {
      await q.stop();
    }
  });

  it("checks duplicates before the batch's eviction when all steps are queued (availableNow)", async () => {
    const input = new MemoryStream(SCHEMA, { stepsPerBatch: 1 });
    for (const s of [[["a", 17]], [["b", 22], ["c", 21]], [["a", 21]]] as const) input.addData(at(s));
    const { rows, progress } = await run(query(input, "2 seconds"));
    // No idle time between steps, so no no-data batch: "a" -> 21 meets "a" (expiring at 19) still
    // in the state in batch 2, whose eviction (watermark 20) then removes it. The watermark stays
    // at 20 after batch 2, so no no-data batch follows.
    expect(rows).toEqual([[0, "a", 17], [1, "b", 22], [1, "c", 21]]);
    expect(progress.map((p) => [p.batchId, p.numInputRows, p.stateOperators[0]!.numRowsTotal])).toEqual([[0, 1, 1], [1, 2, 3], [2, 1, 2]]);
  });

  it("keeps each key's expiry across a restart on the same checkpoint", async () => {
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-dedupww-"));
    dirs.push(ckpt);
    const input = new MemoryStream(SCHEMA, { stepsPerBatch: 1 });
    input.addData(at([["a", 100], ["b", 100]]));
    const first = await run(query(input, "10 seconds"), ckpt);
    expect(first.rows).toEqual([[0, "a", 100], [0, "b", 100]]);
    // Batch 1 is the no-data batch for the watermark's move to 90; "a" expires at 110.
    expect(first.progress.map((p) => p.batchId)).toEqual([0, 1]);
    // After the restart a duplicate within the delay is still dropped (batch 2). In batch 3 the
    // watermark is 115: "a" -> 116 is checked before the eviction, so it is still a duplicate;
    // then "a" is evicted and "a" -> 117 passes in batch 4.
    input.addData(at([["a", 105], ["c", 125]]));
    input.addData(at([["a", 116]]));
    input.addData(at([["a", 117]]));
    const second = await run(query(input, "10 seconds"), ckpt);
    expect(second.rows).toEqual([[2, "c", 125], [4, "a", 117]]);
    expect(second.progress.map((p) => p.batchId)).toEqual([2, 3, 4]);
  });

  it("is refused without a watermark, as Spark refuses it", () => {
    const input = new MemoryStream(SCHEMA);
    const noWatermark = streamingDataFrame(spark, input).dropDuplicatesWithinWatermark(["k"]);
    expect(() => noWatermark.writeStream.format("memory").queryName("dd_nowm").start()).toThrow(
      "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark;",
    );
    // The watermarked column projected away before the dedup: no event time left, same refusal.
    const projectedAway = streamingDataFrame(spark, input).withWatermark("eventTime", "5 seconds").select(F.col("k")).dropDuplicatesWithinWatermark();
    expect(() => projectedAway.writeStream.format("memory").queryName("dd_nowm2").start()).toThrow(/without watermark/);
  });

  it("is refused on a batch DataFrame when it runs, and in complete mode", () => {
    const batch = spark.range(5).dropDuplicatesWithinWatermark(["id"]);
    expect(() => batch.collect()).toThrow("dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets;");
    expect(() => batch.show()).toThrow(/not supported with batch DataFrames/);
    const input = new MemoryStream(SCHEMA);
    const df = query(input, "1 second");
    expect(() => df.writeStream.outputMode("complete").format("memory").queryName("dd_complete").start()).toThrow(/output mode is not supported for no streaming aggregations/);
  });

  it("is generated as dropDuplicatesWithinWatermark in PySpark code", () => {
    const df = spark.readStream.format("rate").option("rowsPerSecond", 5).load().withWatermark("timestamp", "5 seconds").dropDuplicatesWithinWatermark(["value"]);
    const code = df.writeStream.format("console").toPySpark();
    expect(code).toContain('.dropDuplicatesWithinWatermark(["value"])');
    expect(code).toMatch(/spark\.readStream\.format\("rate"\)\s*\.option\("rowsPerSecond", "5"\)/);
  });
});
