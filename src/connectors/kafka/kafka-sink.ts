import { CompressionTypes, Partitioners, type Producer } from "kafkajs";
import { AnalysisError } from "../../common/errors.js";
import { getValue, type Batch } from "../../physical/vector.js";
import type { StructType } from "../../types/data-types.js";
import type { StreamSink } from "../../streaming/source.js";
import { connectOrExplain, kafkaClient } from "./client.js";

/**
 * `writeStream.format("kafka")`: each output row becomes a record — `value` (required), `key`,
 * `topic` (or the `topic` option, which wins), `partition` — strings or bytes, as Spark's
 * KafkaWriter takes them. Sent by an idempotent producer and acknowledged before the batch
 * commits: at-least-once, like Spark; a committed batch is never sent again.
 */
export class KafkaSink implements StreamSink {
  readonly description: string;
  private producer: Producer | null = null;
  private readonly servers: string;
  private readonly topicOption: string | null;

  constructor(options: Readonly<Record<string, string>>, schema: StructType) {
    const servers = options["kafka.bootstrap.servers"];
    if (servers === undefined) throw new AnalysisError("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer", { hint: '.option("kafka.bootstrap.servers", "127.0.0.1:9092")' });
    this.servers = servers;
    this.topicOption = options["topic"] ?? null;
    const names = schema.fields.map((f) => f.name.toLowerCase());
    // Spark: KafkaWriter.validateQuery.
    if (!names.includes("value")) throw new AnalysisError("Required attribute 'value' not found", { hint: 'select a column named value, e.g. F.col("count").cast("string").alias("value")' });
    if (this.topicOption === null && !names.includes("topic")) {
      throw new AnalysisError("topic option required when no 'topic' attribute is present. Use the topic option for setting a topic.", { hint: '.option("topic", "vendor_counts_windowed")' });
    }
    for (const f of schema.fields) {
      const n = f.name.toLowerCase();
      if ((n === "value" || n === "key") && f.dataType.kind !== "string" && f.dataType.kind !== "binary") {
        throw new AnalysisError(`${n} attribute type must be a string or binary`, { hint: `cast it: F.col("${f.name}").cast("string")` });
      }
    }
    this.description = `KafkaTable[${this.topicOption ?? "topic column"}]`;
  }

  async addBatch(_batchId: number, batches: readonly Batch[], schema: StructType): Promise<void> {
    const idx = (name: string): number => schema.fields.findIndex((f) => f.name.toLowerCase() === name);
    const [vi, ki, ti, pi] = [idx("value"), idx("key"), idx("topic"), idx("partition")];
    const byTopic = new Map<string, Array<{ key: Buffer | null; value: Buffer | null; partition?: number }>>();
    for (const b of batches) {
      for (let i = 0; i < b.numRows; i++) {
        const topic = this.topicOption ?? (getValue(b.columns[ti]!, i) as string | null);
        if (topic === null) throw new AnalysisError("Null topic present in the data. Use the topic option for setting a default topic.");
        const record = {
          key: ki < 0 ? null : bytes(getValue(b.columns[ki]!, i)),
          value: bytes(getValue(b.columns[vi]!, i)),
          ...(pi < 0 || getValue(b.columns[pi]!, i) === null ? {} : { partition: getValue(b.columns[pi]!, i) as number }),
        };
        let list = byTopic.get(topic);
        if (list === undefined) byTopic.set(topic, (list = []));
        list.push(record);
      }
    }
    if (byTopic.size === 0) return;
    const producer = await this.connected();
    // One request per chunk of at most MAX_REQUEST_BYTES: kafkajs puts a partition's records of a
    // request into one record batch, and the broker refuses a batch over message.max.bytes (1 MiB
    // by default), which a busy micro-batch passes easily. Chunks go one after another, in order.
    for (const chunk of requestChunks(byTopic)) {
      await producer.sendBatch({ compression: CompressionTypes.None, topicMessages: chunk });
    }
  }

  private async connected(): Promise<Producer> {
    if (this.producer === null) {
      const producer = kafkaClient(this.servers).producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
      await connectOrExplain(() => producer.connect(), this.servers);
      this.producer = producer;
    }
    return this.producer;
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }
}

function bytes(v: unknown): Buffer | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "string") return Buffer.from(v, "utf8");
  return Buffer.from(v as Uint8Array);
}

/** Bytes of records per produce request: under the broker's default message.max.bytes (1 MiB) with room for headers. */
const MAX_REQUEST_BYTES = 768 * 1024;
/** Kafka's per-record overhead in a v2 record batch is at most ~20 bytes; rounded up. */
const RECORD_OVERHEAD_BYTES = 32;

type OutRecord = { key: Buffer | null; value: Buffer | null; partition?: number };

/** Splits the records, in order, into requests whose records add up to at most MAX_REQUEST_BYTES (a bigger record goes alone). */
export function requestChunks(byTopic: ReadonlyMap<string, readonly OutRecord[]>): Array<Array<{ topic: string; messages: OutRecord[] }>> {
  const chunks: Array<Array<{ topic: string; messages: OutRecord[] }>> = [];
  let current: Array<{ topic: string; messages: OutRecord[] }> = [];
  let size = 0;
  for (const [topic, records] of byTopic) {
    let messages: OutRecord[] = [];
    for (const r of records) {
      const n = (r.key?.length ?? 0) + (r.value?.length ?? 0) + RECORD_OVERHEAD_BYTES;
      if (size + n > MAX_REQUEST_BYTES && size > 0) {
        if (messages.length > 0) current.push({ topic, messages });
        chunks.push(current);
        current = [];
        messages = [];
        size = 0;
      }
      messages.push(r);
      size += n;
    }
    if (messages.length > 0) current.push({ topic, messages });
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
