/**
 * A streaming aggregation's state in `spark.sql.shuffle.partitions` partitions, checkpointed as
 * per-batch deltas of the partitions that changed and periodic snapshots: the output does not depend on the partition
 * count, a restart keeps the count its checkpoint was written with whatever the session now says
 * (Spark's guide: the setting "cannot be changed between query restarts from the same checkpoint
 * location"; OffsetSeqMetadata pins it), and a checkpoint in the single-file form of earlier
 * Kindling versions restores and is carried on in partitions.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MemoryStream } from "../../src/connectors/memory/memory-stream.js";
import { functions as F, SparkSession, type StreamingQueryProgress } from "../../src/index.js";
import { streamingDataFrame } from "../../src/streaming/data-stream-reader.js";
import { parseSchemaDDL } from "../../src/types/ddl.js";
import { PartitionedStateFiles } from "../../src/streaming/checkpoint/partitioned-state-files.js";
import { kindlingRows } from "../differential/support/diff-case.js";
import { expectSameRows } from "../support/compare-rows.js";
import { PySparkOracle } from "../support/pyspark-oracle.js";

const SCHEMA = parseSchemaDDL("t TIMESTAMP, vendor INT, fare DOUBLE");
const at = (minute: number): Date => new Date(Date.UTC(2020, 6, 1, 0, minute));
/** Four micro-batches of rides over 12 vendors and an hour, some in windows earlier batches opened. */
const STEPS = Array.from({ length: 4 }, (_s, b) =>
  Array.from({ length: 60 }, (_r, i) => ({ t: at((b * 17 + i * 7) % 75), vendor: (i * 5 + b) % 12, fare: ((i * 37 + b * 11) % 400) / 8 })),
);

const spark = SparkSession.builder.getOrCreate();
const dirs: string[] = [];
afterEach(() => {
  spark.conf.set("spark.sql.shuffle.partitions", "200");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs what `input` holds (one step a batch) through the windowed sum in update mode; returns every emitted row and the progress. */
async function runSteps(input: MemoryStream, partitions: number, checkpoint: string | null): Promise<{ rows: unknown[][]; progress: StreamingQueryProgress[] }> {
  spark.conf.set("spark.sql.shuffle.partitions", String(partitions));
  const rows: unknown[][] = [];
  let w = streamingDataFrame(spark, input)
    .groupBy(F.window("t", "10 minutes", "5 minutes"), "vendor")
    .agg(F.count("*").alias("n"), F.sum("fare").alias("fares"))
    .writeStream.outputMode("update")
    .foreachBatch((df) => { for (const r of kindlingRows(df)) rows.push(r); });
  if (checkpoint !== null) w = w.option("checkpointLocation", checkpoint);
  const q = w.trigger({ availableNow: true }).start();
  await q.awaitTermination();
  return { rows, progress: [...q.recentProgress] };
}

/** The last value each (window, vendor) group had: update mode's output folded by key. */
function finalGroups(rows: readonly unknown[][]): unknown[][] {
  const last = new Map<string, unknown[]>();
  for (const r of rows) last.set(JSON.stringify(r.slice(0, 2), (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)), r);
  return [...last.values()];
}

const COLUMNS = ["window", "vendor", "n", "fares"];

/** The groups (their stored JSON) the checkpoint's state files hold after batch `last`: the snapshot, then the deltas' puts and removals. */
function storedGroups(stateDir: string, partitions: number, last: number): unknown[] {
  type Stored = { key: unknown };
  const groups = new Map<string, Stored>();
  new PartitionedStateFiles(stateDir, partitions).read(last, {
    snapshot: (_p, text) => { for (const g of JSON.parse(text) as Stored[]) groups.set(JSON.stringify(g.key), g); },
    delta: (_p, text) => {
      const d = JSON.parse(text) as { put: Stored[]; removed: unknown[] };
      for (const k of d.removed) groups.delete(JSON.stringify(k));
      for (const g of d.put) groups.set(JSON.stringify(g.key), g);
    },
  });
  return [...groups.values()];
}

/** A memory stream holding `steps`; a restart must read the same (named) stream again. */
function streamOf(steps: readonly (typeof STEPS)[number][], name?: string): MemoryStream {
  const input = new MemoryStream(SCHEMA, { stepsPerBatch: 1, ...(name === undefined ? {} : { name }) });
  for (const s of steps) input.addData(s);
  return input;
}

/** An uninterrupted run of every step, and the first three steps run on a new checkpoint with `partitions`. */
async function firstThreeBatches(name: string, partitions: number) {
  const ckpt = mkdtempSync(join(tmpdir(), "kindling-pstate-"));
  dirs.push(ckpt);
  const whole = await runSteps(streamOf(STEPS), 1, null);
  const input = streamOf(STEPS.slice(0, 3), name);
  const first = await runSteps(input, partitions, ckpt);
  return { ckpt, whole, input, first, state: join(ckpt, "state", "0") };
}

describe("partitioned aggregation state", () => {
  it("emits the same rows for 1, 3 and 200 partitions, reported in the progress", async () => {
    const one = await runSteps(streamOf(STEPS), 1, null);
    expect(one.rows.length).toBeGreaterThan(100);
    for (const n of [3, 200]) {
      const run = await runSteps(streamOf(STEPS), n, null);
      expectSameRows(run.rows, one.rows, { names: [`${n} partitions`, "1 partition"], columns: COLUMNS });
      const op = run.progress.at(-1)!.stateOperators[0]!;
      expect([op.numShufflePartitions, op.numStateStoreInstances]).toEqual([n, n]);
    }
  }, 120_000);

  it("keeps the checkpoint's partition count across a restart and ends with an uninterrupted run's groups", async () => {
    const { ckpt, whole, input, first, state } = await firstThreeBatches("rides", 5);
    expect(JSON.parse(readFileSync(join(state, "partitions.json"), "utf8"))).toEqual({ numPartitions: 5 });
    expect(readdirSync(state).sort()).toEqual(["0.snapshot", "1.delta", "2.delta", "partitions.json"]);
    // The session now asks for 3: the checkpoint's 5 wins, the state restores, batch 3 adds to it.
    input.addData(STEPS[3]!);
    const second = await runSteps(input, 3, ckpt);
    expect(second.progress.map((p) => p.batchId)).toEqual([3]);
    expect(second.progress[0]!.stateOperators[0]!.numShufflePartitions).toBe(5);
    expectSameRows(finalGroups([...first.rows, ...second.rows]), finalGroups(whole.rows), { names: ["restarted", "uninterrupted"], columns: COLUMNS });
    const lastOffsets = readFileSync(join(ckpt, "offsets", "3"), "utf8");
    expect(lastOffsets).toContain('"spark.sql.shuffle.partitions":"5"');
    expect(storedGroups(state, 5, 3)).toHaveLength(finalGroups(whole.rows).length);
  }, 120_000);

  it("restores a checkpoint whose state is in the single-file form of earlier versions", async () => {
    // 50 partitions: batch 3 changes some, not all, so the restore must write the others down (a snapshot).
    const { ckpt, whole, input, first, state } = await firstThreeBatches("rides-old", 50);
    // Rewrite the state as earlier versions left it: one state/0/<batch>.json of [mapKey, group] pairs.
    const groups = storedGroups(state, 50, 2);
    expect(groups.length).toBeGreaterThan(50);
    rmSync(state, { recursive: true });
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, "2.json"), JSON.stringify(groups.map((g, i) => [`k${i}`, g])));
    input.addData(STEPS[3]!);
    const second = await runSteps(input, 4, ckpt);
    expectSameRows(finalGroups([...first.rows, ...second.rows]), finalGroups(whole.rows), { names: ["restored from the old form", "uninterrupted"], columns: COLUMNS });
    // Earlier versions recorded the setting in the offsets too: it stays 50.
    expect(JSON.parse(readFileSync(join(state, "partitions.json"), "utf8"))).toEqual({ numPartitions: 50 });
    // Every restored group is written in the new form (not only those batch 3 changed).
    expect(storedGroups(state, 50, 3)).toHaveLength(finalGroups(whole.rows).length);
  }, 120_000);
});

describe("state values plain JSON cannot hold", () => {
  it("a count and max per binary key (as a Kafka key is) with NaN and infinite values continues after a restart", async () => {
    const schema = parseSchemaDDL("k BINARY, x DOUBLE");
    const bytes = (s: string) => new TextEncoder().encode(s);
    const steps = [
      [{ k: bytes("a"), x: Infinity }, { k: bytes("b"), x: NaN }, { k: bytes("c"), x: 1 }],
      [{ k: bytes("a"), x: 2 }, { k: bytes("b"), x: 3 }, { k: bytes("c"), x: -Infinity }],
    ];
    const run = async (input: MemoryStream, ckpt: string | null): Promise<unknown[][]> => {
      const rows: unknown[][] = [];
      let w = streamingDataFrame(spark, input).groupBy("k").agg(F.count("*").alias("n"), F.max("x").alias("m"))
        .writeStream.outputMode("complete").foreachBatch((df) => { for (const r of kindlingRows(df)) rows.push(r); });
      if (ckpt !== null) w = w.option("checkpointLocation", ckpt);
      const q = w.trigger({ availableNow: true }).start();
      await q.awaitTermination();
      return rows;
    };
    const streamWith = (n: number, name?: string) => {
      const input = new MemoryStream(schema, { stepsPerBatch: 1, ...(name === undefined ? {} : { name }) });
      for (const st of steps.slice(0, n)) input.addData(st);
      return input;
    };
    const whole = await run(streamWith(2), null);
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-pstate-bin-"));
    dirs.push(ckpt);
    const input = streamWith(1, "binary-keys");
    await run(input, ckpt);
    input.addData(steps[1]!);
    const restarted = await run(input, ckpt);
    // Complete mode: the last batch of each run is the whole state.
    const last = (rows: unknown[][]) => rows.slice(-3);
    expect(restarted).toHaveLength(3);
    expectSameRows(last(restarted), last(whole), { names: ["restarted", "uninterrupted"], columns: ["k", "n", "m"] });
    expect(last(restarted).map((r) => r[1])).toEqual([2n, 2n, 2n]);
  }, 120_000);
});

describe("partitioned dropDuplicates state", () => {
  /** dropDuplicates(["vendor"]) over what `input` holds; returns the rows that passed. */
  async function dedupRun(input: MemoryStream, checkpoint: string | null): Promise<unknown[][]> {
    spark.conf.set("spark.sql.shuffle.partitions", "50");
    const rows: unknown[][] = [];
    let w = streamingDataFrame(spark, input).dropDuplicates(["vendor"]).writeStream.outputMode("append")
      .foreachBatch((df) => { for (const r of kindlingRows(df)) rows.push(r); });
    if (checkpoint !== null) w = w.option("checkpointLocation", checkpoint);
    const q = w.trigger({ availableNow: true }).start();
    await q.awaitTermination();
    return rows;
  }

  it("passes each key once across a restart, as an uninterrupted run does", async () => {
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-pdedup-"));
    dirs.push(ckpt);
    const whole = await dedupRun(streamOf(STEPS), null);
    const input = streamOf(STEPS.slice(0, 3), "rides-dedup");
    const first = await dedupRun(input, ckpt);
    input.addData(STEPS[3]!);
    const second = await dedupRun(input, ckpt);
    // Batch 0 has every vendor: batch 3 (after the restart) passes nothing only if the state was restored.
    expect(whole).toHaveLength(12);
    expect(second).toEqual([]);
    expectSameRows([...first, ...second], whole, { names: ["restarted", "uninterrupted"], columns: ["t", "vendor", "fare"] });
    expect(readdirSync(join(ckpt, "state", "0"))).toContain("0.snapshot");
  }, 120_000);
});

describe("the partition count against PySpark", () => {
  let oracle: PySparkOracle;
  beforeAll(async () => {
    oracle = await PySparkOracle.start();
  }, 300_000);
  afterAll(async () => {
    await oracle?.stop();
  });

  // Two runs of a count per key on one checkpoint over a JSON folder: the first with 5 partitions,
  // the second (after a new file) with the session set to 3. Both engines report what they ran with.
  const PY = `
import json, os, tempfile
src, ck = tempfile.mkdtemp(), tempfile.mkdtemp()
def put(i, keys):
    with open(os.path.join(src, f"{i}.json"), "w") as f:
        f.write("".join(json.dumps({"k": k}) + "\\n" for k in keys))
def run(parts):
    spark.conf.set("spark.sql.shuffle.partitions", str(parts))
    q = (spark.readStream.schema("k INT").json(src).groupBy("k").count()
         .writeStream.format("noop").outputMode("update").option("checkpointLocation", ck)
         .trigger(availableNow=True).start())
    q.awaitTermination()
    op = q.lastProgress["stateOperators"][0]
    return op["numShufflePartitions"], op["numRowsTotal"]
put(0, [i % 7 for i in range(50)])
a = run(5)
put(1, [i % 9 for i in range(50)])
b = run(3)
spark.conf.set("spark.sql.shuffle.partitions", "200")
df = spark.createDataFrame([(a[0], a[1], b[0], b[1])], "first INT, first_groups LONG, restarted INT, restarted_groups LONG")
`;

  it("a restart keeps the checkpoint's spark.sql.shuffle.partitions, as in Spark", async () => {
    const theirs = await oracle.run(PY, { timeoutMs: 240_000 });
    const src = mkdtempSync(join(tmpdir(), "kindling-pstate-src-"));
    const ckpt = mkdtempSync(join(tmpdir(), "kindling-pstate-ck-"));
    dirs.push(src, ckpt);
    const put = (i: number, keys: number[]) => writeFileSync(join(src, `${i}.json`), keys.map((k) => `${JSON.stringify({ k })}\n`).join(""));
    const run = async (parts: number): Promise<[number, bigint]> => {
      spark.conf.set("spark.sql.shuffle.partitions", String(parts));
      const q = spark.readStream.schema("k INT").json(src).groupBy("k").count()
        .writeStream.outputMode("update").option("checkpointLocation", ckpt).foreachBatch(() => {})
        .trigger({ availableNow: true }).start();
      await q.awaitTermination();
      const op = q.lastProgress!.stateOperators[0]!;
      return [op.numShufflePartitions, BigInt(op.numRowsTotal)];
    };
    put(0, Array.from({ length: 50 }, (_v, i) => i % 7));
    const a = await run(5);
    put(1, Array.from({ length: 50 }, (_v, i) => i % 9));
    const b = await run(3);
    expect(theirs.rows).toEqual([[5, 7n, 5, 9n]]);
    expect([[...a, ...b]]).toEqual(theirs.rows);
  }, 300_000);
});
