import { randomUUID } from "node:crypto";
import type { Admin, Kafka } from "kafkajs";
import { ConnectorError } from "../../common/errors.js";
import type { Batch } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import type { OffsetJson, ReadLimit, StreamSource } from "../../streaming/source.js";
import { connectOrExplain, kafkaClient } from "./client.js";
import { kafkaRecordsToBatch, kafkaSchema } from "./kafka-batch.js";
import { offsetsFromJson, offsetsToJson, rateLimit, type PartitionOffsetMap } from "./kafka-offsets.js";
import type { KafkaSourceOptions } from "./kafka-options.js";
import { PartitionFetcher } from "./partition-fetcher.js";

/** Low and high watermarks of every partition of the subscribed topics. */
interface TopicRanges {
  readonly low: PartitionOffsetMap;
  readonly high: PartitionOffsetMap;
}

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

  /** The topics the subscription names now (a pattern is matched against the broker's topics). */
  private async topics(admin: Admin): Promise<string[]> {
    const sub = this.options.subscription;
    const existing = await admin.listTopics();
    if (sub.kind === "subscribePattern") return existing.filter((t) => sub.pattern.test(t)).sort();
    const named = sub.kind === "subscribe" ? [...sub.topics] : [...sub.partitions.keys()];
    const missing = named.filter((t) => !existing.includes(t));
    if (missing.length > 0) {
      throw new ConnectorError(`topic(s) ${missing.join(", ")} do not exist on the Kafka broker(s) ${this.options.servers}`, {
        context: { topic: missing.join(",") },
        hint: `create them (\`kindling topics create ${missing[0]}\`) or check the name; existing topics: ${existing.filter((t) => !t.startsWith("__")).sort().join(", ") || "none"}`,
      });
    }
    return named;
  }

  /**
   * The partitions' offset ranges. A failure to reach the broker becomes a retriable
   * ConnectorError (the driver waits and tries again) and drops the admin client, so the next try
   * connects afresh to a broker that came back.
   */
  private async ranges(): Promise<TopicRanges> {
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

  private async fetchRanges(): Promise<TopicRanges> {
    const admin = await this.connectedAdmin();
    const low: PartitionOffsetMap = new Map();
    const high: PartitionOffsetMap = new Map();
    const sub = this.options.subscription;
    for (const topic of await this.topics(admin)) {
      const assigned = sub.kind === "assign" ? sub.partitions.get(topic) : undefined;
      const lows = new Map<number, bigint>();
      const highs = new Map<number, bigint>();
      for (const p of await admin.fetchTopicOffsets(topic)) {
        if (assigned !== undefined && !assigned.includes(p.partition)) continue;
        lows.set(p.partition, BigInt(p.low));
        highs.set(p.partition, BigInt(p.high));
      }
      low.set(topic, lows);
      high.set(topic, highs);
    }
    return { low, high };
  }

  /** Where the query starts when it has no checkpoint: startingOffsets resolved against the broker. */
  private async initialOffsets(r: TopicRanges): Promise<PartitionOffsetMap> {
    if (this.initial !== null) return this.initial;
    const start = this.options.startingOffsets;
    const out: PartitionOffsetMap = new Map();
    for (const [topic, highs] of r.high) {
      const m = new Map<number, bigint>();
      for (const [p, high] of highs) {
        const low = r.low.get(topic)!.get(p)!;
        if (start === "earliest") m.set(p, low);
        else if (start === "latest") m.set(p, high);
        else {
          const given = start.get(topic)?.get(p);
          if (given === undefined) {
            throw new ConnectorError(`startingOffsets does not give an offset for ${topic}-${p}`, { context: { topic, partition: p }, hint: "name every partition of the topic, using -2 for earliest and -1 for latest" });
          }
          m.set(p, given === -2n ? low : given === -1n ? high : given);
        }
      }
      out.set(topic, m);
    }
    this.initial = out;
    return out;
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
    if (this.options.maxOffsetsPerTrigger !== null && !limit.all) until = rateLimit(this.options.maxOffsetsPerTrigger, from, until);
    return offsetsToJson(until);
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
        const messages = await fetcher.read(topic, p, begin, stop);
        batches.push(kafkaRecordsToBatch(topic, p, messages, this.schema, this.options.includeHeaders));
      }
    }
    return batches;
  }

  private async startedFetcher(from: PartitionOffsetMap): Promise<PartitionFetcher> {
    if (this.fetcher === null) {
      const topics = [...from.keys()];
      this.fetcher = new PartitionFetcher(this.kafka, this.options.servers, `${this.options.groupIdPrefix}-${randomUUID()}`, topics);
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

/** kafkajs settings from Spark-style `kafka.*` options: SASL and SSL, passed through. */
function clientOverrides(o: Readonly<Record<string, string>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (o["client.id"] !== undefined) out["clientId"] = o["client.id"];
  const protocol = o["security.protocol"]?.toUpperCase();
  if (protocol === "SSL" || protocol === "SASL_SSL") out["ssl"] = true;
  const mechanism = o["sasl.mechanism"]?.toLowerCase();
  const jaas = o["sasl.jaas.config"];
  if (mechanism !== undefined && jaas !== undefined) {
    const user = /username="([^"]*)"/.exec(jaas)?.[1];
    const pass = /password="([^"]*)"/.exec(jaas)?.[1];
    if (user !== undefined && pass !== undefined) out["sasl"] = { mechanism, username: user, password: pass };
  }
  return out;
}
