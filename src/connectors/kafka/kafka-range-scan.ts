import type { Kafka } from "kafkajs";
import { ConnectorError } from "../../common/errors.js";
import { connectOrExplain } from "./client.js";
import { KafkaSliceBuilder, type KafkaSlice } from "./kafka-slice.js";

/** One partition's offsets to read: [start, end). */
export interface PartitionRange {
  readonly topic: string;
  readonly partition: number;
  readonly start: bigint;
  readonly end: bigint;
}

export interface ScanOptions {
  /** Spark's consumers read with Kafka's default isolation (read_uncommitted); kafkajs defaults to read_committed. */
  readonly readUncommitted: boolean;
  readonly includeHeaders: boolean;
  /** Fail when no partition made progress for this long. */
  readonly idleTimeoutMs?: number;
  /** Rows per slice at most (a longer range comes back as several slices). */
  readonly maxRowsPerSlice?: number;
}

interface Scan {
  readonly range: PartitionRange;
  /** The next offset wanted (records before it are re-fetches after a seek). */
  next: bigint;
  builder: KafkaSliceBuilder | null;
  readonly slices: KafkaSlice[];
  done: boolean;
}

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
const MAX_EXACT = 2n ** 53n;
/**
 * Bytes fetched per partition per request (kafkajs's default is 1 MiB). kafkajs decodes a whole
 * fetch response into message objects before handing any of it out; measured on the 5 M-record
 * kafka-read topic (4 partitions, 70-byte values), responses of 128 KiB per partition kept the
 * garbage collector at about 1 s per read instead of about 4 s (1 MiB or 512 KiB per partition),
 * and the read's CPU time from about 10.5 s to about 7.5 s: fewer decoded messages are alive at
 * once, so they die young. A record batch bigger than this still comes back whole (KIP-74).
 */
const FETCH_BYTES_PER_PARTITION = 128 * 1024;

/**
 * Reads exact offset ranges of Kafka partitions once, every partition at the same time over one
 * kafkajs consumer (a group of its own, never committing), building each range's columns while
 * its records arrive (see kafka-slice.ts) and pausing a partition as soon as its range is complete.
 * The bounded read behind `spark.read.format("kafka")`: unlike PartitionFetcher (the streaming
 * source's), nothing is kept for a next batch, so no kafkajs message outlives its fetch.
 * Resolves with each range's slices, in the order of `ranges`.
 */
export async function scanKafkaRanges(kafka: Kafka, servers: string, groupId: string, ranges: readonly PartitionRange[], options: ScanOptions): Promise<KafkaSlice[][]> {
  const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
  const maxRows = options.maxRowsPerSlice ?? 1 << 20;
  const scans = new Map<string, Scan>();
  for (const r of ranges) scans.set(key(r.topic, r.partition), { range: r, next: r.start, builder: null, slices: [], done: r.end <= r.start });
  const all = [...scans.values()];
  if (all.every((s) => s.done)) return all.map(() => []);

  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 30_000,
    rebalanceTimeout: 30_000,
    maxWaitTimeInMs: 100,
    maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
    readUncommitted: options.readUncommitted,
  });
  let lastProgress = Date.now();
  let settle!: (error: Error | null) => void;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === null ? resolve() : reject(error));
  });
  // A failure may come before anything awaits `finished` (during the group join): not an unhandled rejection.
  finished.catch(() => undefined);
  const pause = (s: Scan): void => consumer.pause([{ topic: s.range.topic, partitions: [s.range.partition] }]);
  /** A range is complete once everything before its end was fetched (control records and compaction gaps included). */
  const advance = (s: Scan, next: bigint): void => {
    if (next > s.next) s.next = next;
    if (s.done || s.next < s.range.end) return;
    s.done = true;
    pause(s);
    if (all.every((x) => x.done)) settle(null);
  };
  const newBuilder = (s: Scan): KafkaSliceBuilder => {
    const left = s.range.end - s.next;
    return new KafkaSliceBuilder(s.range.topic, s.range.partition, left < BigInt(maxRows) ? Number(left) : maxRows, options.includeHeaders);
  };

  await connectOrExplain(() => consumer.connect(), servers);
  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress <= idleTimeoutMs) return;
    const s = all.find((x) => !x.done)!;
    settle(
      new ConnectorError(`timed out after ${idleTimeoutMs / 1000} s without progress waiting for ${s.range.topic}-${s.range.partition} offsets ${s.next}..${s.range.end - 1n} from ${servers}`, {
        context: { topic: s.range.topic, partition: s.range.partition, offset: Number(s.next) },
        retriable: true,
        hint: "check that the broker is up (`kindling stack status`) and that the offsets still exist",
      }),
    );
  }, 1000);
  try {
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      // Start every assigned partition where its range wants it, not where the group would; a
      // partition with nothing (more) to read is paused at once. After a retriable crash kafkajs
      // rejoins, and this puts every partition back where the read got to.
      for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
        for (const p of partitions) {
          const s = scans.get(key(topic, p));
          if (s === undefined || s.done) consumer.pause([{ topic, partitions: [p] }]);
          else consumer.seek({ topic, partition: p, offset: String(s.next) });
        }
      }
    });
    consumer.on(consumer.events.CRASH, (event) => {
      // kafkajs restarts the consumer itself after a retriable crash (a broker that went away).
      if (event.payload.restart) return;
      const s = all.find((x) => !x.done) ?? all[0]!;
      settle(new ConnectorError(`reading ${s.range.topic}-${s.range.partition} failed: ${event.payload.error.message}`, { cause: event.payload.error, context: { topic: s.range.topic, partition: s.range.partition, offset: Number(s.next) }, retriable: true }));
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
      // A fetched batch of only control records (a transaction's commit or abort marker) never
      // reaches eachBatch, yet its offsets are part of the range: count them as fetched, or a
      // range ending on a marker would wait forever.
      const { topic, partition, batchSize, lastOffset } = event.payload;
      if (batchSize !== 0) return;
      const s = scans.get(key(topic, partition));
      if (s === undefined || s.done) return;
      lastProgress = Date.now();
      advance(s, BigInt(lastOffset) + 1n);
    });
    await consumer.subscribe({ topics: [...new Set(ranges.map((r) => r.topic))], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch }) => {
        const s = scans.get(key(batch.topic, batch.partition));
        if (s === undefined || s.done) return;
        lastProgress = Date.now();
        const messages = batch.messages;
        // Offsets compare as doubles where that is exact (always, in practice: below 2^53).
        const exact = s.range.end < MAX_EXACT;
        const nextNum = Number(s.next);
        const endNum = Number(s.range.end);
        let last: string | null = null;
        for (let i = 0; i < messages.length; i++) {
          const m = messages[i]!;
          const os = m.offset;
          let o = Number.NaN;
          if (exact && os.length < 16) {
            o = +os;
            if (o < nextNum) continue;
            if (o >= endNum) break;
          } else {
            const big = BigInt(os);
            if (big < s.next) continue;
            if (big >= s.range.end) break;
          }
          let b = s.builder ?? (s.builder = newBuilder(s));
          if (b.full) {
            s.slices.push(b.seal());
            s.next = BigInt(os); // everything before this record is in the sealed slices
            b = s.builder = newBuilder(s);
          }
          b.append(m, o);
          last = os;
        }
        s.builder?.endFetch();
        let next = last === null ? s.next : BigInt(last) + 1n;
        // Control records and compaction gaps after the last record still count as read.
        const after = BigInt(batch.lastOffset()) + 1n;
        if (messages.length > 0 && after > next) next = after;
        advance(s, next);
      },
    });
    await finished;
  } finally {
    clearInterval(watchdog);
    await consumer.disconnect().catch(() => undefined);
  }
  return all.map((s) => {
    if (s.builder !== null && s.builder.numRows > 0) s.slices.push(s.builder.seal());
    s.builder = null;
    return s.slices;
  });
}
