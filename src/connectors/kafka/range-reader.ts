import { ConnectorError } from "../../common/errors.js";
import { withAdmin } from "./admin.js";
import { connectOrExplain, kafkaClient } from "./client.js";
import type { ConsumedRecord } from "./consumer.js";

/** Offsets per partition: where a range starts (inclusive) or ends (exclusive). */
export type PartitionOffsets = ReadonlyMap<number, bigint>;

/** The current end (high watermark) of every partition of a topic. */
export async function latestOffsets(servers: string, topic: string): Promise<Map<number, bigint>> {
  return withAdmin(servers, async (admin) => new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)])));
}

/**
 * Reads exactly the records in [from, to) of every partition named in `to`, then stops: a bounded
 * read such as Spark's batch `read.format("kafka")` with startingOffsets/endingOffsets.
 * Resolves with the number of records handed to `onRecord`; fails after `timeoutMs` with the
 * partitions that did not reach their end.
 */
export async function readOffsetRange(
  servers: string,
  topic: string,
  from: PartitionOffsets,
  to: PartitionOffsets,
  onRecord: (record: ConsumedRecord) => void,
  timeoutMs = 60_000,
): Promise<number> {
  const pending = new Set([...to].filter(([p, end]) => end > (from.get(p) ?? 0n)).map(([p]) => p));
  if (pending.size === 0) return 0;
  const consumer = kafkaClient(servers).consumer({ groupId: `kindling-range-${process.pid}-${Date.now()}` });
  await connectOrExplain(() => consumer.connect(), servers);
  let count = 0;
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => {
        reject(new ConnectorError(`reading ${topic} did not reach the end offsets of partition(s) ${[...pending].join(", ")} within ${timeoutMs / 1000} s`, { context: { topic } }));
      }, timeoutMs);
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            const start = from.get(batch.partition) ?? 0n;
            const end = to.get(batch.partition);
            if (end === undefined) return;
            for (const m of batch.messages) {
              const offset = BigInt(m.offset);
              if (offset < start || offset >= end) continue;
              onRecord({ topic: batch.topic, partition: batch.partition, offset: m.offset, key: m.key, value: m.value, timestamp: m.timestamp });
              count += 1;
            }
            // Compacted or transactional topics leave gaps: the batch's last offset says how far we got.
            if (BigInt(batch.lastOffset()) >= end - 1n) pending.delete(batch.partition);
            if (pending.size === 0) resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return count;
}
