/**
 * `parallel-transform`: Kindling's streaming transform stage (parse + windowed aggregate) on one
 * thread and on worker threads. One micro-batch of course-format Kafka records (4 partitions, as
 * the Kafka source hands them over: one batch per partition, values as bytes) goes through the
 * course's query, `parseRides(src).withWatermark(...).groupBy(window(pickup, 10 min, 5 min),
 * vendor_id).count()` in update mode, as the streaming engine runs it (IncrementalExecutor.runBatch:
 * the stateless chain and partial aggregates per slice, merged into fresh state on the main thread).
 * No Kafka I/O and no sink: the stage that `local[N]` parallelises.
 */
import { parseRides } from "../../src/cli/course-job.js";
import type { KafkaMessage } from "kafkajs";
import { kafkaSchema } from "../../src/connectors/kafka/kafka-batch.js";
import { kafkaMessagesToBatches } from "../../src/connectors/kafka/kafka-messages-batch.js";
import { MemoryStream } from "../../src/connectors/memory/memory-stream.js";
import { functions as F, SparkSession } from "../../src/index.js";
import { DEFAULT_PARALLEL, type ParallelOptions } from "../../src/parallel/run-slices.js";
import { workerPool } from "../../src/parallel/worker-pool.js";
import type { Batch } from "../../src/physical/vector.js";
import { streamingDataFrame } from "../../src/streaming/data-stream-reader.js";
import { IncrementalExecutor } from "../../src/streaming/plan/incremental-executor.js";
import { streamingLeaves } from "../../src/streaming/plan/streaming-leaf.js";
import { courseBinaryColumn } from "../kernels/course-data.js";
import { defineScenario } from "../scenario.js";

const PARTITIONS = 4;

interface Params {
  readonly rows: number;
  readonly seed: number;
}

interface State {
  readonly rows: number;
  /** One batch per partition, Kafka's schema. */
  readonly input: Batch[];
  /** The digest every run must reproduce (set by the first run). */
  expected?: string;
}

/**
 * Partition p of the rows (every PARTITIONS-th value), as the Kafka source hands a fetched slice
 * over: kafkajs-shaped messages whose values are slices of one fetch-response buffer, with record
 * framing (here 20 bytes) between consecutive values, turned into a batch by the streaming source's
 * own kafkaMessagesToBatches (values packed). Building the batch is setup, not measured: the stage
 * starts from it (the Kafka source does that work as it fetches, in both local[1] and local[2]).
 */
function partitionBatch(values: { data: Uint8Array; offsets: Int32Array; length: number }, p: number): Batch {
  const idx: number[] = [];
  for (let i = p; i < values.length; i += PARTITIONS) idx.push(i);
  const FRAMING = 20;
  const size = idx.reduce((a, i) => a + FRAMING + values.offsets[i + 1]! - values.offsets[i]!, 0);
  const response = Buffer.alloc(size);
  let at = 0;
  const messages: KafkaMessage[] = idx.map((i, k) => {
    at += FRAMING;
    const v = values.data.subarray(values.offsets[i]!, values.offsets[i + 1]!);
    response.set(v, at);
    at += v.length;
    return { key: null, value: response.subarray(at - v.length, at), timestamp: "0", attributes: 0, offset: String(k), headers: {} };
  });
  const batches = kafkaMessagesToBatches("rides", p, messages, kafkaSchema(false), false);
  if (batches.length !== 1) throw new Error(`partition ${p}: expected one batch, got ${batches.length}`);
  return batches[0]!;
}

/** Runs the course's windowed count over the input once, in fresh state; returns a digest of the output. */
async function transformOnce(state: State, threads: number): Promise<string> {
  const spark = SparkSession.builder.getOrCreate();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  const source = new MemoryStream(kafkaSchema(false));
  const df = parseRides(streamingDataFrame(spark, source))
    .withWatermark("tpep_pickup_datetime", "10 minutes")
    .groupBy(F.window(F.col("tpep_pickup_datetime"), "10 minutes", "5 minutes"), F.col("vendor_id"))
    .count();
  const options: ParallelOptions = { ...DEFAULT_PARALLEL, threads };
  const exec = new IncrementalExecutor(df.resolved(), streamingLeaves(df.plan), [source], "update", () => ({ ansi: false, timeZone: "UTC", nowMicros: 0n }), false, options);
  const out = await exec.runBatch({ batchId: 0, inputs: [state.input], watermarkMs: 0, lateEventsWatermarkMs: 0, batchTimestampMs: 0 });
  let groups = 0;
  let total = 0n;
  let sumSquares = 0n;
  for (const b of out.output) {
    const counts = b.columns[b.columns.length - 1]!.values as BigInt64Array;
    for (let i = 0; i < b.numRows; i++) {
      groups++;
      total += counts[i]!;
      sumSquares += counts[i]! * counts[i]!;
    }
  }
  return JSON.stringify({ groups, total: String(total), sumSquares: String(sumSquares) });
}

function check(state: State, digest: string, who: string): void {
  const d = JSON.parse(digest) as { total: string };
  if (d.total === "0") throw new Error(`${who}: counted nothing`);
  state.expected ??= digest;
  if (digest !== state.expected) throw new Error(`${who}: window counts ${digest} differ from the first run's ${state.expected}`);
}

function measureThreads(threads: number) {
  return {
    id: `kindling-${threads}t`,
    role: "subject" as const,
    description: `IncrementalExecutor.runBatch of the course's windowed count, local[${threads}]${threads === 1 ? " (main thread)" : ` (the main thread and ${threads - 1} piscina worker${threads > 2 ? "s" : ""}, slices of ${DEFAULT_PARALLEL.chunkRows} rows)`}`,
    series: [{ id: `kindling-${threads}t`, label: `Kindling parse+aggregate, local[${threads}]`, unit: "rows/s" as const, group: "parse+aggregate" }],
    async run(state: State) {
      const t0 = performance.now();
      const digest = await transformOnce(state, threads);
      const seconds = (performance.now() - t0) / 1000;
      check(state, digest, `local[${threads}]`);
      return { [`kindling-${threads}t`]: state.rows / seconds };
    },
  };
}

export const parallelTransform = defineScenario<Params, State>({
  name: "parallel-transform",
  workload:
    "One micro-batch of course-format ride values (4 Kafka partitions, values as bytes) through Kindling's streaming engine: " +
    '`split(CAST(value AS STRING), ", ")` parse of 7 fields, withWatermark, `groupBy(window(pickup, "10 minutes", "5 minutes"), vendor_id).count()` ' +
    "(IncrementalExecutor.runBatch, update mode, fresh state each run), with local[1] and local[2].",
  sizes: { small: { rows: 200_000, seed: 1 }, full: { rows: 2_000_000, seed: 1 } },
  repetitions: { small: { warmup: 1, measured: 3 }, full: { warmup: 1, measured: 7 } },
  requires: [],
  notes: [
    "Rows/s = input rows ÷ seconds of runBatch (planning the fragments, slicing, worker round trips, merging partials into state and emitting the update rows).",
    "local[2]: slices (each partition cut into 16 384-row chunks) run on two threads, the main thread and one piscina worker (local[N] = the main thread and N - 1 workers), values in shared memory as the streaming Kafka source packs them; the worker is started in setup.",
    "ANSI off (spark.sql.ansi.enabled=false): the generated values have empty fields, which then parse to null as in the ceiling scenario.",
    "Every run's output (groups, total count, Σcount²) must equal the first run's, so both thread counts are checked against each other.",
  ],
  async setup(params, ctx) {
    ctx.log(`parallel-transform: generating ${params.rows} course values (seed ${params.seed})`);
    const values = courseBinaryColumn(params.rows, params.seed);
    const input = Array.from({ length: PARTITIONS }, (_v, p) => partitionBatch(values, p));
    workerPool(1); // local[2]'s worker, started before anything is measured
    return { rows: params.rows, input };
  },
  measures: [measureThreads(2), measureThreads(1)],
});
