/**
 * `batch-overhead`: what one micro-batch of a trivial query costs the runtime, apart from any
 * work: a MemoryStream → select/where → memory sink query, default trigger, fed one small batch at
 * a time while it is idle. Kindling (without a checkpoint, as its memory sink allows, and with one)
 * against PySpark local[2] doing the same through Spark's JVM MemoryStream.
 */
import { join } from "node:path";
import { MemoryStream, SparkSession, functions as F, type StreamingQuery, type StreamingQueryListener } from "../../src/index.js";
import type { QueryIdleEvent, QueryProgressEvent } from "../../src/streaming/listener.js";
import { IntegerType, StringType, StructType } from "../../src/types/data-types.js";
import { median } from "../stats.js";
import { defineScenario, type RunContext } from "../scenario.js";
import { SHARED_DRIVER_NOTE } from "../support/spark-driver.js";
import { runSparkJob } from "../support/spark-job.js";

interface Params {
  /** Measured batches per run. */
  readonly batches: number;
  /** Batches each run pushes first, untimed (JIT, first-batch planning). */
  readonly warmupBatches: number;
  readonly rowsPerBatch: number;
}

interface SparkOutput {
  readonly batches: number;
  readonly rows_in_sink: number;
  readonly visible_ms: readonly number[];
  readonly trigger_ms: readonly number[];
  readonly phase_median_ms: Readonly<Record<string, number>>;
  readonly input_rows: readonly number[];
}

/** Per measured batch: push → visible in the sink (ms, performance.now), and the query's own durationMs.triggerExecution. */
interface Timings {
  readonly visible: number[];
  readonly trigger: number[];
  readonly phases: Record<string, number>;
}

const WAIT_MS = 30_000;
let runs = 0;

/**
 * Events of one query, as promises: the next idle round, and the progress of a given batch. The
 * listener is synchronous (Kindling posts progress right after the sink took the batch), so no poll
 * stands between the batch and the clock.
 */
class QueryEvents implements StreamingQueryListener {
  private idle: (() => void) | null = null;
  private progress: { batchId: number; resolve: (p: QueryProgressEvent) => void } | null = null;
  runId = "";

  onQueryIdle(e: QueryIdleEvent): void {
    if (e.runId !== this.runId || this.idle === null) return;
    const resolve = this.idle;
    this.idle = null;
    resolve();
  }

  onQueryProgress(e: QueryProgressEvent): void {
    if (e.progress.runId !== this.runId || this.progress === null || e.progress.batchId < this.progress.batchId) return;
    const { resolve } = this.progress;
    this.progress = null;
    resolve(e);
  }

  nextIdle(query: StreamingQuery): Promise<void> {
    return this.bounded(new Promise<void>((resolve) => (this.idle = resolve)), query, "become idle");
  }

  batchDone(query: StreamingQuery, batchId: number): Promise<QueryProgressEvent> {
    return this.bounded(new Promise<QueryProgressEvent>((resolve) => (this.progress = { batchId, resolve })), query, `finish batch ${batchId}`);
  }

  private async bounded<T>(work: Promise<T>, query: StreamingQuery, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the query did not ${what} within ${WAIT_MS / 1000} s (active: ${String(query.isActive)}, ${String(query.exception()?.message ?? "no exception")})`)), WAIT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Runs the trivial query in this process and times `params.batches` batches after the warm-up ones. */
async function kindlingOverhead(params: Params, ctx: RunContext, checkpoint: boolean): Promise<Timings> {
  runs += 1;
  const spark = SparkSession.builder.appName("kindling-bench-batch-overhead").getOrCreate();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  const schema = StructType([
    { name: "id", dataType: IntegerType(), nullable: false },
    { name: "s", dataType: StringType(), nullable: true },
  ]);
  const input = new MemoryStream(schema);
  const rows = Array.from({ length: params.rowsPerBatch }, (_, i) => [i, `ride-${i}`]);
  const events = new QueryEvents();
  spark.streams.addListener(events);
  const name = `bench_overhead_${runs}`;
  let writer = input
    .toDF(spark)
    .select(F.col("id"), F.col("id").multiply(2).alias("x"), F.col("s"))
    .where(F.col("id").geq(0))
    .writeStream.format("memory")
    .queryName(name);
  if (checkpoint) writer = writer.option("checkpointLocation", join(ctx.scratch, `kindling-overhead-${runs}`));
  const idle = events.nextIdle.bind(events);
  const query = writer.start();
  events.runId = query.runId;
  const visible: number[] = [];
  const trigger: number[] = [];
  const durations: Array<Readonly<Record<string, number>>> = [];
  try {
    let nextIdle = idle(query);
    const total = params.warmupBatches + params.batches;
    for (let b = 0; b < total; b++) {
      await nextIdle;
      const done = events.batchDone(query, b);
      nextIdle = idle(query);
      const t0 = performance.now();
      input.addData(rows);
      const { progress } = await done;
      const ms = performance.now() - t0;
      if (progress.numInputRows !== params.rowsPerBatch) throw new Error(`Kindling batch ${progress.batchId} read ${progress.numInputRows} rows, ${params.rowsPerBatch} were pushed`);
      if (b >= params.warmupBatches) {
        visible.push(ms);
        trigger.push(progress.durationMs["triggerExecution"] ?? Number.NaN);
        durations.push(progress.durationMs);
      }
    }
  } finally {
    await query.stop();
    spark.streams.removeListener(events);
  }
  const exception = query.exception();
  if (exception !== null) throw exception;
  const sinkRows = spark.table(name).count();
  const expected = (params.warmupBatches + params.batches) * params.rowsPerBatch;
  if (sinkRows !== expected) throw new Error(`Kindling's memory sink holds ${sinkRows} rows, expected ${expected}`);
  return { visible, trigger, phases: phaseMedians(durations) };
}

function phaseMedians(durations: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const keys = [...new Set(durations.flatMap((d) => Object.keys(d)))];
  return Object.fromEntries(keys.map((k) => [k, median(durations.map((d) => d[k] ?? 0))]));
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const phasesText = (p: Record<string, number>): string =>
  Object.entries(p)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");

/**
 * durationMs.triggerExecution is whole milliseconds (as Spark's), mostly 0 or 1 for Kindling, so
 * its median says little: the series is the mean over the run's batches (the rounding of a
 * millisecond clock at both ends averages out), floored at 1 µs so that a run of all-zero
 * batches still yields a ratio.
 */
const triggerMean = (xs: readonly number[]): number => Math.max(mean(xs), 0.001);

export const batchOverhead = defineScenario<Params, Params>({
  name: "batch-overhead",
  workload:
    "Per-batch overhead of the streaming runtime with a trivial query: MemoryStream (id int, s string) → select(id, id * 2 AS x, s).where(id >= 0) → memory sink, " +
    "default trigger. Each batch: wait until the query is idle (no data, waiting to poll), push the same small batch of rows with one addData, " +
    "and wait for the real condition that the rows are in the sink (Kindling: the query's progress event for that batch id, posted after the sink took it; " +
    "PySpark: StreamExecution.awaitOffset, the offset committed). Latency = push → visible, per batch; also the query's own durationMs.triggerExecution.",
  sizes: { small: { batches: 25, warmupBatches: 5, rowsPerBatch: 10 }, full: { batches: 500, warmupBatches: 50, rowsPerBatch: 10 } },
  repetitions: { small: { warmup: 0, measured: 1 }, full: { warmup: 0, measured: 3 } },
  requires: ["spark"],
  notes: [
    "Kindling runs in the harness's process, one thread; each run is a new query (fresh MemoryStream, fresh query name) that first pushes the warm-up batches untimed. " +
      "`no checkpoint` is the memory sink's default in Kindling (Spark allows none for the memory sink); `checkpoint` writes the offsets and commits logs to a folder on the same disk " +
      "(each file written, fsync'd and linked into place, two per batch).",
    "An idle Kindling query under the default trigger polls its sources every 10 ms (Spark's pollingDelay), but a MemoryStream announces pushed data and the query plans at once; " +
      "Spark's MicroBatchExecution waits out its poll (10 ms), so part of PySpark's push → visible is that wait.",
    "PySpark: spark-jobs/bench_batch_overhead.py, Spark's JVM MemoryStream (org.apache.spark.sql.execution.streaming.runtime.MemoryStream, as Spark's own tests use it) through py4j, " +
      "the same query to the memory sink with a checkpointLocation in the scratch folder (Spark's memory sink always keeps one, temporary if not given), spark.sql.shuffle.partitions at its default. " +
      "Its push → visible includes two py4j calls (addData, awaitOffset) and the wait for idle polls query.status every 1 ms.",
    "durationMs.triggerExecution is in whole ms in both engines: its series is the mean over a run's batches (for Kindling mostly 0 or 1 ms per batch). " +
      "The push → visible series are medians per run; the table's p50/p99 are over every measured batch of every run. Lower is better: a ratio below 1 means Kindling is faster.",
    SHARED_DRIVER_NOTE,
  ],
  async setup(params) {
    return params;
  },
  measures: [
    {
      id: "kindling",
      role: "subject",
      description: "Kindling MemoryStream → select/where → memory sink, default trigger, no checkpoint, in the harness's process",
      timeoutMs: 5 * 60_000,
      series: [
        { id: "kindling-visible", label: "Kindling, push → visible in sink (no checkpoint)", unit: "ms", group: "push → visible", distribution: true },
        { id: "kindling-trigger", label: "Kindling, triggerExecution, mean (no checkpoint)", unit: "ms", group: "triggerExecution" },
      ],
      async run(params, ctx) {
        const t = await kindlingOverhead(params, ctx, false);
        ctx.log(`batch-overhead: Kindling (no checkpoint) p50 ${median(t.visible).toFixed(3)} ms; phase medians ${phasesText(t.phases)}`);
        return { "kindling-visible": t.visible, "kindling-trigger": triggerMean(t.trigger) };
      },
    },
    {
      id: "kindling-checkpoint",
      role: "subject",
      description: "the same Kindling query with a checkpointLocation (offsets and commits logs written per batch)",
      timeoutMs: 5 * 60_000,
      series: [
        { id: "kindling-ckpt-visible", label: "Kindling, push → visible in sink (checkpoint)", unit: "ms", group: "push → visible", distribution: true },
        { id: "kindling-ckpt-trigger", label: "Kindling, triggerExecution, mean (checkpoint)", unit: "ms", group: "triggerExecution" },
      ],
      async run(params, ctx) {
        const t = await kindlingOverhead(params, ctx, true);
        ctx.log(`batch-overhead: Kindling (checkpoint) p50 ${median(t.visible).toFixed(3)} ms; phase medians ${phasesText(t.phases)}`);
        return { "kindling-ckpt-visible": t.visible, "kindling-ckpt-trigger": triggerMean(t.trigger) };
      },
    },
    {
      id: "pyspark-local2",
      role: "peer",
      description: "spark-jobs/bench_batch_overhead.py: Spark's JVM MemoryStream → the same query → memory sink (with its checkpoint), local[2]",
      timeoutMs: 15 * 60_000,
      series: [
        { id: "pyspark-visible", label: "PySpark local[2], push → committed in sink", unit: "ms", group: "push → visible", distribution: true },
        { id: "pyspark-trigger", label: "PySpark local[2], triggerExecution, mean", unit: "ms", group: "triggerExecution" },
      ],
      async run(params, ctx) {
        runs += 1;
        const { output } = await runSparkJob<SparkOutput>(
          "bench_batch_overhead.py",
          ["--batches", String(params.batches), "--warmup-batches", String(params.warmupBatches), "--rows-per-batch", String(params.rowsPerBatch), "--checkpoint", join(ctx.scratch, `pyspark-overhead-${runs}`)],
          ctx,
          14 * 60_000,
        );
        const expected = (params.warmupBatches + params.batches) * params.rowsPerBatch;
        if (output.rows_in_sink !== expected) throw new Error(`PySpark's memory sink holds ${output.rows_in_sink} rows, expected ${expected}`);
        if (output.visible_ms.length !== params.batches || output.trigger_ms.length !== params.batches || output.input_rows.some((n) => n !== params.rowsPerBatch)) {
          throw new Error(`PySpark timed ${output.visible_ms.length} pushes and ${output.trigger_ms.length} batches (rows ${[...new Set(output.input_rows)].join(", ")}), expected ${params.batches} of ${params.rowsPerBatch} rows`);
        }
        ctx.log(`batch-overhead: PySpark p50 ${median(output.visible_ms).toFixed(1)} ms; phase medians ${phasesText(output.phase_median_ms)}`);
        return { "pyspark-visible": output.visible_ms, "pyspark-trigger": triggerMean(output.trigger_ms) };
      },
    },
  ],
  extraRatios: [
    ["kindling-ckpt-visible", "pyspark-visible"],
    ["kindling-ckpt-trigger", "pyspark-trigger"],
  ],
});
