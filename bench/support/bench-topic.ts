/**
 * The kafka-read scenario's topic, produced once and reused: named by size and seed, accepted when
 * it has the expected partitions and records (from offset 0), otherwise deleted and produced again.
 */
import { withAdmin } from "../../src/connectors/kafka/admin.js";
import { produceRecords } from "../../src/connectors/kafka/producer.js";
import { courseValues } from "../../src/datagen/rides.js";

export interface BenchTopic {
  readonly topic: string;
  readonly records: number;
  /** High watermark (exclusive end offset) per partition. */
  readonly ends: ReadonlyMap<number, bigint>;
  /** Whether this run produced it (false: reused). */
  readonly produced: boolean;
  readonly produceSeconds?: number;
}

export const benchTopicName = (records: number, seed: number, partitions: number): string => `bench-rides-${records}-s${seed}-p${partitions}`;

async function inspect(servers: string, topic: string): Promise<{ exists: boolean; ends: Map<number, bigint>; total: bigint; fromZero: boolean }> {
  return withAdmin(servers, async (admin) => {
    if (!(await admin.listTopics()).includes(topic)) return { exists: false, ends: new Map(), total: 0n, fromZero: true };
    const offsets = await admin.fetchTopicOffsets(topic);
    const ends = new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
    const total = offsets.reduce((sum, o) => sum + BigInt(o.high) - BigInt(o.low), 0n);
    return { exists: true, ends, total, fromZero: offsets.every((o) => o.low === "0") };
  });
}

export async function ensureBenchTopic(
  servers: string,
  options: { records: number; seed: number; partitions: number },
  log: (line: string) => void,
): Promise<BenchTopic> {
  const topic = benchTopicName(options.records, options.seed, options.partitions);
  const found = await inspect(servers, topic);
  if (found.exists && found.ends.size === options.partitions && found.fromZero && found.total === BigInt(options.records)) {
    log(`kafka-read: reusing topic ${topic} (${options.records} records in ${options.partitions} partitions)`);
    return { topic, records: options.records, ends: found.ends, produced: false };
  }
  await withAdmin(servers, async (admin) => {
    if (found.exists) {
      log(`kafka-read: topic ${topic} has ${found.total} records in ${found.ends.size} partitions, not ${options.records} in ${options.partitions}: recreating it`);
      await admin.deleteTopics({ topics: [topic], timeout: 30_000 });
      for (let i = 0; i < 50 && (await admin.listTopics()).includes(topic); i++) await new Promise((r) => setTimeout(r, 200));
    }
    await admin.createTopics({ topics: [{ topic, numPartitions: options.partitions, replicationFactor: 1 }], waitForLeaders: true });
  });
  log(`kafka-read: producing ${options.records} course-format rides (seed ${options.seed}) to ${topic}`);
  let lastLog = 0;
  const summary = await produceRecords(
    (function* () {
      for (const value of courseValues({ count: options.records, seed: options.seed })) yield { key: null, value };
    })(),
    {
      servers,
      topic,
      batchSize: 10_000,
      onProgress: (sent) => {
        if (sent - lastLog >= 1_000_000) {
          lastLog = sent;
          log(`kafka-read: produced ${sent}`);
        }
      },
    },
  );
  const after = await inspect(servers, topic);
  if (after.total !== BigInt(options.records)) throw new Error(`producing ${topic}: expected ${options.records} records, the topic holds ${after.total}`);
  log(`kafka-read: produced ${summary.records} records in ${summary.seconds.toFixed(1)} s`);
  return { topic, records: options.records, ends: after.ends, produced: true, produceSeconds: summary.seconds };
}
