import type { Consumer, Kafka, KafkaMessage } from "kafkajs";
import { ConnectorError } from "../../common/errors.js";
import { connectOrExplain } from "./client.js";

interface PartitionBuffer {
  /** The next offset the source wants from this partition. */
  wanted: bigint;
  /** Fetched records at or after `wanted`, in offset order. */
  records: KafkaMessage[];
  /** The offset after the last one fetched (records skipped as control records count as fetched). */
  fetchedUpTo: bigint;
  paused: boolean;
  waiters: Array<() => void>;
  /**
   * Records a read under way still needs (its range's end minus what is buffered), or 0: the
   * buffer may hold that many beyond the usual limit, so a micro-batch's range (bounded by
   * maxOffsetsPerTrigger) is fetched in one run instead of pausing and resuming the partition
   * every `maxBufferedPerPartition` records (each pause drops kafkajs's in-flight fetch).
   */
  owed: number;
}

const key = (topic: string, partition: number): string => `${topic}\u0000${partition}`;

/** The index of the first message at or after `offset` in messages sorted by offset (binary search). */
function firstAtOrAfter(messages: readonly KafkaMessage[], offset: bigint): number {
  let lo = 0;
  let hi = messages.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (BigInt(messages[mid]!.offset) < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Reads exact offset ranges of Kafka partitions for a micro-batch source, over one long-lived
 * kafkajs consumer (in a group of its own, never committing). Fetched records wait in a bounded
 * buffer per partition; a partition whose buffer is full is paused until the source takes its
 * records, so memory stays bounded whatever the topic's size (backpressure, not buffering).
 */
export class PartitionFetcher {
  private readonly consumer: Consumer;
  private readonly buffers = new Map<string, PartitionBuffer>();
  private running = false;
  private failure: Error | null = null;
  private joined!: Promise<void>;

  constructor(
    kafka: Kafka,
    private readonly servers: string,
    groupId: string,
    private readonly topics: readonly string[],
    options: { readonly readUncommitted?: boolean } = {},
    private readonly maxBufferedPerPartition = 20_000,
  ) {
    // readUncommitted: Spark's consumers use Kafka's default isolation (read_uncommitted), so
    // records of aborted transactions are read too; kafkajs defaults to read_committed.
    this.consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, sessionTimeout: 30_000, rebalanceTimeout: 30_000, maxWaitTimeInMs: 100, readUncommitted: options.readUncommitted ?? true });
  }

  /** Connects and joins the group; `positions` are where each partition starts. */
  async start(positions: ReadonlyMap<string, ReadonlyMap<number, bigint>>): Promise<void> {
    for (const [topic, parts] of positions) for (const [p, o] of parts) this.bufferFor(topic, p, o);
    await connectOrExplain(() => this.consumer.connect(), this.servers);
    this.joined = new Promise((resolve) => {
      this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
        // Start every assigned partition where the source wants it, not where the group would.
        for (const [topic, partitions] of Object.entries(event.payload.memberAssignment)) {
          for (const p of partitions) {
            const buf = this.bufferFor(topic, p, 0n);
            this.consumer.seek({ topic, partition: p, offset: String(buf.fetchedUpTo) });
          }
        }
        resolve();
      });
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      // kafkajs restarts the consumer itself after a retriable crash (a broker that went away):
      // the group is rejoined and GROUP_JOIN seeks every partition back to what we still need.
      if (event.payload.restart) return;
      this.failure = event.payload.error;
      for (const buf of this.buffers.values()) this.wake(buf);
    });
    this.consumer.on(this.consumer.events.END_BATCH_PROCESS, (event) => {
      // A fetched batch of only control records (a transaction's commit or abort marker) never
      // reaches eachBatch, yet its offsets are part of the range: count them as fetched, or a
      // range ending on a marker would wait forever.
      const { topic, partition, batchSize, lastOffset } = event.payload;
      if (batchSize !== 0) return;
      const buf = this.buffers.get(key(topic, partition));
      const next = BigInt(lastOffset) + 1n;
      if (buf !== undefined && next > buf.fetchedUpTo) {
        buf.fetchedUpTo = next;
        this.wake(buf);
      }
    });
    await this.consumer.subscribe({ topics: [...this.topics], fromBeginning: true });
    this.running = true;
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch }) => {
        const buf = this.bufferFor(batch.topic, batch.partition, 0n);
        // A fetched batch is in offset order: skip what we already had (a re-fetch after a seek),
        // keep the rest, parsing only the offsets that decide (a BigInt per record was ~4 per
        // record with the reads below, on the main thread, for millions of records).
        const msgs = batch.messages;
        const from = firstAtOrAfter(msgs, buf.fetchedUpTo);
        for (let i = from; i < msgs.length; i++) buf.records.push(msgs[i]!);
        if (from < msgs.length) buf.fetchedUpTo = BigInt(msgs[msgs.length - 1]!.offset) + 1n;
        const last = BigInt(batch.lastOffset()) + 1n;
        if (last > buf.fetchedUpTo && batch.messages.length > 0) buf.fetchedUpTo = last;
        if (buf.records.length >= this.maxBufferedPerPartition + buf.owed && !buf.paused) {
          buf.paused = true;
          this.consumer.pause([{ topic: batch.topic, partitions: [batch.partition] }]);
        }
        this.wake(buf);
      },
    });
  }

  /**
   * The records of [start, end) of one partition, waiting for them to be fetched (at most
   * `timeoutMs`). Asking for an offset before what is buffered seeks back (a batch re-run after a
   * restart); what the next batch will want stays buffered.
   */
  async read(topic: string, partition: number, start: bigint, end: bigint, timeoutMs = 120_000): Promise<KafkaMessage[]> {
    if (end <= start) return [];
    await this.joined;
    const buf = this.bufferFor(topic, partition, start);
    const firstBuffered = buf.records.length > 0 ? BigInt(buf.records[0]!.offset) : buf.fetchedUpTo;
    if (start < buf.wanted || start < firstBuffered || start > buf.fetchedUpTo) {
      buf.records = [];
      buf.fetchedUpTo = start;
      this.consumer.seek({ topic, partition, offset: String(start) });
      this.resume(topic, partition, buf);
    }
    buf.wanted = start;
    buf.owed = Number(end - start);
    this.resume(topic, partition, buf);
    try {
      const deadline = Date.now() + timeoutMs;
      while (buf.fetchedUpTo < end) {
        if (this.failure !== null) throw new ConnectorError(`reading ${topic}-${partition} failed: ${this.failure.message}`, { cause: this.failure, context: { topic, partition, offset: Number(buf.fetchedUpTo) }, retriable: true });
        if (buf.paused && buf.records.length >= this.maxBufferedPerPartition) {
          // The buffer holds the start of the range: hand out what is there by growing the limit.
          this.resume(topic, partition, buf);
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new ConnectorError(`timed out after ${timeoutMs / 1000} s waiting for ${topic}-${partition} offsets ${buf.fetchedUpTo}..${end - 1n} from ${this.servers}`, {
            context: { topic, partition, offset: Number(buf.fetchedUpTo) },
            retriable: true,
            hint: "check that the broker is up (`kindling stack status`) and that the offsets still exist",
          });
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(left, 1000));
          buf.waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    } finally {
      buf.owed = 0;
    }
    const cut = firstAtOrAfter(buf.records, end);
    const taken = buf.records.slice(firstAtOrAfter(buf.records, start), cut);
    buf.records = buf.records.slice(cut);
    buf.wanted = end;
    if (buf.paused && buf.records.length < this.maxBufferedPerPartition / 2) this.resume(topic, partition, buf);
    return taken;
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.consumer.disconnect().catch(() => undefined);
  }

  private bufferFor(topic: string, partition: number, initial: bigint): PartitionBuffer {
    let buf = this.buffers.get(key(topic, partition));
    if (buf === undefined) {
      buf = { wanted: initial, records: [], fetchedUpTo: initial, paused: false, waiters: [], owed: 0 };
      this.buffers.set(key(topic, partition), buf);
    }
    return buf;
  }

  private resume(topic: string, partition: number, buf: PartitionBuffer): void {
    if (!buf.paused) return;
    buf.paused = false;
    this.consumer.resume([{ topic, partitions: [partition] }]);
  }

  private wake(buf: PartitionBuffer): void {
    const waiters = buf.waiters;
    buf.waiters = [];
    for (const w of waiters) w();
  }
}
