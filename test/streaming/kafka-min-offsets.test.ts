/**
 * minOffsetsPerTrigger / maxTriggerDelay on a real topic (KafkaMicroBatchStream.delayBatch): a
 * trigger with fewer new offsets than the minimum plans no batch, until enough arrive or the delay
 * since the last batch has passed; the very first trigger never waits.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKafkaSourceOptions } from "../../src/connectors/kafka/kafka-options.js";
import { KafkaSource } from "../../src/connectors/kafka/kafka-source.js";
import { requireKafka } from "../support/stack.js";

const topic = `kmin-${process.pid}-${Date.now()}`;

describe("minOffsetsPerTrigger and maxTriggerDelay", () => {
  let servers: string;
  let kafka: Kafka;
  const send = async (n: number): Promise<void> => {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: n }, (_, i) => ({ value: `v${i}` })) });
    await producer.disconnect();
  };
  const at = (offset: number): string => JSON.stringify({ [topic]: { "0": offset } });

  beforeAll(async () => {
    servers = await requireKafka();
    kafka = new Kafka({ clientId: "kindling-test", brokers: [servers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    await send(30);
  });

  const sources: KafkaSource[] = [];
  afterAll(async () => {
    for (const s of sources) await s.stop();
  });
  const source = (options: Record<string, string>): KafkaSource => {
    const s = new KafkaSource(parseKafkaSourceOptions({ "kafka.bootstrap.servers": servers, subscribe: topic, startingoffsets: "earliest", ...options }, true));
    sources.push(s);
    return s;
  };

  it("waits for the minimum number of new offsets, then takes them all", async () => {
    const s = source({ minoffsetspertrigger: "50", maxtriggerdelay: "10m" });
    expect(await s.latestOffset(null, { all: false })).toBe(at(30)); // the first trigger never waits
    expect(await s.latestOffset(at(30), { all: false })).toBe(at(30)); // nothing new: no batch
    await send(20);
    expect(await s.latestOffset(at(30), { all: false })).toBe(at(30)); // 20 < 50: still waiting
    await send(40);
    expect(await s.latestOffset(at(30), { all: false })).toBe(at(90)); // 60 >= 50: the batch runs
  });

  it("runs a smaller batch once maxTriggerDelay has passed since the last one", async () => {
    const s = source({ minoffsetspertrigger: "1000", maxtriggerdelay: "300ms" });
    expect(await s.latestOffset(null, { all: false })).toBe(at(90));
    await send(5);
    expect(await s.latestOffset(at(90), { all: false })).toBe(at(90)); // 5 < 1000, and the delay has not passed
    await sleep(350); // the condition under test is the passing of time itself
    expect(await s.latestOffset(at(90), { all: false })).toBe(at(95));
  });

  it("rejects a minimum that is not a positive integer, and a delay that is not a time", () => {
    expect(() => parseKafkaSourceOptions({ "kafka.bootstrap.servers": servers, subscribe: topic, minoffsetspertrigger: "0" }, true)).toThrow(/Invalid value '0' for option 'minOffsetsPerTrigger'/);
    expect(() => parseKafkaSourceOptions({ "kafka.bootstrap.servers": servers, subscribe: topic, maxtriggerdelay: "soon" }, true)).toThrow(/Invalid value 'soon' for option 'maxTriggerDelay'/);
  });
});
