/**
 * The memory scenario's job, in its own Node process so that its resident memory is its own:
 * the course's windowed count (watermark 10 minutes, 10-minute windows sliding every 5 minutes per
 * vendor, update mode, to a Kafka topic) from given offsets, trigger processingTime 1 second; or,
 * with `--bare`, a kafkajs consumer that only counts (the floor: Node + the Kafka client).
 *
 * Protocol (stdout, one JSON object a line): `{"ready":true}` once running; a sample every
 * `--sample-ms`: `{"t":seconds,"rss":bytes,"heapUsed":bytes,"input":rowsSoFar,"stateRows":n,"stateBytes":n}`;
 * on a line `stop` on stdin it stops and prints `{"done":true,"maxRss":bytes,"input":n}` and exits.
 */
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { connectOrExplain, kafkaClient } from "../../src/connectors/kafka/client.js";

const { values } = parseArgs({
  options: {
    servers: { type: "string" },
    input: { type: "string" },
    output: { type: "string" },
    from: { type: "string" },
    checkpoint: { type: "string" },
    "sample-ms": { type: "string", default: "500" },
    bare: { type: "boolean", default: false },
    "max-seconds": { type: "string", default: "900" },
  },
});
const servers = values.servers ?? "";
const input = values.input ?? "";
const started = performance.now();
const emit = (o: object): void => void process.stdout.write(`${JSON.stringify(o)}\n`);

interface Running {
  input(): number;
  state(): { rows: number; bytes: number };
  stop(): Promise<void>;
}

async function startEngine(): Promise<Running> {
  // Loaded only here, so that the bare floor does not carry the engine's code.
  const { SparkSession, functions: F } = await import("../../src/index.js");
  const spark = SparkSession.builder.appName("kindling-bench-memory").getOrCreate();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  spark.conf.set("spark.sql.ansi.enabled", "false");
  const rides = spark.readStream.format("kafka").option("kafka.bootstrap.servers", servers).option("subscribe", input).option("startingOffsets", values.from ?? "latest").load();
  const fields = F.split(F.col("value").cast("string"), ", ");
  const parsed = rides.select(fields.getItem(0).cast("int").alias("vendor_id"), fields.getItem(1).cast("timestamp").alias("tpep_pickup_datetime"));
  const query = parsed
    .withWatermark("tpep_pickup_datetime", "10 minutes")
    .groupBy(F.window(F.col("tpep_pickup_datetime"), "10 minutes", "5 minutes"), F.col("vendor_id"))
    .count()
    .select(F.col("vendor_id").cast("string").alias("key"), F.col("count").cast("string").alias("value"))
    .writeStream.outputMode("update")
    .format("kafka")
    .option("kafka.bootstrap.servers", servers)
    .option("topic", values.output ?? "")
    .option("checkpointLocation", values.checkpoint ?? "")
    .trigger({ processingTime: "1 second" })
    .start();
  let total = 0;
  let seen = -1;
  return {
    input() {
      // recentProgress is bounded (the last 100): add each batch once, by id.
      for (const p of query.recentProgress) {
        if (p.batchId > seen) {
          seen = p.batchId;
          total += p.numInputRows;
        }
      }
      const e = query.exception();
      if (e !== null) throw e;
      return total;
    },
    state() {
      const ops = query.lastProgress?.stateOperators ?? [];
      return { rows: ops.reduce((n, o) => n + o.numRowsTotal, 0), bytes: ops.reduce((n, o) => n + o.memoryUsedBytes, 0) };
    },
    stop: () => query.stop(),
  };
}

async function startBare(): Promise<Running> {
  const consumer = kafkaClient(servers).consumer({ groupId: `kindling-bench-memory-${process.pid}` });
  await connectOrExplain(() => consumer.connect(), servers);
  await consumer.subscribe({ topic: input, fromBeginning: true });
  let total = 0;
  void consumer.run({ autoCommit: false, eachBatch: async ({ batch }) => void (total += batch.messages.length) });
  const from = JSON.parse(values.from ?? "{}") as Record<string, Record<string, number>>;
  for (const [p, o] of Object.entries(from[input] ?? {})) consumer.seek({ topic: input, partition: Number(p), offset: String(o) });
  return { input: () => total, state: () => ({ rows: 0, bytes: 0 }), stop: () => consumer.disconnect() };
}

async function main(): Promise<void> {
  const running = values.bare ? await startBare() : await startEngine();
  emit({ ready: true });
  const sampleMs = Number(values["sample-ms"]);
  const maxMs = Number(values["max-seconds"]) * 1000;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    const s = running.state();
    emit({ t: (performance.now() - started) / 1000, rss: m.rss, heapUsed: m.heapUsed, input: running.input(), stateRows: s.rows, stateBytes: s.bytes });
    if (performance.now() - started > maxMs) process.exit(3);
  }, sampleMs);
  await new Promise<void>((resolve) => {
    const lines = createInterface({ input: process.stdin });
    lines.on("line", (l) => l.trim() === "stop" && resolve());
    lines.on("close", () => resolve());
  });
  clearInterval(timer);
  await running.stop();
  emit({ done: true, maxRss: process.resourceUsage().maxRSS * 1024, input: running.input() });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
