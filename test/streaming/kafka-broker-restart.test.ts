import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SparkSession, functions as F, type StreamingQuery } from "../../src/index.js";
import { ensureTopic, withAdmin } from "../../src/connectors/kafka/admin.js";
import { produceRecords } from "../../src/connectors/kafka/producer.js";
import { cli } from "../support/cli.js";
import { freePorts } from "../support/free-ports.js";


/** Resolves when `condition` holds, checking every 100 ms; fails after `timeoutMs` saying what it waited for. */
async function until(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A broker that goes away in the middle of a query: the query waits (its status says so), and when
 * the broker is back it goes on, with every record delivered once — nothing lost, nothing twice.
 * The broker is one of this test's own (own state folder and ports), never the shared one.
 */
describe("Kafka source across a broker restart", () => {
  let env: NodeJS.ProcessEnv;
  let servers: string;
  let state: string;
  let query: StreamingQuery | undefined;

  beforeAll(async () => {
    state = mkdtempSync(join(tmpdir(), "kindling-restart-"));
    const [port, controllerPort] = await freePorts(2);
    env = { ...process.env, KINDLING_STACK_DIR: state, KINDLING_KAFKA_PORT: String(port), KINDLING_KAFKA_CONTROLLER_PORT: String(controllerPort) };
    servers = `127.0.0.1:${port}`;
    const up = await cli(["stack", "up", "kafka"], env);
    expect(up.code, up.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await query?.stop().catch(() => undefined);
    await cli(["stack", "down"], env);
    rmSync(state, { recursive: true, force: true });
  }, 60_000);

  it("waits while the broker is down and then reads on, every record once", async () => {
    const topic = "restart-rides";
    await withAdmin(servers, (admin) => ensureTopic(admin, topic, 2));
    const values = (from: number, to: number): Array<{ key: string; value: string }> =>
      Array.from({ length: to - from }, (_, i) => ({ key: String((from + i) % 2), value: String(from + i) }));
    await produceRecords(values(0, 2000), { servers, topic });

    const spark = SparkSession.builder.getOrCreate();
    const seen: number[] = [];
    query = spark.readStream
      .format("kafka")
      .option("kafka.bootstrap.servers", servers)
      .option("subscribe", topic)
      .option("startingOffsets", "earliest")
      .option("maxOffsetsPerTrigger", 200)
      .load()
      .select(F.col("value").cast("string").alias("v"))
      .writeStream.foreachBatch((df) => {
        for (const row of df.collect()) seen.push(Number(row.get("v")));
      })
      .option("checkpointLocation", join(state, "ckpt"))
      .trigger({ processingTime: "200 milliseconds" })
      .start();

    await until("the first 400 records", () => seen.length >= 400, 60_000);
    const down = await cli(["stack", "down", "kafka"], env);
    expect(down.code, down.stderr).toBe(0);
    const q = query;
    await until("the query to say it waits for the broker", () => q.status.message.startsWith("Waiting for KafkaV2[Subscribe[restart-rides]] to come back"), 90_000);
    expect(q.isActive).toBe(true);

    const up = await cli(["stack", "up", "kafka"], env);
    expect(up.code, up.stderr).toBe(0);
    await produceRecords(values(2000, 3000), { servers, topic });
    await until("all 3000 records", () => seen.length >= 3000, 180_000);
    await q.processAllAvailable();
    await q.stop();

    expect(q.exception()).toBeNull();
    expect(seen.length).toBe(3000);
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 3000 }, (_, i) => i));
  }, 420_000);
});
