/**
 * `kafka-read`: how fast the whole of a topic of course-format rides can be read on this machine:
 * by Kindling's batch Kafka read, by a bare kafkajs consumer (the client Kindling uses: its
 * ceiling), by kcat (librdkafka, a native peer) and by PySpark local[2] through spark-sql-kafka.
 */
import { spawn } from "node:child_process";
import { openSync, closeSync } from "node:fs";
import { connectOrExplain, kafkaClient } from "../../src/connectors/kafka/client.js";
import { SparkSession } from "../../src/index.js";
import { defineScenario } from "../scenario.js";
import { ensureBenchTopic, type BenchTopic } from "../support/bench-topic.js";
import { kafkaBootstrap } from "../support/services.js";
import { SHARED_DRIVER_NOTE } from "../support/spark-driver.js";
import { runSparkJob } from "../support/spark-job.js";

interface Params {
  readonly records: number;
  readonly partitions: number;
  readonly seed: number;
}

interface SparkOutput {
  readonly count: number;
  readonly script_to_count: number;
  readonly session_to_count: number;
  readonly session_start: number;
}

let runNumber = 0;

/**
 * Reads every partition from offset 0 to its end with a bare kafkajs consumer that only counts.
 * Returns seconds from `connect` to the last record, and from the first batch to the last.
 * `maxBytesPerPartition` overrides kafkajs's default fetch size (1 MiB per partition).
 */
export async function kafkajsCount(topic: BenchTopic, timeoutMs: number, maxBytesPerPartition?: number): Promise<{ records: number; totalSeconds: number; steadySeconds: number }> {
  runNumber += 1;
  const t0 = performance.now();
  const consumer = kafkaClient(kafkaBootstrap).consumer({ groupId: `kindling-bench-${process.pid}-${runNumber}`, ...(maxBytesPerPartition === undefined ? {} : { maxBytesPerPartition }) });
  await connectOrExplain(() => consumer.connect(), kafkaBootstrap);
  let records = 0;
  let firstBatchAt = 0;
  const pending = new Set([...topic.ends].filter(([, end]) => end > 0n).map(([p]) => p));
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topic: topic.topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`kafkajs did not reach the end of ${topic.topic} (partitions ${[...pending].join(", ")} pending) within ${timeoutMs / 1000} s`)), timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (firstBatchAt === 0) firstBatchAt = performance.now();
            records += batch.messages.length;
            const end = topic.ends.get(batch.partition) ?? 0n;
            if (batch.messages.length > 0 && BigInt(batch.lastOffset()) >= end - 1n) pending.delete(batch.partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
  }
  const t1 = performance.now();
  await consumer.disconnect();
  return { records, totalSeconds: (t1 - t0) / 1000, steadySeconds: (t1 - firstBatchAt) / 1000 };
}

/**
 * `kcat -C -e -o beginning` over the whole topic with the messages to /dev/null. Not `-q`: kcat's
 * "Reached end of topic … at offset N" lines on stderr (one per partition) are how the run is checked.
 */
export function kcatRead(topic: BenchTopic, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const devNull = openSync("/dev/null", "w");
    const t0 = performance.now();
    const child = spawn("kcat", ["-C", "-b", kafkaBootstrap, "-t", topic.topic, "-e", "-o", "beginning"], { stdio: ["ignore", devNull, "pipe"], timeout: timeoutMs });
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.once("error", (e) => {
      closeSync(devNull);
      reject(new Error(`kcat failed to start: ${e.message} (install it with \`apt-get install kcat\`)`));
    });
    child.once("close", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      closeSync(devNull);
      if (code !== 0) return reject(new Error(`kcat exited with ${String(code)}: ${stderr.slice(-500)}`));
      for (const [p, end] of topic.ends) {
        if (end > 0n && !stderr.includes(`[${p}] at offset ${end}`)) return reject(new Error(`kcat did not report reaching offset ${end} of partition ${p}: ${stderr.slice(-500)}`));
      }
      resolve(seconds);
    });
  });
}

export const kafkaRead = defineScenario<Params, BenchTopic>({
  name: "kafka-read",
  workload:
    "Read a whole topic of course-format ride values (src/datagen courseValues, no keys, no compression) from offset 0 to its end offsets, " +
    "on the local single-broker Kafka at 127.0.0.1, counting the records. The topic is produced once per size and seed and reused.",
  sizes: { small: { records: 200_000, partitions: 4, seed: 1 }, full: { records: 5_000_000, partitions: 4, seed: 1 } },
  repetitions: { small: { warmup: 1, measured: 1 }, full: { warmup: 1, measured: 5 } },
  requires: ["kafka", "spark", "kcat"],
  notes: [
    "Kindling: `spark.read.format('kafka')` with startingOffsets earliest / endingOffsets latest, `.count()`, in the harness's process, timed from the call to the count. " +
      "The read runs in Kindling's Kafka worker thread: one kafkajs consumer in a fresh group of its own (no commits), 128 KiB fetched per partition per request, " +
      "keys and values packed into one buffer per column while fetching, the buffers moved (not copied) to the calling thread.",
    "kafkajs, 128 KiB per partition: the same bare consumer with the fetch size Kindling's batch read uses (kafkajs's default is 1 MiB): " +
      "smaller responses keep fewer decoded messages alive at once, which costs the garbage collector far less on this workload.",
    "kafkajs: a fresh consumer group each run (subscribe fromBeginning, eachBatch counting, default fetch sizes), timed from connect to the last record " +
      "(group join included); `first batch → end` leaves out connect and join.",
    "kcat: `kcat -C -b 127.0.0.1:9092 -t <topic> -e -o beginning > /dev/null` (no consumer group: it assigns all partitions), timed as a process " +
      "from spawn to exit. Not `-q`, so that its per-partition end-of-topic lines can be checked.",
    "PySpark local[2]: `spark.read.format('kafka') … .load().count()` in a fresh spark-submit per repetition. " +
      "`in job` is from the first line of the Python script (the spark-submit JVM is up, the SparkSession is not) to the end of the count; " +
      "`count only` from the ready SparkSession to the end of the count (planning + reading); `wall` is the whole spark-submit process, JVM start and shutdown included.",
    "The broker shares the same two cores with every reader.",
    SHARED_DRIVER_NOTE,
  ],
  async setup(params, ctx) {
    return ensureBenchTopic(kafkaBootstrap, params, ctx.log);
  },
  measures: [
    {
      id: "kindling",
      role: "subject",
      description: 'Kindling: spark.read.format("kafka") … .load().count() (batch read of every partition, earliest → latest, values as Arrow Binary columns)',
      timeoutMs: 5 * 60_000,
      series: [{ id: "kindling", label: "Kindling batch read + count (read → count done)", unit: "records/s", group: "read" }],
      async run(topic) {
        const spark = SparkSession.builder.getOrCreate();
        const t0 = performance.now();
        const n = spark.read.format("kafka").option("kafka.bootstrap.servers", kafkaBootstrap).option("subscribe", topic.topic)
          .option("startingOffsets", "earliest").option("endingOffsets", "latest").load().count();
        const seconds = (performance.now() - t0) / 1000;
        if (n !== topic.records) throw new Error(`Kindling counted ${n} records, the topic holds ${topic.records}`);
        return { kindling: topic.records / seconds };
      },
    },
    {
      id: "kafkajs-bare",
      role: "ceiling",
      description: "kafkajs consumer.run({ eachBatch }) that only counts messages, stopping at the end offsets",
      timeoutMs: 5 * 60_000,
      series: [
        { id: "kafkajs", label: "kafkajs bare consumer (connect → last record)", unit: "records/s", group: "read" },
        { id: "kafkajs-steady", label: "kafkajs bare consumer (first batch → last record)", unit: "records/s", group: "read, steady" },
      ],
      async run(topic) {
        const r = await kafkajsCount(topic, 4 * 60_000);
        if (r.records !== topic.records) throw new Error(`kafkajs counted ${r.records} records, the topic holds ${topic.records}`);
        return { kafkajs: r.records / r.totalSeconds, "kafkajs-steady": r.records / r.steadySeconds };
      },
    },
    {
      id: "kafkajs-bare-128k",
      role: "peer",
      description: "the same bare kafkajs consumer with maxBytesPerPartition 128 KiB (the fetch size of Kindling's batch read)",
      timeoutMs: 5 * 60_000,
      series: [{ id: "kafkajs-128k", label: "kafkajs bare consumer, 128 KiB per partition (connect → last record)", unit: "records/s", group: "read" }],
      async run(topic) {
        const r = await kafkajsCount(topic, 4 * 60_000, 128 * 1024);
        if (r.records !== topic.records) throw new Error(`kafkajs counted ${r.records} records, the topic holds ${topic.records}`);
        return { "kafkajs-128k": r.records / r.totalSeconds };
      },
    },
    {
      id: "kcat",
      role: "peer",
      description: "kcat (librdkafka) reading the whole topic to /dev/null",
      timeoutMs: 5 * 60_000,
      series: [{ id: "kcat", label: "kcat to /dev/null (process spawn → exit)", unit: "records/s", group: "read" }],
      async run(topic) {
        return { kcat: topic.records / (await kcatRead(topic, 4 * 60_000)) };
      },
    },
    {
      id: "pyspark-local2",
      role: "peer",
      // Each run is a fresh spark-submit: a warm-up would only warm the OS file cache.
      warmup: { small: 0 },
      description: "spark-jobs/bench_kafka_count.py in spark-submit --master local[2] (PySpark 4.1.1, spark-sql-kafka-0-10)",
      timeoutMs: 6 * 60_000,
      series: [
        { id: "pyspark-in-job", label: "PySpark local[2], in job (script start → count done)", unit: "records/s", group: "read" },
        { id: "pyspark-count", label: "PySpark local[2], count only (SparkSession ready → count done)", unit: "records/s", group: "read" },
        { id: "pyspark-wall", label: "PySpark local[2], wall clock of spark-submit (incl. JVM start)", unit: "records/s", group: "read" },
      ],
      async run(topic, ctx) {
        const { output, wallSeconds } = await runSparkJob<SparkOutput>("bench_kafka_count.py", ["--bootstrap", kafkaBootstrap, "--topic", topic.topic], ctx, 5 * 60_000);
        if (output.count !== topic.records) throw new Error(`PySpark counted ${output.count} records, the topic holds ${topic.records}`);
        return {
          "pyspark-in-job": topic.records / output.script_to_count,
          "pyspark-count": topic.records / output.session_to_count,
          "pyspark-wall": topic.records / wallSeconds,
        };
      },
    },
  ],
});
