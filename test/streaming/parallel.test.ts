/**
 * Worker-thread parallelism (src/parallel): the same queries over the same real Kafka topic give
 * exactly the same micro-batch outputs with `local[1]`, `local[2]` and `local[3]`, and an error
 * raised inside a worker reaches the user with its class, message and Kafka position.
 *
 * The thresholds are set so every batch really goes to the workers (`minRows` 0, small chunks).
 * local[2] shares the slices between the main thread and its worker (who runs which is up to
 * timing); local[3] runs with `mainThreadSlices` false, so its two workers run every slice, and
 * `worker slices ran` checks that they did: the comparison cannot pass on the main thread alone.
 */
import { Kafka, Partitioners, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession, functions as F, type DataFrame } from "../../src/index.js";
import { parseRides } from "../../src/cli/course-job.js";
import { ExecutionError } from "../../src/common/errors.js";
import { courseLines, generateRides } from "../../src/datagen/rides.js";
import { closeWorkerPools } from "../../src/parallel/worker-pool.js";
import { slicesRunOnWorkers } from "../../src/parallel/run-slices.js";
import { kindlingRows } from "../differential/support/diff-case.js";
import { requireKafka } from "../support/stack.js";

const COUNT = 3000;
const stamp = `${process.pid}-${Date.now()}`;
const topic = `kindling-parallel-${stamp}`;
const badTopic = `kindling-parallel-bad-${stamp}`;

let servers: string;

async function produce(kafka: Kafka, t: string, messages: { key: string | null; value: string; partition: number }[], partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: t, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: t, messages });
  await producer.disconnect();
}

/** Runs `query` over the parsed topic with `master`, every batch through the workers; rows are [batchId, ...columns]. */
async function runWith(master: string, t: string, mode: string, query: (parsed: DataFrame) => DataFrame, minRows = 0, raw = false, mainThreadSlices = true): Promise<unknown[][]> {
  const spark = SparkSession.builder.master(master).getOrCreate();
  spark.conf.set("spark.sql.session.timeZone", "UTC");
  spark.conf.set("spark.kindling.parallel.mainThreadSlices", String(mainThreadSlices));
  spark.conf.set("spark.kindling.parallel.minRows", minRows);
  spark.conf.set("spark.kindling.parallel.chunkRows", 128);
  const src = spark.readStream
    .format("kafka")
    .option("kafka.bootstrap.servers", servers)
    .option("subscribe", t)
    .option("startingOffsets", "earliest")
    .option("maxOffsetsPerTrigger", 1000)
    .load();
  const rows: unknown[][] = [];
  const q = query(raw ? src : parseRides(src))
    .writeStream.outputMode(mode)
    .foreachBatch((df, id) => {
      for (const r of kindlingRows(df)) rows.push([BigInt(id), ...r]);
    })
    .trigger({ availableNow: true })
    .start();
  await q.awaitTermination();
  return rows;
}

describe("worker threads: same results for any local[N]", () => {
  beforeAll(async () => {
    servers = await requireKafka();
    const kafka = new Kafka({ clientId: "kindling-test", brokers: [servers], logLevel: logLevel.NOTHING });
    const rows = [...generateRides({ count: COUNT, seed: 23, missingFraction: 0 })];
    const values = [...courseLines({ count: COUNT, seed: 23, missingFraction: 0 })];
    const messages = values
      .map((value, i) => ({ key: String(rows[i]![0]), value, partition: i % 3 }))
      .filter((m) => !m.value.split(", ").includes(""));
    await produce(kafka, topic, messages, 3);
    // Partition 1's 3rd record (offset 2) has a vendor that is not a number.
    await produce(kafka, badTopic, [
      ...[0, 1, 2, 3].map((i) => ({ key: null, value: `1, 2020-07-01 00:0${i}:00, 2020-07-01 00:10:00, 1, 1.50, 2, 9.3`, partition: 0 })),
      { key: null, value: "2, 2020-07-01 00:00:00, 2020-07-01 00:10:00, 1, 1.50, 2, 9.3", partition: 1 },
      { key: null, value: "2, 2020-07-01 00:01:00, 2020-07-01 00:10:00, 1, 1.50, 2, 9.3", partition: 1 },
      { key: null, value: "two, 2020-07-01 00:02:00, 2020-07-01 00:10:00, 1, 1.50, 2, 9.3", partition: 1 },
      { key: null, value: "2, 2020-07-01 00:03:00, 2020-07-01 00:10:00, 1, 1.50, 2, 9.3", partition: 1 },
    ], 2);
  });

  afterAll(async () => {
    SparkSession.builder.master("local[*]").getOrCreate().conf.unset("spark.kindling.parallel.minRows");
    SparkSession.getActiveSession()?.conf.unset("spark.kindling.parallel.chunkRows");
    SparkSession.getActiveSession()?.conf.unset("spark.kindling.parallel.mainThreadSlices");
    await closeWorkerPools();
  });

  const cases: Record<string, { mode: string; query: (p: DataFrame) => DataFrame; raw?: boolean }> = {
    "the course's 10-minute window sliding every 5 minutes per vendor, watermark, update": {
      mode: "update",
      query: (p) => p.withWatermark("tpep_pickup_datetime", "10 minutes").groupBy(F.window(F.col("tpep_pickup_datetime"), "10 minutes", "5 minutes"), F.col("vendor_id")).count(),
    },
    "avg / sum / min / max / count / first / last / collect_list per vendor, complete": {
      mode: "complete",
      query: (p) =>
        p.groupBy("vendor_id").agg(
          F.avg("trip_distance").alias("avg_distance"),
          F.sum("total_amount").alias("sum_amount"),
          F.sum("passenger_count").alias("passengers"),
          F.min("tpep_pickup_datetime").alias("first_pickup"),
          F.max("total_amount").alias("max_amount"),
          F.count("*").alias("n"),
          F.first("total_amount").alias("first_amount"),
          F.last("payment_type").alias("last_payment"),
          F.collect_list("passenger_count").alias("passenger_list"),
        ),
    },
    "filtered parsed rows, append (no aggregate: the rows come back from the workers)": {
      mode: "append",
      query: (p) => p.filter(F.col("passenger_count").gt(1)).select("vendor_id", "tpep_pickup_datetime", "total_amount"),
    },
    "a filter over the raw Kafka columns before the parse (unread columns ride along), then a count per vendor": {
      mode: "complete",
      raw: true,
      query: (src) => parseRides(src.filter(F.col("value").isNotNull())).groupBy("vendor_id").agg(F.count("*").alias("n"), F.max("total_amount").alias("top")),
    },
  };

  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const one = await runWith("local[1]", topic, c.mode, c.query, 0, c.raw);
      const two = await runWith("local[2]", topic, c.mode, c.query, 0, c.raw);
      const three = await runWith("local[3]", topic, c.mode, c.query, 0, c.raw, false);
      expect(one.length).toBeGreaterThan(0);
      // Exactly equal, in order: same batches, same rows, same float bits.
      expect(two).toEqual(one);
      expect(three).toEqual(one);
    });
  }

  it("worker slices ran (local[3]'s workers ran every slice above)", () => {
    expect(slicesRunOnWorkers()).toBeGreaterThan(0);
  });

  it("keeps batches under spark.kindling.parallel.minRows on the main thread", async () => {
    const before = slicesRunOnWorkers();
    const rows = await runWith("local[2]", topic, "complete", (p) => p.groupBy("vendor_id").count(), 1_000_000, false, false);
    expect(rows.length).toBeGreaterThan(0);
    expect(slicesRunOnWorkers()).toBe(before);
  });

  for (const master of ["local[1]", "local[2]"]) {
    it(`an ANSI cast error inside a ${master === "local[1]" ? "main-thread" : "worker"} slice names its class, message and Kafka position`, async () => {
      // local[2] with mainThreadSlices false: the worker runs both slices (one per partition),
      // so the failing one fails in the worker.
      const before = slicesRunOnWorkers();
      const failure = await runWith(master, badTopic, "update", (p) => p.groupBy("vendor_id").count(), 0, false, master === "local[1]").then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(Error);
      const cause = (failure as Error).cause;
      expect(cause).toBeInstanceOf(ExecutionError);
      const err = cause as ExecutionError;
      expect(err.message).toMatch(/^\[CAST_INVALID_INPUT\] The value 'two' of the type "STRING" cannot be cast to "INT"/);
      expect(err.message).toContain(`(Kafka topic ${badTopic}, partition 1, offset 2)`);
      expect(err.message.match(/Kafka topic/g)).toHaveLength(1);
      expect(err.context).toMatchObject({ topic: badTopic, partition: 1, offset: 2 });
      expect((failure as Error).message).toContain("partition 1, offset 2");
      if (master === "local[2]") expect(slicesRunOnWorkers()).toBeGreaterThan(before);
    });
  }
});
