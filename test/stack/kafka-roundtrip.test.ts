import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Kafka, Partitioners, logLevel, type Admin } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireKafka } from "../support/stack.js";

const run = promisify(execFile);
const COUNT = 10_000;
const topic = `kindling-roundtrip-${process.pid}-${Date.now()}`;

/** The stack's broker takes 10,000 messages on a new 3-partition topic and gives every one back. */
describe("the stack's Kafka broker", () => {
  let kafka: Kafka;
  let admin: Admin;
  const sent = new Map<string, string>();

  beforeAll(async () => {
    kafka = new Kafka({ clientId: "kindling-test", brokers: [await requireKafka()], logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await admin?.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin?.disconnect();
  });

  it("takes 10,000 messages through kafkajs and returns them all to a kafkajs consumer", async () => {
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
    await producer.connect();
    for (let start = 0; start < COUNT; start += 1000) {
      const messages = Array.from({ length: 1000 }, (_, j) => ({ key: `k${start + j}`, value: `value ${start + j}` }));
      for (const m of messages) sent.set(m.key, m.value);
      await producer.send({ topic, messages });
    }
    await producer.disconnect();

    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets).toHaveLength(3);
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(COUNT);

    const received = new Map<string, string>();
    const consumer = kafka.consumer({ groupId: `${topic}-reader` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachBatch: async ({ batch }) => {
          for (const m of batch.messages) received.set(m.key!.toString(), m.value!.toString());
          if (received.size >= COUNT) resolve();
        },
      });
    });
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${received.size} of ${COUNT} messages came back within 60 s`)), 60_000).unref());
    await Promise.race([done, timeout]);
    await consumer.disconnect();
    expect(received).toEqual(sent);
  });

  it("gives the same messages to kcat (librdkafka, a client no one here wrote)", async () => {
    const { stdout } = await run(
      "kcat",
      ["-b", await requireKafka(), "-C", "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k\\t%s\\n"],
      { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
    ).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") throw new Error("kcat is not installed: `apt-get install kcat`");
      throw error;
    });
    const fromKcat = new Map(stdout.trimEnd().split("\n").map((line) => line.split("\t") as [string, string]));
    expect(fromKcat.size).toBe(COUNT);
    expect(fromKcat).toEqual(sent);
  });
});
