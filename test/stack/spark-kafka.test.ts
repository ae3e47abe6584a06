import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Kafka, Partitioners, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sparkSubmit } from "../../src/stack/spark-submit.js";
import { requireKafka, requireSpark, stack } from "../support/stack.js";

const COUNT = 2_500;
const topic = `kindling-spark-count-${process.pid}-${Date.now()}`;

/** A PySpark job submitted to the stack's master reads a topic through spark-sql-kafka. */
describe("spark-submit to the stack's master", () => {
  let kafka: Kafka;

  beforeAll(async () => {
    kafka = new Kafka({ clientId: "kindling-test", brokers: [await requireKafka()], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3, replicationFactor: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: COUNT }, (_, i) => ({ key: String(i % 7), value: `ride ${i}` })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it("counts every record of a 3-partition topic", async () => {
    const master = await requireSpark();
    const out = join(mkdtempSync(join(tmpdir(), "kindling-spark-")), "count.json");
    const log = join(stack.paths.state, "logs", "test-spark-kafka.log");
    const result = await sparkSubmit(stack, "spark-jobs/kafka_count.py", ["--bootstrap", await requireKafka(), "--topic", topic, "--out", out], {
      master,
      logFile: log,
      timeoutMs: 240_000,
    });
    expect(result.code, `spark-submit failed; see ${log}:\n${result.stderr.slice(-3000)}`).toBe(0);
    const counted = JSON.parse(readFileSync(out, "utf8")) as { count: number; partitions: Record<string, number> };
    expect(counted.count).toBe(COUNT);
    expect(Object.keys(counted.partitions).sort()).toEqual(["0", "1", "2"]);
  });
});
