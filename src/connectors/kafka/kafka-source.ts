import { randomUUID } from "node:crypto";
import { join } from "node:path";
import type { Admin, Kafka } from "kafkajs";
import { ConnectorError } from "../../common/errors.js";
import type { Batch } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import type { OffsetJson, ReadLimit, StreamSource } from "../../streaming/source.js";
import { connectOrExplain, kafkaClient } from "./client.js";
import { clientOverrides } from "./topic-ranges.js";
import { kafkaSchema } from "./kafka-batch.js";
import { kafkaMessagesToBatches } from "./kafka-messages-batch.js";
import { offsetsFromJson, offsetsToJson, rateLimit, type PartitionOffsetMap } from "./kafka-offsets.js";
import type { KafkaSourceOptions } from "./kafka-options.js";
import { readInitialOffsets, writeInitialOffsets } from "./initial-offsets-file.js";
import { resolveRangeLimit, type PartitionBounds } from "./kafka-range-limit.js";
import { topicRanges } from "./topic-ranges.js";
import { PartitionFetcher } from "./partition-fetcher.js";

/**
 * `readStream.format("kafka")`: Spark's KafkaMicroBatchStream over kafkajs. Offsets are Spark's
 * JSON (`{"topic":{"0":42}}`) and live in the query's checkpoint, never in a consumer group; each
 * batch reads exactly [start, end) of every partition, so a re-run batch reads the same records.
 */
export class KafkaSource implements StreamSource {
  readonly schema: StructType;
  readonly description: string;
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private fetcher: PartitionFetcher | null = null;
  private initial: PartitionOffsetMap | null = null;
  private availableNowEnd: PartitionOffsetMap | null = null;
  private initialOffsetFile: string | null = null;
  /** When the last batch was let through, for minOffsetsPerTrigger / maxTriggerDelay (Spark starts at 0: the first batch never waits). */
  private lastTriggerMs = 0;

  constructor(private readonly options: KafkaSourceOptions) {
    this.schema = kafkaSchema(options.includeHeaders);
    const sub = options.subscription;
    this.description =
      sub.kind === "subscribe" ? `KafkaV2[Subscribe[${sub.topics.join(",")}]]` : sub.kind === "subscribePattern" ? `KafkaV2[SubscribePattern[${sub.pattern.source}]]` : `KafkaV2[Assign[${[...sub.partitions].map(([t, ps]) => ps.map((p) => `${t}-${p}`).join(", ")).join(", ")}]]`;
    this.kafka = kafkaClient(options.servers, clientOverrides(options.clientOptions));
  }

  private async connectedAdmin(): Promise<Admin> {
    if (this.admin === null) {
      const admin = this.kafka.admin();
      await connectOrExplain(() => admin.connect(), this.options.servers);
      this.admin = admin;
    }
    return this.admin;
  }

  /**
   * The partitions' offset ranges. A failure to reach the broker becomes a retriable
   * ConnectorError (the driver waits and tries again) and drops the admin client, so the next try
   * connects afresh to a broker that came back.
   */
  private async ranges(): Promise<PartitionBounds> {
    try {
      return await this.fetchRanges();
    } catch (error) {
      if (error instanceof ConnectorError && !error.retriable) throw error;
      await this.admin?.disconnect().catch(() => undefined);
      this.admin = null;
      if (error instanceof ConnectorError) throw error;
      throw new ConnectorError(`cannot read the offsets of ${this.description} from ${this.options.servers}: ${(error as Error).message}`, {
        cause: error,
        retriable: true,
        context: { servers: this.options.servers },
        hint: "the query waits and retries; check the broker with `kindling stack status`",
      });
    }
  }

  private async fetchRanges(): Promise<PartitionBounds> {
    return topicRanges(await this.connectedAdmin(), this.options);
  }

  /**
   * Where the query starts when it has no checkpoint: the starting offsets resolved against the
   * broker once, and written to the checkpoint's `sources/<i>/0` as Spark's
   * KafkaSourceInitialOffsetWriter does, so a query restarted before its first batch committed
   * still starts where it first decided to ("latest" must not move on a restart).
   */
  private async initialOffsets(r: PartitionBounds): Promise<PartitionOffsetMap> {
    if (this.initial !== null) return this.initial;
    const stored = this.initialOffsetFile === null ? null : readInitialOffsets(this.initialOffsetFile);
    if (stored !== null) {
      this.initial = offsetsFromJson(stored);
      return this.initial;
    }
    const o = this.options;
    const resolved = await resolveRangeLimit(await this.connectedAdmin(), o.startingOffsets, r, true, o.startingOffsetsByTimestampStrategy);
    if (this.initialOffsetFile !== null) writeInitialOffsets(this.initialOffsetFile, offsetsToJson(resolved));
    this.initial = resolved;
    return resolved;
  }

  /** The checkpoint folder of this source (`<checkpoint>/sources/<i>`), where its initial offsets are kept. */
  attachCheckpoint(sourceDir: string): void {
    this.initialOffsetFile = join(sourceDir, "0");
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.availableNowEnd = (await this.ranges()).high;
  }

  async latestOffset(start: OffsetJson | null, limit: ReadLimit): Promise<OffsetJson> {
    const r = await this.ranges();
    const from = start === null ? await this.initialOffsets(r) : offsetsFromJson(start);
    let until: PartitionOffsetMap = new Map();
    const cap = this.availableNowEnd ?? r.high;
    for (const [topic, highs] of r.high) {
      const m = new Map<number, bigint>();
      for (const [p, high] of highs) {
        const begin = from.get(topic)?.get(p) ?? r.low.get(topic)!.get(p)!; // a new partition starts at its beginning
        const stop = cap.get(topic)?.get(p) ?? high;
        m.set(p, stop > begin ? stop : begin);
      }
      until.set(topic, m);
    }
    if (!limit.all && this.availableNowEnd === null) {
      // KafkaMicroBatchStream.latestOffset: a batch with fewer than minOffsetsPerTrigger new
      // offsets waits (returns its start) until maxTriggerDelay has passed since the last batch.
      if (this.options.minOffsetsPerTrigger !== null && this.delayBatch(this.options.minOffsetsPerTrigger, from, until)) return offsetsToJson(from);
    }
    if (this.options.maxOffsetsPerTrigger !== null && !limit.all) until = rateLimit(this.options.maxOffsetsPerTrigger, from, until);
    return offsetsToJson(until);
  }

  private delayBatch(minRows: number, from: PartitionOffsetMap, until: PartitionOffsetMap): boolean {
    const now = Date.now();
    if (now - this.lastTriggerMs >= this.options.maxTriggerDelayMs) {
      this.lastTriggerMs = now;
      return false;
    }
    let newRecords = 0;
    for (const [t, parts] of until) for (const [p, end] of parts) newRecords += Number(end - (from.get(t)?.get(p) ?? 0n));
    if (newRecords < minRows) return true;
    this.lastTriggerMs = now;
    return false;
  }

  async getBatch(start: OffsetJson | null, end: OffsetJson): Promise<Batch[]> {
    const r = await this.ranges();
    const from = start === null ? await this.initialOffsets(r) : offsetsFromJson(start);
    const to = offsetsFromJson(end);
    const fetcher = await this.startedFetcher(from);
    const batches: Batch[] = [];
    for (const [topic, parts] of to) {
      for (const [p, stop] of parts) {
        let begin = from.get(topic)?.get(p) ?? 0n;
        const low = r.low.get(topic)?.get(p) ?? 0n;
        if (begin < low) {
          if (this.options.failOnDataLoss) {
            throw new ConnectorError(
              `Some data may have been lost because they are not available in Kafka any more; either the data was aged out by Kafka or the topic may have been deleted before all the data in the topic was processed. If you don't want your streaming query to fail on such cases, set the source option "failOnDataLoss" to "false". (${topic}-${p}: wanted offset ${begin}, earliest available ${low})`,
              { context: { topic, partition: p, offset: Number(begin) }, hint: 'set .option("failOnDataLoss", "false") to skip the lost offsets' },
            );
          }
          begin = low;
        }
        if (stop <= begin) continue;
        let messages;
        try {
          messages = await fetcher.read(topic, p, begin, stop);
        } catch (error) {
          // A consumer that kafkajs gave up on (a crash it will not restart, e.g. while the broker
          // was away) or that stopped getting records stays that way: drop it, so the driver's
          // retry starts a fresh one at `from` (records are re-read by offset, none lost or doubled).
          this.fetcher = null;
          await fetcher.stop();
          throw error;
        }
        batches.push(...kafkaMessagesToBatches(topic, p, messages, this.schema, this.options.includeHeaders));
      }
    }
    return batches;
  }

  private async startedFetcher(from: PartitionOffsetMap): Promise<PartitionFetcher> {
    if (this.fetcher === null) {
      const topics = [...from.keys()];
      this.fetcher = new PartitionFetcher(this.kafka, this.options.servers, `${this.options.groupIdPrefix}-${randomUUID()}`, topics, { readUncommitted: !this.options.readCommitted });
      await this.fetcher.start(from);
    }
    return this.fetcher;
  }

  async commit(): Promise<void> {}

  async stop(): Promise<void> {
    await this.fetcher?.stop();
    await this.admin?.disconnect().catch(() => undefined);
    this.fetcher = null;
    this.admin = null;
  }
}

