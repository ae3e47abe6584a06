/**
 * scanKafkaRanges (the batch `read.format("kafka")`'s fetch loop) against the stack's real broker:
 * exact ranges split into several slices, a range that ends on a transaction marker, a range in
 * the middle of a partition, an empty range, and a range the broker never reaches.
 */
import { randomUUID } from "node:crypto";
import { Kafka, logLevel } from "kafkajs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kafkaClient } from "../../src/connectors/kafka/client.js";
import { scanKafkaRanges, type PartitionRange } from "../../src/connectors/kafka/kafka-range-scan.js";
import type { KafkaSlice } from "../../src/connectors/kafka/kafka-slice.js";
import { requireKafka } from "../support/stack.js";

const TOPIC = `kscan-${process.pid}-${Date.now()}`;

/** [offset, value] of every row of the slices, in order. */
function offsetsAndValues(slices: readonly KafkaSlice[]): [bigint, string | null][] {
  return slices.flatMap((s) =>
    Array.from({ length: s.numRows }, (_v, i): [bigint, string | null] => [
      s.offsets[i]!,
      s.value.valid !== null && s.value.valid[i] === 0 ? null : Buffer.from(s.value.data.subarray(s.value.starts[i], s.value.ends[i])).toString("utf8"),
    ]),
  );
}

describe("scanKafkaRanges on the real broker", () => {
  let servers: string;
  let kafka: Kafka;

  beforeAll(async () => {
    servers = await requireKafka();
    kafka = new Kafka({ clientId: "kindling-test", brokers: [servers], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 2 }], waitForLeaders: true });
    await admin.disconnect();
    // Partition 0: 25 plain records (every 6th a tombstone), then a committed transaction of 3,
    // whose commit marker takes offset 28. Partition 1 stays empty.
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: Array.from({ length: 25 }, (_v, i) => ({ partition: 0, value: i % 6 === 5 ? null : `v${i}` })) });
    await producer.disconnect();
    const tx = kafka.producer({ transactionalId: `${TOPIC}-tx`, idempotent: true, maxInFlightRequests: 1 });
    await tx.connect();
    const t = await tx.transaction();
    await t.send({ topic: TOPIC, messages: [0, 1, 2].map((i) => ({ partition: 0, value: `t${i}` })) });
    await t.commit();
    await tx.disconnect();
  }, 60_000);

  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
    await admin.disconnect();
  });

  const scan = (ranges: PartitionRange[], extra: { idleTimeoutMs?: number; maxRowsPerSlice?: number } = {}): Promise<KafkaSlice[][]> =>
    scanKafkaRanges(kafkaClient(servers), servers, `kscan-${randomUUID()}`, ranges, { readUncommitted: true, includeHeaders: false, ...extra });

  it("reads whole ranges, several slices each, up to a transaction marker, and skips an empty one", async () => {
    const [p0, p1] = await scan(
      [
        { topic: TOPIC, partition: 0, start: 0n, end: 29n },
        { topic: TOPIC, partition: 1, start: 0n, end: 0n },
      ],
      { maxRowsPerSlice: 8 },
    );
    expect(p0!.map((s) => s.numRows)).toEqual([8, 8, 8, 4]);
    expect(p1).toEqual([]);
    const expected = [...Array.from({ length: 25 }, (_v, i): [bigint, string | null] => [BigInt(i), i % 6 === 5 ? null : `v${i}`]), ...[0, 1, 2].map((i): [bigint, string | null] => [BigInt(25 + i), `t${i}`])];
    expect(offsetsAndValues(p0!)).toEqual(expected);
    for (const s of p0!) expect([s.topic, s.partition]).toEqual([TOPIC, 0]);
  }, 60_000);

  it("reads exactly [start, end) from the middle of a partition", async () => {
    const [p0] = await scan([{ topic: TOPIC, partition: 0, start: 5n, end: 12n }]);
    expect(offsetsAndValues(p0!)).toEqual([5, 6, 7, 8, 9, 10, 11].map((i) => [BigInt(i), i % 6 === 5 ? null : `v${i}`]));
  }, 60_000);

  it("fails naming the topic, partition and offsets when a range is never reached", async () => {
    await expect(scan([{ topic: TOPIC, partition: 1, start: 0n, end: 5n }], { idleTimeoutMs: 1500 })).rejects.toThrow(`waiting for ${TOPIC}-1 offsets 0..4 from ${servers}`);
  }, 60_000);
});
