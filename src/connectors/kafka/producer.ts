import { Partitioners, CompressionTypes, type Producer } from "kafkajs";
import { connectOrExplain, kafkaClient } from "./client.js";

/** One record to send: key and value as text or bytes (null for none). */
export interface OutgoingRecord {
  readonly key: string | Buffer | null;
  readonly value: string | Buffer | null;
}

export interface ProduceOptions {
  readonly servers: string;
  readonly topic: string;
  /** Records per second at most (unlimited when absent). */
  readonly ratePerSecond?: number;
  /** Records per request. */
  readonly batchSize?: number;
  readonly compression?: "none" | "gzip";
  /** Called after every sent batch with the running total. */
  readonly onProgress?: (sent: number) => void;
  /** Stops early (e.g. on Ctrl-C) after the batch in flight. */
  readonly signal?: AbortSignal;
}

export interface ProduceSummary {
  readonly records: number;
  readonly seconds: number;
}

/**
 * Sends records to a topic with an idempotent producer, in batches, optionally paced to a rate.
 * Pacing waits until the next batch is due, measured from the start, so a slow batch is caught up.
 */
export async function produceRecords(records: Iterable<OutgoingRecord> | AsyncIterable<OutgoingRecord>, options: ProduceOptions): Promise<ProduceSummary> {
  const kafka = kafkaClient(options.servers);
  const producer: Producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true, maxInFlightRequests: 1 });
  await connectOrExplain(() => producer.connect(), options.servers);
  const rate = options.ratePerSecond;
  const batchSize = options.batchSize ?? (rate === undefined ? 1000 : Math.max(1, Math.min(1000, Math.floor(rate / 10))));
  const compression = options.compression === "gzip" ? CompressionTypes.GZIP : CompressionTypes.None;
  const started = performance.now();
  let sent = 0;
  try {
    let batch: OutgoingRecord[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      if (rate !== undefined) {
        const dueMs = ((sent + batch.length) / rate) * 1000;
        const waitMs = dueMs - (performance.now() - started);
        if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
      }
      await producer.send({ topic: options.topic, compression, messages: batch });
      sent += batch.length;
      batch = [];
      options.onProgress?.(sent);
    };
    for await (const record of records) {
      if (options.signal?.aborted === true) break;
      batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    await producer.disconnect();
  }
  return { records: sent, seconds: (performance.now() - started) / 1000 };
}
