/**
 * `course-job`: the course's windowed streaming job end to end, from Kafka to Kafka, with trigger
 * availableNow over a whole topic of course-format rides: Kindling (the code `kindling demo` runs,
 * src/cli/course-job.ts) against PySpark local[2] (spark-jobs/course_streaming.py's job) and
 * against reading the same topic with no engine (kafkajs bare consumer, kcat).
 */
import { join } from "node:path";
import { latestOffsets } from "../../src/connectors/kafka/range-reader.js";
import { readRides, startWindowedToKafkaQuery, type CourseJobOptions } from "../../src/cli/course-job.js";
import { SparkSession } from "../../src/index.js";
import { defineScenario } from "../scenario.js";
import { ensureBenchTopic, type BenchTopic } from "../support/bench-topic.js";
import { countBetween, deleteTopics, recreateTopic } from "../support/kafka-timing.js";
import { kafkaBootstrap } from "../support/services.js";
import { SHARED_DRIVER_NOTE } from "../support/spark-driver.js";
import { runSparkJob } from "../support/spark-job.js";
import { kafkajsCount, kcatRead } from "./kafka-read.js";

interface Params {
  readonly records: number;
  readonly partitions: number;
  readonly seed: number;
  /** maxOffsetsPerTrigger of both engines: the batch size of the availableNow run. */
  readonly maxOffsetsPerTrigger: number;
}

interface State {
  readonly topic: BenchTopic;
  readonly output: string;
  readonly maxOffsetsPerTrigger: number;
}

interface SparkOutput {
  readonly input_rows: number;
  readonly output_rows: number;
  readonly batches: number;
  readonly query: number;
  readonly script: number;
  /** Each batch's progress durationMs. */
  readonly durations: ReadonlyArray<Readonly<Record<string, number>>>;
}

let runs = 0;

/** Runs Kindling's course job (the windowed query of `kindling demo`) once, in this process. */
async function kindlingCourseJob(state: State, scratch: string): Promise<{ seconds: number; inputRows: number; outputRows: number; batches: number; outputRecords: number; phases: Record<string, number> }> {
  runs += 1;
  const spark = SparkSession.builder.appName("kindling-bench-course-job").getOrCreate();
  // As `kindling demo` and the PySpark twin: UTC, ANSI off (an empty field is a null).
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  spark.conf.set("spark.sql.ansi.enabled", "false");
  const options: CourseJobOptions = {
    servers: kafkaBootstrap,
    inputTopic: state.topic.topic,
    outputTopic: state.output,
    startingOffsets: "earliest",
    checkpointRoot: join(scratch, `kindling-course-${runs}`),
    maxOffsetsPerTrigger: state.maxOffsetsPerTrigger,
  };
  const outBefore = await latestOffsets(kafkaBootstrap, state.output);
  const t0 = performance.now();
  const query = startWindowedToKafkaQuery(readRides(spark, options), options);
  await query.awaitTermination();
  const seconds = (performance.now() - t0) / 1000;
  const progress = query.recentProgress;
  const outAfter = await latestOffsets(kafkaBootstrap, state.output);
  return {
    seconds,
    inputRows: progress.reduce((n, p) => n + p.numInputRows, 0),
    outputRows: progress.reduce((n, p) => n + p.sink.numOutputRows, 0),
    batches: progress.length,
    outputRecords: countBetween(outBefore, outAfter),
    phases: phaseTotals(progress.map((p) => p.durationMs)),
  };
}

/** Each progress phase (durationMs: latestOffset, getBatch, addBatch, walCommit, …) summed over the run's batches, in ms. */
function phaseTotals(durations: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of durations) for (const [k, v] of Object.entries(d)) out[k] = (out[k] ?? 0) + v;
  return out;
}

const phasesText = (p: Record<string, number>): string =>
  Object.entries(p)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
    .join(", ");

export const courseJob = defineScenario<Params, State>({
  name: "course-job",
  workload:
    "The course's streaming job end to end: read a whole topic of course-format rides (at full size the kafka-read topic, 5 M records) with trigger availableNow, parse `split(CAST(value AS STRING), ', ')` " +
    "into the course's 7 typed columns, withWatermark 10 minutes, count per (10-minute window sliding every 5 minutes, vendor_id), update mode, written to a Kafka topic " +
    "(key = vendor_id, value = count). Records/s = topic records ÷ seconds from the query's start() to its end (the engine's own work: reading, parsing, aggregating, state, sink, checkpoints).",
  sizes: {
    small: { records: 50_000, partitions: 4, seed: 1, maxOffsetsPerTrigger: 25_000 },
    full: { records: 5_000_000, partitions: 4, seed: 1, maxOffsetsPerTrigger: 500_000 },
  },
  repetitions: { small: { warmup: 0, measured: 1 }, full: { warmup: 0, measured: 2 } },
  requires: ["kafka", "spark", "kcat"],
  notes: [
    "Kindling: src/cli/course-job.ts (readRides + startWindowedToKafkaQuery, the code of `kindling demo`) in the harness's process, one thread; " +
      "PySpark: spark-jobs/bench_course_job.py (course_streaming.py's parse_rides, same query) in a fresh spark-submit --master local[2], spark.sql.shuffle.partitions=2 as in the course job.",
    "Both engines read with the same maxOffsetsPerTrigger (see the parameters: the course job's default of 5 000 would make 1 000 micro-batches of the full topic), from earliest, " +
      "with a fresh checkpoint per run, and must report every record of the topic as input.",
    "`PySpark, in job` is query start() → awaitTermination() returned, the same clock as Kindling's; `PySpark, wall` is the whole spark-submit process (JVM start, SparkSession, shutdown).",
    "Ceilings: reading the same topic with no engine: a bare kafkajs consumer counting (connect → last record, kafka-read's measure) and kcat to /dev/null (process spawn → exit).",
    SHARED_DRIVER_NOTE,
  ],
  async setup(params, ctx) {
    const topic = await ensureBenchTopic(kafkaBootstrap, params, ctx.log);
    const output = "bench-course-out";
    await recreateTopic(kafkaBootstrap, output, 1);
    return { topic, output, maxOffsetsPerTrigger: params.maxOffsetsPerTrigger };
  },
  async teardown(state) {
    await deleteTopics(kafkaBootstrap, [state.output]);
  },
  measures: [
    {
      id: "kindling",
      role: "subject",
      description: "Kindling's course job (src/cli/course-job.ts), trigger availableNow, one thread, Kafka → Kafka",
      timeoutMs: 15 * 60_000,
      series: [{ id: "kindling", label: "Kindling course job (query start → end)", unit: "records/s", group: "end-to-end" }],
      async run(state, ctx) {
        const r = await kindlingCourseJob(state, ctx.scratch);
        if (r.inputRows !== state.topic.records) throw new Error(`Kindling's course job read ${r.inputRows} rows, the topic holds ${state.topic.records}`);
        if (r.outputRows <= 0 || r.outputRecords !== r.outputRows) throw new Error(`Kindling's course job reported ${r.outputRows} output rows, ${r.outputRecords} arrived on ${state.output}`);
        ctx.log(`course-job: Kindling ${r.batches} batches, ${r.outputRows} window counts out, ${r.seconds.toFixed(1)} s; progress phases: ${phasesText(r.phases)}`);
        return { kindling: state.topic.records / r.seconds };
      },
    },
    {
      id: "kafkajs-bare",
      role: "ceiling",
      description: "kafkajs consumer.run({ eachBatch }) that only counts messages (kafka-read's ceiling)",
      timeoutMs: 5 * 60_000,
      series: [{ id: "kafkajs", label: "kafkajs bare consumer, read only (connect → last record)", unit: "records/s", group: "end-to-end" }],
      async run(state) {
        const r = await kafkajsCount(state.topic, 4 * 60_000);
        if (r.records !== state.topic.records) throw new Error(`kafkajs counted ${r.records} records, the topic holds ${state.topic.records}`);
        return { kafkajs: r.records / r.totalSeconds };
      },
    },
    {
      id: "kcat",
      role: "peer",
      description: "kcat (librdkafka) reading the whole topic to /dev/null: a native client's read, no engine",
      timeoutMs: 5 * 60_000,
      series: [{ id: "kcat", label: "kcat to /dev/null, read only (spawn → exit)", unit: "records/s", group: "end-to-end" }],
      async run(state) {
        return { kcat: state.topic.records / (await kcatRead(state.topic, 4 * 60_000)) };
      },
    },
    {
      id: "pyspark-local2",
      role: "peer",
      warmup: { small: 0 },
      description: "spark-jobs/bench_course_job.py in spark-submit --master local[2] (PySpark 4.1.1, spark-sql-kafka-0-10), trigger availableNow",
      timeoutMs: 20 * 60_000,
      series: [
        { id: "pyspark-query", label: "PySpark local[2] course job (query start → end)", unit: "records/s", group: "end-to-end" },
        { id: "pyspark-wall", label: "PySpark local[2], wall clock of spark-submit (incl. JVM start)", unit: "records/s", group: "end-to-end" },
      ],
      async run(state, ctx) {
        runs += 1;
        const { output, wallSeconds } = await runSparkJob<SparkOutput>(
          "bench_course_job.py",
          ["--bootstrap", kafkaBootstrap, "--input", state.topic.topic, "--output", state.output, "--max-offsets-per-trigger", String(state.maxOffsetsPerTrigger), "--checkpoint", join(ctx.scratch, `pyspark-course-${runs}`)],
          ctx,
          19 * 60_000,
        );
        if (output.input_rows !== state.topic.records) throw new Error(`PySpark's course job read ${output.input_rows} rows, the topic holds ${state.topic.records}`);
        ctx.log(`course-job: PySpark ${output.batches} batches, ${output.output_rows} window counts out, ${output.query.toFixed(1)} s; progress phases: ${phasesText(phaseTotals(output.durations))}`);
        return { "pyspark-query": state.topic.records / output.query, "pyspark-wall": state.topic.records / wallSeconds };
      },
    },
  ],
});
