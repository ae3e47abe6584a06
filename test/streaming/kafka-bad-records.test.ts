/**
 * A malformed record in a Kafka stream: under ANSI (Spark 4's default) the course's parse fails the
 * query with Spark's error, naming the Kafka record (topic, partition, offset) it came from; the
 * batches before it stay committed (nothing already accepted is lost), and a restart fails on the
 * same record again rather than skipping it. With ANSI off the field becomes NULL, as in Spark.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession, type DataFrame } from "../../src/index.js";
import { parseRides } from "../../src/cli/course-job.js";
import { kindlingRows } from "../differential/support/diff-case.js";
import { requireKafka } from "../support/stack.js";

const topic = `kbad-${process.pid}-${Date.now()}`;
const good = (i: number): string => `${(i % 2) + 1}, 2020-07-01 00:${String(i % 60).padStart(2, "0")}:00, 2020-07-01 01:00:00, 1, 1.50, 2, 9.3`;
const BAD_OFFSET = 25;
const BAD = "2, 2020-07-01 00:10:00, 2020-07-01 01:00:00, one, 1.50, 2, 9.3";

describe("a malformed Kafka record", () => {
  let servers: string;
  const dir = mkdtempSync(join(tmpdir(), "kindling-bad-records-"));

  beforeAll(async () => {
    servers = await requireKafka();
    const kafka = new Kafka({ clientId: "kindling-test", brokers: [servers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: 40 }, (_, i) => ({ value: i === BAD_OFFSET ? BAD : good(i) })) });
    await producer.disconnect();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (spark: SparkSession, checkpoint: string, seen: unknown[][]): Promise<Error | null> => {
    const src = spark.readStream.format("kafka").option("kafka.bootstrap.servers", servers).option("subscribe", topic)
      .option("startingOffsets", "earliest").option("maxOffsetsPerTrigger", 10).load();
    const q = (parseRides(src) as DataFrame).writeStream
      .foreachBatch((df, id) => {
        for (const r of kindlingRows(df)) seen.push([id, ...r]);
      })
      .option("checkpointLocation", checkpoint)
      .trigger({ availableNow: true })
      .start();
    try {
      await q.awaitTermination();
      return null;
    } catch (e) {
      return e as Error;
    }
  };

  for (const master of ["local[1]", "local[2]"]) it(`fails under ANSI naming the record, keeps the batches before it, and fails there again on restart (${master})`, async () => {
    const spark = SparkSession.builder.getOrCreate();
    spark.conf.set("spark.sql.ansi.enabled", "true");
    spark.conf.set("spark.master", master); // one thread: the main thread's evaluation; two: worker threads
    const checkpoint = join(dir, `ansi-${master}`);
    const seen: unknown[][] = [];
    const error = await run(spark, checkpoint, seen);
    expect(error?.message).toMatch(/\[CAST_INVALID_INPUT\] The value 'one' of the type "STRING" cannot be cast to "INT"/);
    expect(error?.message).toContain(`(Kafka topic ${topic}, partition 0, offset ${BAD_OFFSET})`);
    // Batches 0 and 1 (offsets 0-19) were written and committed before batch 2 failed.
    expect(seen.length).toBe(20);
    expect(readdirSync(join(checkpoint, "commits")).filter((f) => /^\d+$/.test(f)).sort()).toEqual(["0", "1"]);
    const again: unknown[][] = [];
    const second = await run(spark, checkpoint, again);
    expect(second?.message).toContain(`(Kafka topic ${topic}, partition 0, offset ${BAD_OFFSET})`);
    expect(again).toEqual([]); // batch 2 re-runs and fails; nothing is skipped or written twice
  });

  it("gives NULL for the bad field with ANSI off, as Spark does", async () => {
    const spark = SparkSession.builder.getOrCreate();
    spark.conf.set("spark.sql.ansi.enabled", "false");
    try {
      const seen: unknown[][] = [];
      expect(await run(spark, join(dir, "legacy"), seen)).toBeNull();
      expect(seen).toHaveLength(40);
      const bad = seen.filter((r) => r[4] === null); // passenger_count
      expect(bad).toHaveLength(1);
      expect(bad[0]![1]).toBe(2);
    } finally {
      spark.conf.set("spark.sql.ansi.enabled", "true");
    }
  });
});
