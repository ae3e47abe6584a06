/**
 * `latency`: end-to-end micro-batch latency at a steady input rate. A producer in its own process
 * sends course-format rides at a fixed rate; a pass-through job (the vendor id as key, the input
 * record's Kafka timestamp copied into the value) writes every record to an output topic; the
 * latency of a record is the output record's Kafka timestamp (set by the sink's producer when it
 * wrote it) minus the input record's timestamp (set by the input producer when it sent it). Both
 * clocks are this machine's; the same measurement for every engine.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Consumer, Producer } from "kafkajs";
import { connectOrExplain, kafkaClient } from "../../src/connectors/kafka/client.js";
import { offsetsToJson } from "../../src/connectors/kafka/kafka-offsets.js";
import { produceRecords } from "../../src/connectors/kafka/producer.js";
import { latestOffsets } from "../../src/connectors/kafka/range-reader.js";
import { courseValues } from "../../src/datagen/rides.js";
import { SparkSession, functions as F } from "../../src/index.js";
import { defineScenario, type RunContext } from "../scenario.js";
import { quantile } from "../stats.js";
import { deleteTopics, outputLatencies, recreateTopic, sleep, waitForRecords } from "../support/kafka-timing.js";
import { kafkaBootstrap } from "../support/services.js";
import { SHARED_DRIVER_NOTE } from "../support/spark-driver.js";
import { readJobOutput, startSparkJob } from "../support/spark-job.js";
import { produceSteadily } from "../support/steady-producer.js";

interface Params {
  readonly ratePerSecond: number;
  readonly seconds: number;
  readonly partitions: number;
}

interface State extends Params {
  readonly input: string;
  readonly output: string;
}

/** An engine running the pass-through job, started from given input offsets. */
interface Engine {
  stop(): Promise<void>;
}

const PRIMER_RECORDS = 200;
let runs = 0;

/**
 * Starts the engine, sends a primer (so that start-up, planning and the first connections are not
 * counted), then the steady load, waits for every output record and stops the engine. Returns
 * the steady records' latencies in ms.
 */
async function measureLatency(state: State, ctx: RunContext, who: string, start: (fromJson: string) => Promise<Engine>): Promise<number[]> {
  runs += 1;
  const inStart = await latestOffsets(kafkaBootstrap, state.input);
  const outStart = await latestOffsets(kafkaBootstrap, state.output);
  const engine = await start(offsetsToJson(new Map([[state.input, inStart]])));
  try {
    const primer = (function* () {
      for (const value of courseValues({ count: PRIMER_RECORDS, seed: 1000 + runs })) yield { key: null, value };
    })();
    await produceRecords(primer, { servers: kafkaBootstrap, topic: state.input });
    const outMark = await waitForRecords(kafkaBootstrap, state.output, outStart, PRIMER_RECORDS, 300_000);
    ctx.log(`latency: ${who} passed the primer through; producing ${state.ratePerSecond}/s for ${state.seconds} s`);
    const sent = await produceSteadily({ servers: kafkaBootstrap, topic: state.input, ratePerSecond: state.ratePerSecond, seconds: state.seconds, seed: runs }, (state.seconds + 60) * 1000);
    const outEnd = await waitForRecords(kafkaBootstrap, state.output, outMark, sent.records, 120_000);
    const latencies = await outputLatencies(kafkaBootstrap, state.output, outMark, outEnd, 120_000);
    if (latencies.length !== sent.records) throw new Error(`${who}: ${latencies.length} output records for ${sent.records} sent`);
    if (sent.seconds > state.seconds * 1.5) ctx.log(`latency: the producer needed ${sent.seconds.toFixed(1)} s for ${state.seconds} s of records (machine busy)`);
    return latencies;
  } finally {
    await engine.stop();
  }
}

function series(values: number[]): { dist: number[]; p99: number } {
  return { dist: values, p99: quantile(values, 0.99) };
}

/** The ceiling: a kafkajs consumer whose eachBatch sends each record's timestamp on to the output topic. */
async function startKafkajsPassThrough(state: State, fromJson: string): Promise<Engine> {
  const offsets = JSON.parse(fromJson) as Record<string, Record<string, number>>;
  const client = kafkaClient(kafkaBootstrap);
  const producer: Producer = client.producer();
  const consumer: Consumer = client.consumer({ groupId: `kindling-bench-latency-${process.pid}-${runs}`, maxWaitTimeInMs: 100 });
  await connectOrExplain(() => producer.connect(), kafkaBootstrap);
  await connectOrExplain(() => consumer.connect(), kafkaBootstrap);
  await consumer.subscribe({ topic: state.input, fromBeginning: true });
  let failure: unknown;
  void consumer
    .run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.messages.length === 0) return;
        await producer.send({ topic: state.output, messages: batch.messages.map((m) => ({ key: m.value?.subarray(0, 1) ?? null, value: m.timestamp })) });
      },
    })
    .catch((e: unknown) => (failure = e));
  for (const [p, o] of Object.entries(offsets[state.input] ?? {})) consumer.seek({ topic: state.input, partition: Number(p), offset: String(o) });
  return {
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
      if (failure !== undefined) throw failure;
    },
  };
}

/** Kindling: readStream kafka → select(key, CAST(timestamp AS STRING)) → writeStream kafka, default trigger. */
async function startKindling(state: State, ctx: RunContext, fromJson: string): Promise<Engine> {
  const spark = SparkSession.builder.appName("kindling-bench-latency").getOrCreate();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  spark.conf.set("spark.sql.ansi.enabled", "false");
  const rides = spark.readStream.format("kafka").option("kafka.bootstrap.servers", kafkaBootstrap).option("subscribe", state.input).option("startingOffsets", fromJson).load();
  const fields = F.split(F.col("value").cast("string"), ", ");
  const query = rides
    .select(fields.getItem(0).alias("key"), F.col("timestamp").cast("string").alias("value"))
    .writeStream.format("kafka")
    .option("kafka.bootstrap.servers", kafkaBootstrap)
    .option("topic", state.output)
    .option("checkpointLocation", join(ctx.scratch, `kindling-latency-${runs}`))
    .start();
  return {
    async stop() {
      await query.stop();
      const e = query.exception();
      if (e !== null) throw e;
    },
  };
}

/** PySpark: spark-jobs/bench_latency.py in spark-submit local[2], told to stop through a file. */
async function startPySpark(state: State, ctx: RunContext, fromJson: string): Promise<Engine> {
  const ready = join(ctx.scratch, `latency-ready-${runs}`);
  const stop = join(ctx.scratch, `latency-stop-${runs}`);
  const maxSeconds = state.seconds + 400;
  const job = startSparkJob(
    "bench_latency.py",
    ["--bootstrap", kafkaBootstrap, "--input", state.input, "--output", state.output, "--starting-offsets", fromJson, "--checkpoint", join(ctx.scratch, `pyspark-latency-${runs}`), "--ready", ready, "--stop", stop, "--max-seconds", String(maxSeconds)],
    ctx,
    (maxSeconds + 60) * 1000,
  );
  let exited = false;
  job.done.then(() => (exited = true), () => (exited = true));
  for (let i = 0; i < 3000 && !existsSync(ready); i++) {
    if (exited) await job.done;
    await sleep(100);
  }
  if (!existsSync(ready)) {
    job.kill();
    throw new Error("PySpark latency job did not start its query within 300 s");
  }
  return {
    async stop() {
      writeFileSync(stop, "stop\n");
      await job.done;
      const out = readJobOutput<{ batches: number; stopped_by: string }>(job);
      ctx.log(`latency: PySpark ran ${out.batches} batches (stopped by ${out.stopped_by})`);
    },
  };
}

export const latency = defineScenario<Params, State>({
  name: "latency",
  workload:
    "A producer in its own Node process sends course-format rides to a 4-partition topic at a steady rate for a fixed time; a pass-through streaming job " +
    "(key = the ride's vendor id from split(value, ', ')[0], value = the input record's Kafka timestamp) writes every record to a 1-partition output topic " +
    "with the default trigger (processingTime 0: the next micro-batch starts when the previous one ends). Latency of a record = its output record's Kafka " +
    "timestamp (set by the sink's producer when it wrote it) − its input record's Kafka timestamp (set by the input producer when it sent it).",
  sizes: { small: { ratePerSecond: 10_000, seconds: 3, partitions: 4 }, full: { ratePerSecond: 10_000, seconds: 60, partitions: 4 } },
  repetitions: { small: { warmup: 0, measured: 1 }, full: { warmup: 0, measured: 2 } },
  requires: ["kafka", "spark"],
  notes: [
    `Each run: the engine starts from the input's current end offsets; ${PRIMER_RECORDS} primer records go through first (so JVM/JIT start, planning and connections are not counted), ` +
      "then the steady load; the harness waits until every steady record is on the output topic, stops the engine, and reads the output back.",
    "Series: the median latency of each run (p50/p99 in the table are over every record of every run) and each run's p99. Lower is better: a ratio below 1 means Kindling is faster.",
    "kafkajs pass-through (ceiling): a kafkajs consumer (maxWaitTimeInMs 100) whose eachBatch sends the batch's timestamps on with a kafkajs producer, in the harness's process.",
    "Kindling runs in the harness's process; PySpark in spark-submit local[2] (PySpark 4.1.1, spark-sql-kafka), the query writing a ready file once started and stopping on a stop file.",
    "The producer, the broker and the engine share the machine's cores: at 10 k records/s on two cores, queueing behind the other processes is part of the number.",
    SHARED_DRIVER_NOTE,
  ],
  async setup(params, ctx) {
    const input = "bench-latency-in";
    const output = "bench-latency-out";
    ctx.log(`latency: recreating topics ${input} (${params.partitions} partitions) and ${output}`);
    await recreateTopic(kafkaBootstrap, input, params.partitions);
    await recreateTopic(kafkaBootstrap, output, 1);
    return { ...params, input, output };
  },
  async teardown(state) {
    await deleteTopics(kafkaBootstrap, [state.input, state.output]);
  },
  measures: [
    {
      id: "kindling",
      role: "subject",
      description: "Kindling readStream kafka → select(key, CAST(timestamp AS STRING)) → writeStream kafka, default trigger, in the harness's process",
      timeoutMs: 8 * 60_000,
      series: [
        { id: "kindling-latency", label: "Kindling, median per run", unit: "ms", group: "latency, median", distribution: true },
        { id: "kindling-p99", label: "Kindling, p99 per run", unit: "ms", group: "latency, p99" },
      ],
      async run(state, ctx) {
        const s = series(await measureLatency(state, ctx, "Kindling", (from) => startKindling(state, ctx, from)));
        return { "kindling-latency": s.dist, "kindling-p99": s.p99 };
      },
    },
    {
      id: "kafkajs-pass-through",
      role: "ceiling",
      description: "kafkajs consumer eachBatch → kafkajs producer.send of the timestamps (no engine)",
      timeoutMs: 8 * 60_000,
      series: [
        { id: "kafkajs-latency", label: "kafkajs pass-through, median per run", unit: "ms", group: "latency, median", distribution: true },
        { id: "kafkajs-p99", label: "kafkajs pass-through, p99 per run", unit: "ms", group: "latency, p99" },
      ],
      async run(state, ctx) {
        const s = series(await measureLatency(state, ctx, "kafkajs", (from) => startKafkajsPassThrough(state, from)));
        return { "kafkajs-latency": s.dist, "kafkajs-p99": s.p99 };
      },
    },
    {
      id: "pyspark-local2",
      role: "peer",
      description: "spark-jobs/bench_latency.py in spark-submit --master local[2]: the same query, default trigger (processingTime 0)",
      timeoutMs: 12 * 60_000,
      series: [
        { id: "pyspark-latency", label: "PySpark local[2], median per run", unit: "ms", group: "latency, median", distribution: true },
        { id: "pyspark-p99", label: "PySpark local[2], p99 per run", unit: "ms", group: "latency, p99" },
      ],
      async run(state, ctx) {
        const s = series(await measureLatency(state, ctx, "PySpark", (from) => startPySpark(state, ctx, from)));
        return { "pyspark-latency": s.dist, "pyspark-p99": s.p99 };
      },
    },
  ],
});
